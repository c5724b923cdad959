/**
 * @module Plain-text layouts for human output: aligned key/value blocks and tables.
 */

/** A cell or value as text: objects as JSON, absent values as nothing. */
function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return value.toString();
  }
  return JSON.stringify(value) ?? '';
}

/** `key: value` lines with the values aligned; null and undefined values are skipped. */
export function keyValues(entries: readonly (readonly [string, unknown])[]): string {
  const shown = entries.filter(
    ([, value]) => value !== null && value !== undefined && value !== '',
  );
  const width = Math.max(0, ...shown.map(([key]) => key.length));
  return shown.map(([key, value]) => `${`${key}:`.padEnd(width + 2)}${text(value)}`).join('\n');
}

/** A left-aligned table with a header row. */
export function table(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const cells = rows.map((row) => row.map(text));
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...cells.map(line)].join('\n');
}

export const bytes = (size: number): string =>
  size < 1024
    ? `${size} B`
    : size < 1024 ** 2
      ? `${(size / 1024).toFixed(1)} KiB`
      : size < 1024 ** 3
        ? `${(size / 1024 ** 2).toFixed(1)} MiB`
        : `${(size / 1024 ** 3).toFixed(2)} GiB`;
