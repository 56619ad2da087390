/**
 * CSV per RFC 4180: fields with a comma, quote, CR or LF are quoted and quotes
 * doubled; lines end with CRLF. Text that a spreadsheet would run as a formula
 * ('=', '+', '-', '@', tab, CR at the start) is prefixed with a quote character.
 */
export type CsvCell = string | number | null | undefined;

export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Neutralises spreadsheet formulas in free text (notes, names); numbers are left alone. */
export function safeText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function buildCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(csvField).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
