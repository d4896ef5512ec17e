const htmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside an HTML element or a quoted attribute: model names and reasons are user input. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => htmlEntities[c]!);
}

// A cell starting with one of these is run as a formula by spreadsheet programs (OWASP "CSV injection").
const formulaStart = /^[=+\-@\t\r]/;

/**
 * One RFC 4180 field: numbers as they are, text quoted when it holds a comma, quote or line break
 * (quotes doubled), and text that a spreadsheet would run as a formula prefixed with `'`.
 */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = typeof value === 'boolean' ? String(value) : formulaStart.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
