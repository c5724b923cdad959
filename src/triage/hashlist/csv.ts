/**
 * @module Minimal RFC 4180 CSV reader and writer that keeps the line number of every record,
 * so a malformed row can be reported where a person will find it in the file.
 */

/** One CSV record with the 1-based line number on which it starts. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** A record the reader could not finish (e.g. an unclosed quote). */
export interface CsvFault {
  line: number;
  reason: string;
}

/**
 * Split text into records. RFC 4180 §2: fields may be quoted; a quote inside a quoted field is
 * doubled; quoted fields may hold commas and line breaks; lines end in CRLF or LF.
 * Blank lines are skipped (they carry no row). A leading UTF-8 BOM is ignored.
 */
export function parseCsv(text: string): { records: CsvRecord[]; faults: CsvFault[] } {
  const records: CsvRecord[] = [];
  const faults: CsvFault[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    let fault: string | undefined;
    let endOfRecord = false;
    while (!endOfRecord) {
      if (i < n && text[i] === '"') {
        i++;
        let closed = false;
        while (i < n) {
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (c === '\n') line++;
          field += c;
          i++;
        }
        if (!closed) {
          fault = 'a quoted field is not closed (missing ")';
          break;
        }
        // After a closing quote only a delimiter or the end of the record may follow.
        if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          fault = 'text after a closing quote (quotes inside a field must be doubled: "")';
          while (i < n && text[i] !== '\n') i++;
        }
      } else {
        while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') field += text[i++];
      }
      fields.push(field);
      field = '';
      if (i < n && text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '\r') i++;
      if (text[i] === '\n') {
        i++;
        line++;
      }
      endOfRecord = true;
    }
    if (fault) {
      faults.push({ line: startLine, reason: fault });
      continue;
    }
    if (fields.length === 1 && fields[0]!.trim() === '') continue;
    records.push({ line: startLine, fields });
  }
  return { records, faults };
}

/** Quote a field when it holds a delimiter, quote, line break or edge whitespace. */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One CSV line (without the line ending). */
export const csvLine = (fields: readonly string[]): string => fields.map(csvField).join(',');
