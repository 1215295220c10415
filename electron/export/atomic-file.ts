// A file written under a random hidden name beside `<path>` (`.<name>.<random>.partial`, created
// exclusively: no symlink planted in a shared folder can redirect it) and moved into place only
// when complete, so a reader never sees half an export. Writes go out in ~1 MB chunks, each awaited
// (backpressure), and are hashed on the way out so the manifest needs no second read.
import { createHash, randomBytes, type Hash } from 'node:crypto';
import { link, open, rename, rm, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const CHUNK_BYTES = 1 << 20;

export class AtomicFile {
  private readonly hash: Hash = createHash('sha256');
  // Text is encoded straight into one reused chunk: building a large string from many small
  // ones leaves ropes the GC must chase, which tripled the cost of a CSV export.
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  bytes = 0;

  private constructor(
    readonly path: string,
    readonly partialPath: string,
    private readonly handle: FileHandle,
    private readonly overwrite: boolean,
  ) {}

  /**
   * `overwrite: false`: moving into place fails when `path` exists (a sealed export's companions
   * and manifest are never silently replaced: the user chose FILE, not them).
   */
  static async create(path: string, options: { overwrite?: boolean } = {}): Promise<AtomicFile> {
    const partialPath = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.partial`);
    try {
      return new AtomicFile(path, partialPath, await open(partialPath, 'wx', 0o644), options.overwrite ?? true);
    } catch (err) {
      throw new Error(
        `Could not create the export file ${partialPath}: ${(err as Error).message}. Check that the folder exists and is writable.`,
      );
    }
  }

  /** True when enough is buffered that the caller should `await flush()`. */
  get full(): boolean {
    return this.used >= CHUNK_BYTES / 2;
  }

  writeText(text: string): void {
    // A UTF-16 unit encodes to at most 3 UTF-8 bytes.
    if (text.length * 3 > CHUNK_BYTES - this.used) {
      if (this.used > 0) this.spill();
      if (text.length * 3 > CHUNK_BYTES) {
        this.spillBytes(Buffer.from(text, 'utf8'));
        return;
      }
    }
    this.used += this.chunk.write(text, this.used, 'utf8');
  }

  writeBytes(bytes: Uint8Array): void {
    if (bytes.length > CHUNK_BYTES - this.used) {
      if (this.used > 0) this.spill();
      if (bytes.length > CHUNK_BYTES) {
        this.spillBytes(Buffer.from(bytes));
        return;
      }
    }
    this.chunk.set(bytes, this.used);
    this.used += bytes.length;
  }

  /** Queues `bytes` as they are, without a copy: the caller hands them over and must not change them. */
  writePiece(bytes: Buffer): void {
    if (this.used > 0) this.spill();
    this.spillBytes(bytes);
  }

  /** Lets `fill` write up to `maxBytes` straight into the chunk; it returns the new end offset. */
  writeWith(maxBytes: number, fill: (chunk: Buffer, offset: number) => number): void {
    if (maxBytes > CHUNK_BYTES - this.used) {
      if (this.used > 0) this.spill();
      if (maxBytes > CHUNK_BYTES) {
        const big = Buffer.allocUnsafe(maxBytes);
        this.spillBytes(big.subarray(0, fill(big, 0)));
        return;
      }
    }
    this.used = fill(this.chunk, this.used);
  }

  /**
   * Starts writing what is buffered and waits for the previous write: one write stays in
   * flight while the caller builds the next chunk, so the disk and the CPU overlap.
   */
  async flush(): Promise<void> {
    if (this.used > 0) this.spill();
    const parts = this.spilled;
    this.spilled = [];
    const previous = this.inFlight;
    const next = previous.then(() => this.writeParts(parts));
    next.catch(() => {}); // handled: the next flush or drain awaits it and throws
    this.inFlight = next;
    await previous;
  }

  /** Waits until everything handed to flush() is on its way to disk. */
  private async drain(): Promise<void> {
    await this.flush();
    await this.inFlight;
  }

  private inFlight: Promise<void> = Promise.resolve();

  private async writeParts(parts: Buffer[]): Promise<void> {
    for (const part of parts) {
      this.hash.update(part);
      this.bytes += part.length;
      let written = 0;
      while (written < part.length) {
        const { bytesWritten } = await this.handle.write(part, written, part.length - written);
        written += bytesWritten;
      }
    }
  }

  private spilled: Buffer[] = [];

  /** Moves the chunk's contents to the write queue (a copy: the chunk is reused). */
  private spill(): void {
    this.spilled.push(Buffer.from(this.chunk.subarray(0, this.used)));
    this.used = 0;
  }

  private spillBytes(bytes: Buffer): void {
    this.spilled.push(bytes);
  }

  /** Flushes, syncs to disk and renames into place; returns the SHA-256 hex of the file. */
  async commit(): Promise<string> {
    await this.drain();
    await this.handle.sync();
    await this.handle.close();
    await this.moveIntoPlace();
    return this.hash.digest('hex');
  }

  /** Flushes and syncs but leaves the file under its partial name (for exports of several files). */
  async finish(): Promise<string> {
    await this.drain();
    await this.handle.sync();
    await this.handle.close();
    return this.hash.digest('hex');
  }

  async moveIntoPlace(): Promise<void> {
    if (this.overwrite) {
      await rename(this.partialPath, this.path);
      return;
    }
    // link() fails with EEXIST instead of replacing what is there.
    try {
      await link(this.partialPath, this.path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new Error(
          `${this.path} already exists; SignTrail does not overwrite it. Move it away or export under another name.`,
        );
      }
      throw err;
    }
    await unlink(this.partialPath);
  }

  async discard(): Promise<void> {
    await this.inFlight.catch(() => {});
    await this.handle.close().catch(() => {});
    await rm(this.partialPath, { force: true });
  }
}
