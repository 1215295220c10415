// Explicit size limits: a hostile or broken file fails with a clear error instead of exhausting memory.
export interface IngestLimits {
  /** Largest file accepted, in bytes. */
  maxFileBytes: number;
  /** Largest single CSV field, in characters. */
  maxFieldChars: number;
  /** Largest single record (CSV record, JSON element, NDJSON line), in characters. */
  maxRecordChars: number;
  /** Largest details object, in characters of its JSON text. */
  maxDetailsChars: number;
  /** Deepest nesting of objects and arrays inside details. */
  maxDetailsDepth: number;
  /** Most columns a CSV header may have. */
  maxColumns: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: IngestLimits = {
  maxFileBytes: 16 * 1024 * MiB,
  maxFieldChars: 1 * MiB,
  maxRecordChars: 4 * MiB,
  maxDetailsChars: 1 * MiB,
  maxDetailsDepth: 32,
  maxColumns: 1000,
};

export function resolveLimits(overrides?: Partial<IngestLimits>): IngestLimits {
  return overrides ? { ...DEFAULT_LIMITS, ...overrides } : DEFAULT_LIMITS;
}

/** "1 MiB", "4 GiB": limits as people read them. */
export function formatSize(n: number): string {
  if (n >= 1024 * MiB && n % (1024 * MiB) === 0) return `${n / (1024 * MiB)} GiB`;
  if (n >= MiB && n % MiB === 0) return `${n / MiB} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return String(n);
}
