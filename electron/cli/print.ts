// Human-readable output of the CLI; --json prints the service's results as they are.
import type { EventPage, ImportSummary, VerifyReport } from '../../shared/results';
import type { CommandContext } from './commands';

type Io = CommandContext['io'];

/**
 * Text that came from a case file (a finding's message, a journal entry) printed on one line with
 * its control characters escaped, so it can neither add lines that look like SignTrail's nor send
 * terminal escape sequences that hide the real verdict.
 */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function printImportSummary(s: ImportSummary, io: Io): void {
  if (s.rejected) {
    io.err(`REJECTED ${s.file}: ${s.rejected.message}\n  Nothing from this file was stored.`);
    return;
  }
  io.out(
    `${s.file} (${s.format}, SHA-256 ${s.sha256}): ${s.received} read, ${s.appended} imported, ` +
      `${s.duplicates} duplicates, ${s.conflicts.length} conflicts` +
      (s.appended ? ` (seq ${s.firstSeq}-${s.lastSeq})` : ''),
  );
  if (s.assumedTimeZone) io.out(`  Times without a zone were read as ${s.assumedTimeZone}.`);
  for (const c of s.conflicts) {
    io.err(
      `  CONFLICT line ${c.line}: event ${c.eventId} differs from the stored one; kept out.\n    stored:   ${c.stored}\n    incoming: ${c.incoming}`,
    );
  }
}

export function printVerifyReport(r: VerifyReport, io: Io): void {
  for (const f of r.findings) {
    const unit = f.log === 'journal' ? 'journal entry' : 'seq';
    const where =
      f.fromSeq !== undefined && f.toSeq !== undefined ? `${unit} ${f.fromSeq}-${f.toSeq}` : `${unit} ${f.seq ?? '-'}`;
    io.out(`${f.kind.padEnd(13)} ${where}${f.object ? ` (${oneLine(f.object)})` : ''}: ${oneLine(f.message)}`);
  }
  const checkpoint = r.checkpoint
    ? `checkpoint at size ${r.checkpoint.size} signed by ${r.checkpoint.keyName} (${r.checkpoint.trusted ? 'trusted' : 'NOT trusted'})`
    : 'no checkpoint';
  const verdict =
    r.verdict === 'intact'
      ? 'INTACT'
      : r.verdict === 'unsealed'
        ? `UNSEALED (${r.unsealed} events${r.journalUnsealed ? ` and ${r.journalUnsealed} journal entries` : ''} vouched for by no trusted checkpoint: no evidence either way)`
        : `BROKEN (first bad seq ${r.firstBadSeq ?? '-'})`;
  io.out(
    `${verdict}: ${r.eventsChecked} events checked, and ${r.journalEntriesChecked ?? 0} journal entries, in ${r.durationMs} ms; ${checkpoint}; key ${r.keyFingerprint ?? '-'}.`,
  );
  const w = r.witness;
  if (w?.state === 'first-seen')
    io.out(
      `Witness: first seen now. This installation has no earlier record of ${w.origin}; it cannot tell whether the history was rewritten before today.`,
    );
  else if (w)
    io.out(
      `Witness: ${w.state === 'consistent' ? 'consistent with' : 'DOES NOT MATCH'} ${w.size} events witnessed here on ${w.time}.`,
    );
}

export function printEvents(page: EventPage, io: Io): void {
  for (const e of page.rows) {
    io.out(
      [
        e.seq,
        e.timestamp,
        e.actorId,
        e.action,
        `${e.entityType}:${e.entityId}`,
        e.status,
        e.requestId ?? '',
        e.summary,
      ].join('\t'),
    );
  }
  io.out(`${page.rows.length} of ${page.totalIsEstimate ? 'at least ' : ''}${page.total} events.`);
}
