// A size and root the user kept somewhere else and pastes in (integrity.md §6.4): no signature to
// check, only that the store holds at least that many events and that root(size) is that root.
import type { Finding } from '../../shared/results';

export interface OutsideRoot {
  size: number;
  /** base64 of the 32-byte root. */
  rootB64: string;
}

export function checkOutsideRoots(
  pasted: readonly OutsideRoot[],
  total: number,
  roots: ReadonlyMap<number, Buffer>,
  vouchedSizes: readonly number[],
): Finding[] {
  const findings: Finding[] = [];
  pasted.forEach((r, i) => {
    const label = `outside root ${i + 1} (size ${r.size})`;
    if (r.size > total) {
      findings.push({
        kind: 'TRUNCATED',
        seq: total + 1,
        message: `The ${label} covers ${r.size} events but the store holds ${total}: ${r.size - total === 1 ? `event ${r.size} is` : `events ${total + 1} to ${r.size} are`} missing.`,
      });
      return;
    }
    const root = roots.get(r.size);
    if (root && root.toString('base64') === r.rootB64) return;
    const from = Math.max(0, ...vouchedSizes.filter((s) => s < r.size)) + 1;
    findings.push({
      kind: 'FORKED',
      seq: from,
      fromSeq: from,
      toSeq: r.size,
      message: `The ${label} is not the root of the store's first ${r.size} events: events ${from} to ${r.size} are not the history that root was taken from.`,
    });
  });
  return findings;
}
