// Public API of @modelgate/reports: the report model and its JSON, CSV and HTML renderings (pure).
export { buildReport } from './build-report';
export type { ControlEvent, ReportInput, VariantTotals } from './report-input';
export { csvColumns, renderCsv } from './render-csv';
export { renderHtml } from './render-html';
export { csvField, escapeHtml } from './escape';
