/**
 * RFC 4180 CSV. A cell that a spreadsheet would run as a formula (starting with =, +, -, @, tab or
 * carriage return) is prefixed with a quote, so buyer-supplied text stays inert in an export.
 */
export function toCsv(header: string[], rows: (string | undefined)[][]): string {
  const cell = (value: string | undefined): string => {
    let text = value ?? '';
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
