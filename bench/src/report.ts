/** A section's result: one or more tables plus notes, printed to the console and written to RESULTS.md. */
export interface Table {
  title: string;
  columns: string[];
  rows: string[][];
  notes?: string[];
}

export interface SectionResult {
  name: string;
  tables: Table[];
  notes: string[];
  /** Files (charts) written next to RESULTS.md when it is written, e.g. `webhook-rate.svg`. */
  files?: { name: string; content: string }[];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function ms(value: number): string {
  return Number.isFinite(value) ? `${Math.round(value)} ms` : 'n/a';
}

export function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

export function ratio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a';
}

export function verdict(pass: boolean): string {
  return pass ? 'pass' : '**miss**';
}

export function renderMarkdown(table: Table): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const lines = [`### ${table.title}`, '', line(table.columns), line(table.columns.map(() => '---'))];
  for (const row of table.rows) lines.push(line(row));
  for (const note of table.notes ?? []) lines.push('', note);
  return lines.join('\n');
}

/** Plain-text table for the console: columns padded, markdown emphasis dropped. */
export function renderText(table: Table): string {
  const plain = (cell: string) => cell.replaceAll('**', '');
  const all = [table.columns, ...table.rows].map((row) => row.map(plain));
  const widths = table.columns.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  const line = (row: readonly string[]) =>
    row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ');
  const out = [table.title, line(all[0] ?? []), widths.map((width) => '-'.repeat(width)).join('  ')];
  for (const row of all.slice(1)) out.push(line(row));
  for (const note of table.notes ?? []) out.push(plain(note));
  return out.join('\n');
}

/** The smoke run fails on this: a figure the harness should have produced is missing or not a number. */
export class HarnessError extends Error {
  override name = 'HarnessError';
}

export function requireFinite(label: string, value: number): number {
  if (!Number.isFinite(value)) throw new HarnessError(`${label}: expected a finite number, got ${value}`);
  return value;
}
