// Evidence packages in both modes: a folder chosen in a save dialog in the desktop app, one .tar
// download in browser mode (a web page may not name folders on this machine).
import type { EventFilter } from '../../../shared/filter';
import type { EvidenceSummary } from '../../../shared/journal';
import { invoke, ServiceError } from './client';
import { download } from './exportFile';
import { authHeaders } from './session';
import { preloadApi } from './transport';
import { apiAddress } from '../../../shared/httpRoutes';

export interface EvidenceOutcome {
  summary: EvidenceSummary;
  /** The folder on disk, or the name of the download. */
  where: string;
}

/** Returns null when the user closed the save dialog. */
export async function makeEvidencePackage(filter: EventFilter, seqs?: number[]): Promise<EvidenceOutcome | null> {
  const name = `signtrail-evidence-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}`;
  if (preloadApi()) {
    const out = await invoke('app.saveDialog', { defaultName: name });
    if (!out) return null;
    const summary = await invoke('evidence.make', { filter, seqs, out });
    return { summary, where: summary.folder };
  }
  const response = await fetch(apiAddress('evidence'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...authHeaders() },
    body: JSON.stringify({ filter, seqs }),
  });
  const reply = (await response
    .json()
    .catch(() => ({ ok: false, error: `Making the package failed with HTTP ${response.status}.` }))) as
    | { ok: true; value: { summary: EvidenceSummary; files: { name: string; url: string }[] } }
    | { ok: false; error: string };
  if (!reply.ok) throw new ServiceError(reply.error, 'evidence.make');
  for (const file of reply.value.files) await download(file.url, file.name);
  return { summary: reply.value.summary, where: reply.value.files[0]?.name ?? reply.value.summary.folder };
}
