// Keyword-index (FTS5) settings tried on a copy of a bench store, as an import fills the index:
// `tsx bench/ftsTune.ts STORE [trial ...]` (default: all, in the order given, so alternate them by
// naming one twice). Prints one JSON line per trial: CPU to fill the index, the end-of-import merge,
// FTS5's integrity-check, the index size and the bench's keyword pages. docs/performance.md,
// "FTS5 tuning", records what was measured and what was kept.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../electron/store/db';
import { runSearchIndexTrial, type SearchIndexTrial } from '../electron/store/searchIndexTrial';

const NOW = { hashsize: 16777216, automerge: 16, crisismerge: 64 }; // migration 0004's values
const TRIALS: SearchIndexTrial[] = [
  { name: 'now', config: NOW },
  { name: 'fts5-defaults', config: {} },
  { name: 'automerge-0', config: { ...NOW, automerge: 0 } },
  { name: 'automerge-2', config: { ...NOW, automerge: 2 } },
  { name: 'automerge-64', config: { ...NOW, automerge: 64 } },
  { name: 'automerge-0-optimize', config: { ...NOW, automerge: 0 }, end: 'optimize' },
  { name: 'optimize', config: NOW, end: 'optimize' },
  { name: 'merge', config: NOW, end: 'merge' },
  { name: 'hashsize-4M', config: { ...NOW, hashsize: 4194304 } },
  { name: 'hashsize-64M', config: { ...NOW, hashsize: 67108864 } },
  { name: 'pgsz-2000', config: { ...NOW, pgsz: 2000 } },
  { name: 'prefix-3', config: NOW, prefix: '3' },
  { name: 'prefix-2-3', config: NOW, prefix: '2 3' },
  // The bench's `release*`: FTS5 uses a prefix index only for a prefix of exactly its length.
  { name: 'prefix-7', config: NOW, prefix: '7' },
  { name: 'details-column', config: NOW, content: 'details-column' },
  { name: 'text-table', config: NOW, content: 'text-table' },
  { name: 'text-table-without-id', config: NOW, content: 'text-table', withoutId: true },
];

const [store, ...names] = process.argv.slice(2);
if (!store) throw new Error('usage: tsx bench/ftsTune.ts STORE [trial ...]');
const chosen = (names.length ? names : TRIALS.map((t) => t.name)).map((name) => {
  const trial = TRIALS.find((t) => t.name === name);
  if (!trial) throw new Error(`no trial ${name}; trials: ${TRIALS.map((t) => t.name).join(', ')}`);
  return trial;
});
const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'signtrail-ftstune-')), 'copy.sqlite');
fs.copyFileSync(store, copy);
const db = openStore(copy);
db.pragma('cache_size = -16384'); // an import's writer cache (service/import)
try {
  for (const trial of chosen) {
    const r = runSearchIndexTrial(db, trial);
    const round = (n: number) => +n.toFixed(2);
    console.log(
      JSON.stringify({
        ...r,
        fillCpu: round(r.fillCpu),
        endCpu: round(r.endCpu),
        commitCpu: round(r.commitCpu),
        dataMb: round(r.dataMb),
        checkCpu: round(r.checkCpu),
        queryP95Ms: round(r.queryP95Ms),
        queryCpuMs: round(r.queryCpuMs),
        load: os.loadavg()[0].toFixed(1),
      }),
    );
  }
} finally {
  db.close();
  fs.rmSync(path.dirname(copy), { recursive: true, force: true });
}
