// Formats rows into CSV pieces: fresh Buffers of whole records, each owned by whoever takes it,
// so a worker can transfer them without copying and the writer can queue them as they are.
import { csvLine, csvLineFromCells, type CsvCellsRow } from './csv-line';
import type { CsvRowBySeq } from '../store/exportRows';

export interface CsvPiece {
  bytes: Buffer;
  /** Records in `bytes`. */
  rows: number;
}

export class CsvPieces {
  /** A record read but not yet placed: it did not fit in the previous piece. */
  private pending: string | null = null;
  private done = false;

  constructor(
    private readonly rows: Iterator<CsvCellsRow>,
    private readonly pieceBytes: number,
    /** A row's columns one by one, for the rare row whose joined cells need quoting or the guard. */
    private readonly bySeq: CsvRowBySeq,
  ) {}

  /** The next piece, or null when the rows are exhausted. */
  next(): CsvPiece | null {
    if (this.done && this.pending === null) return null;
    const out = Buffer.allocUnsafe(this.pieceBytes);
    let used = 0;
    let count = 0;
    if (this.pending !== null) {
      const line = this.pending;
      this.pending = null;
      // A UTF-16 unit encodes to at most 3 UTF-8 bytes; a record larger than a piece goes alone.
      if (line.length * 3 > this.pieceBytes) return { bytes: Buffer.from(line, 'utf8'), rows: 1 };
      used = out.write(line, 0, 'utf8');
      count = 1;
    }
    while (!this.done) {
      const next = this.rows.next();
      if (next.done) {
        this.done = true;
        break;
      }
      const line = csvLineFromCells(next.value) ?? csvLine(this.bySeq(next.value[0]));
      if (line.length * 3 > this.pieceBytes - used) {
        this.pending = line;
        if (count > 0) break;
        return this.next();
      }
      used += out.write(line, used, 'utf8');
      count++;
    }
    return count > 0 ? { bytes: out.subarray(0, used), rows: count } : null;
  }

  *[Symbol.iterator](): Iterator<CsvPiece> {
    for (let piece = this.next(); piece; piece = this.next()) yield piece;
  }
}
