// Splits streamed text into lines with their 1-based numbers, for NDJSON and sealed exports.
import { ImportError } from './errors';
import { formatSize, type IngestLimits } from './limits';

/** `text` has no line break; `ended` says whether a `\n` followed it (the last line may lack one). */
export type LineHandler = (text: string, line: number, ended: boolean) => void;

export class LineSplitter {
  private rest = '';
  private line = 1;

  constructor(
    private readonly file: string,
    private readonly limits: IngestLimits,
  ) {}

  push(text: string, onLine: LineHandler): void {
    const buf = this.rest ? this.rest + text : text;
    let start = 0;
    for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n', start)) {
      this.emit(buf.slice(start, nl), true, onLine);
      start = nl + 1;
    }
    this.rest = start === 0 ? buf : buf.slice(start);
    if (this.rest.length > this.limits.maxRecordChars) this.tooLong();
  }

  end(onLine: LineHandler): void {
    if (this.rest !== '') this.emit(this.rest, false, onLine);
    this.rest = '';
  }

  private emit(text: string, ended: boolean, onLine: LineHandler): void {
    if (text.length > this.limits.maxRecordChars) this.tooLong();
    onLine(text, this.line++, ended);
  }

  private tooLong(): never {
    throw new ImportError(
      this.file,
      this.line,
      null,
      `the line is longer than the limit of ${formatSize(this.limits.maxRecordChars)} characters`,
    );
  }
}
