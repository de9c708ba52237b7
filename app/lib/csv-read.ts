// Reading CSV files people upload or keep beside the code (context figures, the unit costs
// table). Writing CSV is app/lib/csv.server.ts.

export interface CsvRecord {
  /** The line the record starts on, counting from 1. */
  line: number;
  cells: string[];
}

/**
 * RFC 4180 CSV: commas, double-quoted fields (with "" for a quote, and line breaks inside),
 * CRLF, LF or CR line ends, and a leading byte-order mark. Lenient where spreadsheets are:
 * a stray quote inside an unquoted field is kept as text. A quoted field that is never
 * closed means the file is cut short or broken: the line it opened on is returned instead.
 */
export function parseCsv(text: string): CsvRecord[] | { unclosedQuoteAt: number } {
  const src = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let atFieldStart = true;
  const endRecord = () => {
    cells.push(field);
    records.push({ line: recordLine, cells });
    cells = [];
    field = "";
    atFieldStart = true;
  };
  while (i < src.length) {
    const ch = src[i];
    if (atFieldStart && ch === '"') {
      const quoteLine = line;
      i += 1;
      let closed = false;
      while (i < src.length) {
        const c = src[i];
        if (c === '"') {
          if (src[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i += 1;
          closed = true;
          break;
        }
        if (c === "\r" || c === "\n") {
          // A line break inside quotes is part of the field; CRLF counts as one line.
          if (c === "\r" && src[i + 1] === "\n") {
            field += "\r\n";
            i += 2;
          } else {
            field += c;
            i += 1;
          }
          line += 1;
          continue;
        }
        field += c;
        i += 1;
      }
      if (!closed) return { unclosedQuoteAt: quoteLine };
      atFieldStart = false;
      continue;
    }
    if (ch === ",") {
      cells.push(field);
      field = "";
      atFieldStart = true;
      i += 1;
      continue;
    }
    if (ch === "\r" || ch === "\n") {
      endRecord();
      i += ch === "\r" && src[i + 1] === "\n" ? 2 : 1;
      line += 1;
      recordLine = line;
      continue;
    }
    field += ch;
    atFieldStart = false;
    i += 1;
  }
  // The last record, unless the text ended with a line break.
  if (!atFieldStart || field !== "" || cells.length > 0) endRecord();
  return records;
}
