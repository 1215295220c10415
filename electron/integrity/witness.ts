// The installation as witness (docs/integrity.md, "The installation as witness"). Every checkpoint
// this installation signs, or verifies as trusted, is recorded in its home folder per store origin:
// size, root and time, as a C2SP tlog-witness keeps the latest checkpoint it cosigned. A store is
// then checked against the largest checkpoint witnessed for its origin: a root that no longer
// matches is FORKED, fewer events is TRUNCATED. A store file can be rewritten by whoever holds it;
// this record is not in the file, so it cannot be rewritten with it.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Finding } from '../../shared/results';

export interface WitnessedCheckpoint {
  origin: string;
  size: number;
  rootB64: string;
  /** When this installation first witnessed this size (ISO 8601). */
  time: string;
}

export interface Witness {
  /** The largest checkpoint witnessed for `origin`, or null when the origin was never seen here. */
  read(origin: string): WitnessedCheckpoint | null;
  /** Records a checkpoint larger than the one witnessed; a smaller or equal one changes nothing. */
  record(origin: string, size: number, root: Uint8Array): void;
}

function fileFor(home: string, origin: string): string {
  // The origin comes from the store file: hashed, it can name no other path.
  const digest = createHash('sha256').update(origin, 'utf8').digest('hex').slice(0, 40);
  return path.join(home, 'witness', `${digest}.json`);
}

function parse(text: string, origin: string): WitnessedCheckpoint | null {
  const value = JSON.parse(text) as Partial<WitnessedCheckpoint>;
  if (
    value.origin !== origin ||
    !Number.isSafeInteger(value.size) ||
    (value.size as number) < 0 ||
    typeof value.rootB64 !== 'string' ||
    Buffer.from(value.rootB64, 'base64').length !== 32 ||
    typeof value.time !== 'string'
  ) {
    return null;
  }
  return value as WitnessedCheckpoint;
}

export function homeWitness(home: string): Witness {
  return {
    read(origin) {
      let text: string;
      try {
        text = fs.readFileSync(fileFor(home, origin), 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
      const parsed = parse(text, origin);
      if (!parsed) {
        throw new Error(
          `The witness record ${fileFor(home, origin)} for ${origin} cannot be read; restore it from a backup or remove it to start over (the store is then "first seen now").`,
        );
      }
      return parsed;
    },
    record(origin, size, root) {
      const current = this.read(origin);
      if (current && current.size >= size) return;
      const file = fileFor(home, origin);
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      const entry: WitnessedCheckpoint = {
        origin,
        size,
        rootB64: Buffer.from(root).toString('base64'),
        time: new Date().toISOString(),
      };
      const temp = path.join(path.dirname(file), `.${randomBytes(8).toString('hex')}.tmp`);
      fs.writeFileSync(temp, JSON.stringify(entry, null, 2) + '\n', { flag: 'wx', mode: 0o600 });
      fs.renameSync(temp, file);
    },
  };
}

/**
 * The store against the witnessed checkpoint: `rootAt` is root(witnessed.size) recomputed from the
 * store (undefined when the store holds fewer events). `vouched`: sizes of trusted checkpoints that
 * match, so a fork is located after the largest of them below the witnessed size.
 */
export function checkAgainstWitness(
  witnessed: WitnessedCheckpoint,
  total: number,
  rootAt: Buffer | undefined,
  vouched: readonly number[] = [],
): Finding[] {
  const seen = `this installation witnessed ${witnessed.size} events with root ${witnessed.rootB64} on ${witnessed.time}`;
  if (total < witnessed.size) {
    return [
      {
        kind: 'TRUNCATED',
        seq: total + 1,
        message: `The store holds ${total} events, but ${seen}: events ${total + 1} to ${witnessed.size} are gone, or this is an older copy of the case.`,
      },
    ];
  }
  if (rootAt && rootAt.equals(Buffer.from(witnessed.rootB64, 'base64'))) return [];
  const from = Math.max(0, ...vouched.filter((s) => s < witnessed.size)) + 1;
  return [
    {
      kind: 'FORKED',
      seq: from,
      fromSeq: from,
      toSeq: witnessed.size,
      message: `The store's events ${from} to ${witnessed.size} no longer produce the root ${seen}: that part of the history was rewritten since.`,
    },
  ];
}
