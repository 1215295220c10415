// Reads a file as UTF-8 text in chunks, hashing every byte as it passes (chain of custody:
// the SHA-256 is of exactly the bytes that were parsed). A BOM is dropped; invalid UTF-8 is refused.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { ImportError } from './errors';
import { formatSize, type IngestLimits } from './limits';

const CHUNK_BYTES = 256 * 1024;

export class FileText {
  bytes = 0;
  private readonly hash: Hash = createHash('sha256');
  private digest: string | null = null;

  constructor(
    private readonly path: string,
    private readonly file: string,
    private readonly limits: IngestLimits,
  ) {}

  /** Hex SHA-256 of the whole file once it has been read to the end, '' before. */
  sha256(): string {
    return this.digest ?? '';
  }

  async *chunks(): AsyncGenerator<string> {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const stream = createReadStream(this.path, { highWaterMark: CHUNK_BYTES });
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        this.bytes += chunk.length;
        if (this.bytes > this.limits.maxFileBytes) {
          throw new ImportError(
            this.file,
            null,
            null,
            `the file is larger than the limit of ${formatSize(this.limits.maxFileBytes)}`,
          );
        }
        this.hash.update(chunk);
        yield this.decode(decoder, chunk, true);
      }
      const tail = this.decode(decoder, undefined, false);
      this.digest = this.hash.digest('hex');
      if (tail) yield tail;
    } finally {
      stream.destroy();
    }
  }

  private decode(decoder: TextDecoder, chunk: Buffer | undefined, more: boolean): string {
    try {
      return decoder.decode(chunk, { stream: more });
    } catch {
      throw new ImportError(
        this.file,
        null,
        null,
        `the file is not valid UTF-8 text (the problem is in the bytes before offset ${this.bytes}); save it as UTF-8 and import again`,
      );
    }
  }
}
