import type { Location } from '../template/positions.js'
import type { Template, TemplateResource } from '../template/template.js'

/** What a resource is, architecturally. The documented list is in docs/graph.md. */
export type NodeKind =
  | 'function' | 'api' | 'queue' | 'topic' | 'event-bus' | 'rule' | 'schedule' | 'state-machine'
  | 'table' | 'bucket' | 'stream' | 'delivery-stream' | 'log-group' | 'vpc' | 'subnet'
  | 'security-group' | 'route-table' | 'nat-gateway' | 'internet-gateway' | 'vpc-endpoint'
  | 'role' | 'policy' | 'permission' | 'event-source-mapping' | 'subscription' | 'secret'
  | 'parameter' | 'key' | 'database' | 'cache' | 'connector' | 'alarm' | 'other'

/** sync: the caller waits; async: fire and forget; poll: the Lambda service polls the source. */
export type EdgeMode = 'sync' | 'async' | 'poll'

/** Where in the template an edge comes from. */
export type EdgeVia =
  | 'event-source' | 'integration' | 'subscription' | 'target' | 'definition' | 'iam' | 'env'
  | 'connector' | 'code' | 'redrive' | 'dead-letter' | 'destination' | 'vpc' | 'route'

/** trigger: events flow and invoke; may-call: permitted or configured; failure: where failures go; network: VPC paths. */
export type EdgeKind = 'trigger' | 'may-call' | 'failure' | 'network'

export interface GraphNode {
  /** The logical id (qualified with `file#` when a graph spans several templates). */
  id: string
  logicalId: string
  type: string
  kind: NodeKind
  location: Location
  template: Template
  /** The template resource; absent for implicit resources SAM creates (e.g. `ServerlessHttpApi`). */
  resource?: TemplateResource
  /** For implicit resources: the logical id of the resource whose definition creates it. */
  createdBy?: string
}

export interface GraphEdge {
  from: string
  to: string
  mode: EdgeMode
  via: EdgeVia
  kind: EdgeKind
  location: Location
  /** The template condition the edge exists under. */
  condition?: string
  /** e.g. `POST /orders`, `rate(1 day)`, a state name. */
  label?: string
  /** IAM actions (may-call edges) or the API operation (code and definition edges). */
  actions?: string[]
  /** The SDK operation a code edge makes (`Invoke`, `SendMessage`), as the code names it. */
  operation?: string
}
