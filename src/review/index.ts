/** The review's library surface (for src/index.ts to re-export): the model, the run, the renderers. */
export { buildReview, type ReviewInput } from './model.js'
export { runReview, type ReviewRun, type ReviewRunOptions } from './run.js'
export { reviewToMarkdown } from './render/markdown.js'
export { reviewToHtml } from './render/html.js'
export { CHECKLIST } from './checklist.js'
export { SERVICE_TABLE } from './trade-offs.js'
export type * from './types.js'
