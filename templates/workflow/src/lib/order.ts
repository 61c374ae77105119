/** The order the workflow carries from state to state. Money is in integer cents: no floating-point rounding. */
export interface OrderLine {
  sku: string
  quantity: number
  unitPriceCents: number
}

export interface Order {
  orderId: string
  customerId: string
  currency: string
  lines: OrderLine[]
  amountCents: number
}

export interface RiskAssessment {
  requiresReview: boolean
  reasons: string[]
}

/** What an approver sends back through the task token (the RequestApproval state's result). */
export interface ApprovalDecision {
  approved: boolean
  approver: string
  comment?: string
}
