/**
 * The report's stylesheet, inline in the page (no external requests). Colour is never the only
 * signal: statuses and severities carry a word and a symbol, and their borders differ in style
 * (solid, dashed, dotted), so the page reads in grey and in print. `@media print` drops the
 * backgrounds and keeps tables and figures from splitting across pages.
 */
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --soft: #f6f8fa;
  --risk: #a40e26; --attention: #7d4e00; --advice: #0a4f8a; --good: #116329; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1120px; padding: 24px 28px 48px; color: var(--ink); background: #fff;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
h1 { font-size: 1.7em; margin: 0 0 4px; }
h2 { font-size: 1.3em; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.08em; margin: 22px 0 8px; }
h4 { font-size: 1em; margin: 18px 0 6px; }
p, ul, ol { margin: 6px 0 10px; }
code { font: 0.88em/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--soft); padding: 1px 4px; border-radius: 3px; word-break: break-word; }
a { color: #0b4f9c; }
.lead { color: var(--muted); margin: 0 0 12px; }
.headline { display: flex; flex-wrap: wrap; gap: 8px 22px; padding: 10px 14px; border: 1px solid var(--line); border-left: 6px solid var(--ink); background: var(--soft); }
.headline strong { font-size: 1.05em; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 14px; font-size: 0.93em; }
th, td { border: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.status { display: inline-block; padding: 0 7px; border-radius: 4px; border: 2px solid; font-weight: 600; white-space: nowrap; }
.status-good { color: var(--good); border-style: solid; }
.status-advice { color: var(--advice); border-style: dotted; }
.status-attention { color: var(--attention); border-style: dashed; }
.status-risk { color: #fff; background: var(--risk); border-color: var(--risk); border-style: double; border-width: 3px; }
.sev { display: inline-block; min-width: 4.6em; text-align: center; font-size: 0.8em; font-weight: 700; text-transform: uppercase; letter-spacing: 0.04em; padding: 0 5px; border: 2px solid; border-radius: 3px; }
.sev-error { color: #fff; background: var(--risk); border-color: var(--risk); }
.sev-warning { color: var(--attention); border-style: dashed; }
.sev-info { color: var(--advice); border-style: dotted; }
.effort-high { font-weight: 700; text-decoration: underline; }
.effort-medium { font-weight: 600; }
.over { font-weight: 700; color: var(--risk); }
.rule { border: 1px solid var(--line); border-radius: 6px; padding: 4px 14px 8px; margin: 10px 0; break-inside: avoid; }
.rule dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 6px 0; }
.rule dt { font-weight: 600; color: var(--muted); }
.rule dd { margin: 0; }
.instances { padding-left: 20px; font-size: 0.93em; }
figure { margin: 10px 0 16px; border: 1px solid var(--line); padding: 8px; overflow-x: auto; break-inside: avoid; }
figure svg { max-width: 100%; height: auto; display: block; margin: 0 auto; }
/* The architecture is wider than the text column: on screen it takes the window's width (scaled down to
   fit it, scrolling only below 900px), so that names stay legible; on paper it fits the page. */
figure.architecture { width: calc(100vw - 48px); margin-left: calc(50% - 50vw + 24px); box-sizing: border-box; }
figure.architecture svg { min-width: 900px; }
figcaption { color: var(--muted); font-size: 0.88em; margin-top: 6px; }
ul.checklist { list-style: none; padding-left: 0; }
ul.checklist li { margin: 8px 0; padding-left: 2em; text-indent: -2em; }
.box { display: inline-block; width: 1.5em; text-indent: 0; font-weight: 700; }
.muted { color: var(--muted); }
footer { margin-top: 36px; border-top: 1px solid var(--line); padding-top: 8px; color: var(--muted); font-size: 0.88em; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h2 { break-after: avoid; }
  h3, h4 { break-after: avoid; }
  tr, .rule, figure, .headline { break-inside: avoid; }
  .headline, th, code { background: none; }
  a { color: inherit; text-decoration: none; }
  a[href^="http"]::after { content: " <" attr(href) ">"; font-size: 0.85em; color: var(--muted); word-break: break-all; }
  figure { border: none; overflow: visible; }
  figure.architecture { width: auto; margin-left: 0; }
  figure.architecture svg { min-width: 0; }
}
`
