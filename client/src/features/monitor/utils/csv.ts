// CSV of what a chart or table shows, made in the browser and downloaded as a file: RFC 4180, comma separated.

export type CsvValue = string | number | null;

/** Quoted when needed; text starting with = + - @ is neutralised so a spreadsheet never runs it as a formula. */
function cell(value: CsvValue): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return `${[header, ...rows].map((row) => row.map(cell).join(",")).join("\r\n")}\r\n`;
}

/** Hands the text to the browser as a download named filename. */
export function downloadCsv(filename: string, csv: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once it started; the URL is not needed after this turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
