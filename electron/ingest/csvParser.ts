// A streaming RFC 4180 parser: quoted fields with commas, quotes ("") and line breaks; CRLF or
// LF record ends. Feeds text in chunks and hands out records with the line each one starts on.
// A bare quote inside an unquoted field is kept as text, as spreadsheets do.
import { ImportError } from './errors';
import { formatSize, type IngestLimits } from './limits';

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;
const DOUBLED_QUOTE = /""/g;

export type CsvRecordHandler = (fields: string[], line: number, chars: number) => void;

export class CsvParser {
  private buf = '';
  private pos = 0;
  private line = 1;
  /** Names columns in messages once the header is known. */
  columnName: (index: number) => string | null = () => null;

  constructor(
    private readonly file: string,
    private readonly limits: IngestLimits,
  ) {}

  push(text: string, onRecord: CsvRecordHandler): void {
    this.buf = this.pos < this.buf.length ? this.buf.slice(this.pos) + text : text;
    this.pos = 0;
    this.drain(false, onRecord);
  }

  end(onRecord: CsvRecordHandler): void {
    this.drain(true, onRecord);
    this.buf = '';
    this.pos = 0;
  }

  private drain(eof: boolean, onRecord: CsvRecordHandler): void {
    const buf = this.buf;
    const n = buf.length;
    const max = this.limits.maxRecordChars;
    while (this.pos < n) {
      const start = this.pos;
      const fields = this.parseRecord(buf, start, eof);
      if (fields === null) {
        if (n - start > max)
          this.fail(
            this.line,
            `the record starting here is longer than ${formatSize(max)} characters; is a quote left open?`,
          );
        return;
      }
      const line = this.line;
      this.line += this.newlines;
      if (this.pos - start > max)
        this.fail(line, `the record is longer than the limit of ${formatSize(max)} characters`);
      if (fields.length === 1 && fields[0] === '' && !this.quotedEmpty) continue; // blank line
      onRecord(fields, line, this.pos - start);
    }
  }

  private newlines = 0;
  private quotedEmpty = false;

  /** Parses one record at `start`; null when the buffer ends inside it and more text may follow. */
  private parseRecord(buf: string, start: number, eof: boolean): string[] | null {
    const n = buf.length;
    const maxField = this.limits.maxFieldChars;
    const fields: string[] = [];
    let i = start;
    let newlines = 0;
    // indexOf is much faster than a loop over characters: find the record's line end once.
    let lineEnd = buf.indexOf('\n', i);
    if (lineEnd < 0) {
      if (!eof) return null;
      lineEnd = n;
    }
    this.quotedEmpty = false;
    for (;;) {
      let value: string;
      if (i < n && buf.charCodeAt(i) === QUOTE) {
        const fieldLine = this.line + newlines;
        let j = i + 1;
        let doubled = false;
        for (;;) {
          const q = buf.indexOf('"', j);
          if (q < 0) {
            if (!eof) return null;
            this.fail(
              fieldLine,
              `the quoted field in ${this.describeColumn(fields.length)} is never closed (unbalanced quote)`,
            );
          }
          if (q + 1 >= n && !eof) return null;
          if (buf.charCodeAt(q + 1) === QUOTE) {
            doubled = true;
            j = q + 2;
            continue;
          }
          // One slice (and one replace) gives a flat string; += per piece would build a rope.
          value = doubled ? buf.slice(i + 1, q).replace(DOUBLED_QUOTE, '"') : buf.slice(i + 1, q);
          i = q + 1;
          break;
        }
        if (i > lineEnd) {
          for (let k = value.indexOf('\n'); k >= 0; k = value.indexOf('\n', k + 1)) newlines++;
          lineEnd = buf.indexOf('\n', i);
          if (lineEnd < 0) {
            if (!eof) return null;
            lineEnd = n;
          }
        }
        if (fields.length === 0) this.quotedEmpty = true;
        if (i < n) {
          const c = buf.charCodeAt(i);
          if (c !== COMMA && c !== LF && !(c === CR && i + 1 === lineEnd)) {
            this.fail(
              this.line + newlines,
              `unexpected text after the closing quote of the field in ${this.describeColumn(fields.length)}; a quote inside a quoted field must be doubled ("")`,
            );
          }
        }
      } else {
        const comma = buf.indexOf(',', i);
        if (comma >= 0 && comma < lineEnd) {
          value = buf.slice(i, comma);
          i = comma;
        } else {
          const end = lineEnd > i && buf.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd;
          value = buf.slice(i, end);
          i = end;
        }
      }
      if (value.length > maxField) {
        this.fail(
          this.line + newlines,
          `the field in ${this.describeColumn(fields.length)} is longer than the limit of ${formatSize(maxField)} characters`,
        );
      }
      fields.push(value);
      if (i >= n) {
        // Only reached at end of input: the last record has no line break.
        this.pos = n;
        this.newlines = newlines;
        return fields;
      }
      const c = buf.charCodeAt(i);
      if (c === COMMA) {
        i++;
        continue;
      }
      // A line break (LF, or CR just before the LF at lineEnd).
      this.pos = lineEnd < n ? lineEnd + 1 : n;
      this.newlines = newlines + 1;
      return fields;
    }
  }

  private describeColumn(index: number): string {
    const name = this.columnName(index);
    return name === null ? `column ${index + 1}` : `column ${index + 1} ("${name}")`;
  }

  private fail(line: number, problem: string): never {
    throw new ImportError(this.file, line, null, problem);
  }
}
