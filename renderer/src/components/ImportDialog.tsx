// Import audit files: chosen or dropped, uploaded (browser) or read by path (desktop), with a summary per file.
import { useEffect, useRef, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { plural } from '../text/plural';
import type { ConflictReport, ImportSummary } from '../../../shared/results';
import { errorMessage, invoke, newJobId, uploadFile } from '../api/client';
import { appMode, preloadApi } from '../api/transport';
import { readSetting, writeSetting } from '../state/settings';
import { useProgress } from '../state/useProgress';
import { ProgressLine } from './ProgressLine';
import { ImportPreview } from './ImportPreview';
import { previewFile, type FilePreview } from '../import/preview';

interface Props {
  open: boolean;
  /** Files dropped on the window, to import at once. */
  dropped: File[];
  onClose(): void;
  onImported(): void;
}

/** The desktop preload may offer the path of a dropped file (Electron's webUtils). */
function pathOfDropped(): ((file: File) => string | null) | null {
  return preloadApi()?.pathForFile ?? null;
}

export function ImportDialog({ open, dropped, onClose, onImported }: Props) {
  const [busy, setBusy] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const [current, setCurrent] = useState('');
  const [summaries, setSummaries] = useState<ImportSummary[]>([]);
  const [errors, setErrors] = useState<string[]>([]);
  const [assumeTz, setAssumeTz] = useState(() => readSetting('assumeTz', 'UTC'));
  const [conflict, setConflict] = useState<ConflictReport | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const previewInput = useRef<HTMLInputElement>(null);
  const [preview, setPreview] = useState<{ file: File; preview: FilePreview } | null>(null);
  const progress = useProgress(jobId, busy);
  const desktop = appMode() === 'desktop';

  async function showPreview(file: File | undefined) {
    if (!file) return;
    setErrors([]);
    try {
      setPreview({ file, preview: await previewFile(file) });
    } catch (err) {
      setErrors([`${file.name}: the preview could not read it (${errorMessage(err)}).`]);
    }
  }

  const begin = () => {
    setPreview(null);
    writeSetting('assumeTz', assumeTz);
    setBusy(true);
    setSummaries([]);
    setErrors([]);
  };
  const finish = (imported: boolean) => {
    setBusy(false);
    setJobId(null);
    setCurrent('');
    if (imported) onImported();
  };

  async function importPaths(paths: string[]) {
    if (paths.length === 0) return;
    begin();
    const id = newJobId('import');
    setJobId(id);
    setCurrent(paths.length === 1 ? paths[0] : `${paths.length} files`);
    try {
      setSummaries(await invoke('import.files', { paths, assumeTz: assumeTz || undefined, jobId: id }));
    } catch (err) {
      setErrors([errorMessage(err)]);
    }
    finish(true);
  }

  async function uploadAll(files: File[]) {
    if (files.length === 0) return;
    const toPath = pathOfDropped();
    if (desktop && toPath) {
      const paths = files.map(toPath).filter((p): p is string => Boolean(p));
      return importPaths(paths);
    }
    if (desktop) {
      setErrors(['Dropped files cannot be read here: use “Choose files…” instead.']);
      return;
    }
    begin();
    for (const [i, file] of files.entries()) {
      setCurrent(`${file.name} (${i + 1} of ${files.length})`);
      const id = newJobId('upload');
      setJobId(id);
      try {
        const result = await uploadFile(file, assumeTz || null, id);
        setSummaries((prev) => [...prev, ...result]);
      } catch (err) {
        setErrors((prev) => [...prev, `${file.name}: ${errorMessage(err)}`]);
      }
    }
    finish(true);
  }

  async function choose() {
    if (desktop) {
      try {
        await importPaths(await invoke('app.openFilesDialog', { purpose: 'import' }));
      } catch (err) {
        setErrors([errorMessage(err)]);
      }
    } else input.current?.click();
  }

  useEffect(() => {
    if (open && dropped.length > 0) void uploadAll(dropped);
  }, [open, dropped]);

  return (
    <Dialog open={open} onClose={busy ? undefined : onClose} maxWidth="md" fullWidth aria-labelledby="import-title">
      <DialogTitle id="import-title">Import audit files</DialogTitle>
      <DialogContent>
        <Typography variant="body2" sx={{ mb: 2 }}>
          CSV, JSON, NDJSON or a sealed export. You can also drop files anywhere on the window. Each file is imported
          whole or not at all; importing it again adds nothing.
        </Typography>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start' }}>
          <Button variant="contained" onClick={() => void choose()} disabled={busy}>
            Choose files…
          </Button>
          <input
            ref={input}
            type="file"
            multiple
            hidden
            aria-label="Files to import"
            accept=".csv,.json,.ndjson,.jsonl,.txt,text/csv,application/json"
            onChange={(e) => {
              const files = [...(e.target.files ?? [])];
              e.target.value = '';
              void uploadAll(files);
            }}
          />
          <Button onClick={() => previewInput.current?.click()} disabled={busy}>
            Preview a file…
          </Button>
          <input
            ref={previewInput}
            type="file"
            hidden
            aria-label="File to preview"
            accept=".csv,.json,.ndjson,.jsonl,.txt,text/csv,application/json"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              void showPreview(file);
            }}
          />
          <TextField
            size="small"
            label="Zone for times without one"
            helperText="IANA zone, e.g. UTC or Europe/Berlin"
            value={assumeTz}
            onChange={(e) => setAssumeTz(e.target.value.trim())}
            disabled={busy}
          />
        </Stack>
        {preview && !busy && (
          <>
            <ImportPreview file={preview.file.name} preview={preview.preview} />
            <Button sx={{ mt: 1 }} variant="outlined" onClick={() => void uploadAll([preview.file])}>
              Import {preview.file.name}
            </Button>
          </>
        )}
        {busy && <ProgressLine progress={progress} label={`Importing ${current}`} />}
        {errors.map((e) => (
          <Alert key={e} severity="error" sx={{ mt: 2 }}>
            {e}
          </Alert>
        ))}
        {summaries.map((s, i) => (
          <SummaryView key={`${s.file}-${i}`} summary={s} onShowConflict={setConflict} />
        ))}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy} variant={summaries.length ? 'contained' : 'text'}>
          Close
        </Button>
      </DialogActions>
      <ConflictDialog conflict={conflict} onClose={() => setConflict(null)} />
    </Dialog>
  );
}

function SummaryView({
  summary: s,
  onShowConflict,
}: {
  summary: ImportSummary;
  onShowConflict(c: ConflictReport): void;
}) {
  const severity = s.rejected ? 'error' : s.conflicts.length ? 'warning' : 'success';
  return (
    <Alert severity={severity} sx={{ mt: 2 }} role="status" aria-label={`Import summary for ${s.file}`}>
      <Typography variant="subtitle2" component="h3">
        {s.file} ({s.rejected ? '' : `${s.format.toUpperCase()}, `}
        {plural(s.bytes, 'byte')})
      </Typography>
      {s.rejected ? (
        <Typography variant="body2">
          Rejected{s.rejected.line !== null ? ` at line ${s.rejected.line}` : ''}
          {s.rejected.field ? `, field ${s.rejected.field}` : ''}: {s.rejected.message}
        </Typography>
      ) : (
        <Typography variant="body2" data-testid="import-counts">
          {s.appended.toLocaleString('en')} imported, {plural(s.duplicates, 'duplicate')},{' '}
          {plural(s.conflicts.length, 'conflict')} of {s.received.toLocaleString('en')} received
          {s.firstSeq !== null ? ` (seq ${s.firstSeq}–${s.lastSeq})` : ''}.
          {s.assumedTimeZone ? ` Times without a zone were read in ${s.assumedTimeZone}.` : ''}
        </Typography>
      )}
      {s.conflicts.length > 0 && (
        <Box sx={{ mt: 1 }}>
          {s.conflicts.slice(0, 50).map((c) => (
            <Button key={`${c.eventId}-${c.line}`} size="small" onClick={() => onShowConflict(c)}>
              Conflict: {c.eventId} (line {c.line})
            </Button>
          ))}
          {s.conflicts.length > 50 && <Typography variant="body2">…and {s.conflicts.length - 50} more.</Typography>}
        </Box>
      )}
    </Alert>
  );
}

function ConflictDialog({ conflict, onClose }: { conflict: ConflictReport | null; onClose(): void }) {
  return (
    <Dialog open={conflict !== null} onClose={onClose} maxWidth="lg" fullWidth aria-labelledby="conflict-title">
      <DialogTitle id="conflict-title">
        Conflict for event {conflict?.eventId} (line {conflict?.line})
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" sx={{ mb: 1 }}>
          The store already holds an event with this ID, and the file now gives different content for it. The stored
          version is kept.
        </Typography>
        {conflict && <ConflictDiff stored={conflict.stored} incoming={conflict.incoming} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}

/** Field paths and their values, details flattened one level (`details.reason`). */
export function flattenRecord(canon: string): Map<string, string> {
  const out = new Map<string, string>();
  let parsed: unknown;
  try {
    parsed = JSON.parse(canon);
  } catch {
    out.set('(record)', canon);
    return out;
  }
  const walk = (value: unknown, prefix: string, depth: number) => {
    if (value && typeof value === 'object' && !Array.isArray(value) && depth < 2) {
      for (const [k, v] of Object.entries(value)) walk(v, prefix ? `${prefix}.${k}` : k, depth + 1);
    } else out.set(prefix, typeof value === 'string' ? value : JSON.stringify(value));
  };
  walk(parsed, '', 0);
  return out;
}

/** The stored and the incoming version field by field; the fields that differ are marked. */
function ConflictDiff({ stored, incoming }: { stored: string; incoming: string }) {
  const a = flattenRecord(stored);
  const b = flattenRecord(incoming);
  const fields = [...new Set([...a.keys(), ...b.keys()])];
  const differing = fields.filter((f) => a.get(f) !== b.get(f));
  return (
    <>
      <Typography variant="body2" sx={{ mb: 1 }} role="status">
        {differing.length === 0 ? 'No field differs.' : `Differs in ${differing.join(', ')}.`}
      </Typography>
      <Table size="small" aria-label="Stored and incoming versions">
        <TableHead>
          <TableRow>
            <TableCell>Field</TableCell>
            <TableCell>In the store</TableCell>
            <TableCell>In the file</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {fields.map((f) => {
            const differs = a.get(f) !== b.get(f);
            return (
              <TableRow
                key={f}
                data-differs={differs ? 'true' : undefined}
                sx={
                  differs ? { bgcolor: 'warning.light', '& td, & th': { fontWeight: 700, color: '#000' } } : undefined
                }
              >
                <TableCell component="th" scope="row">
                  {differs ? `≠ ${f}` : f}
                </TableCell>
                <TableCell sx={{ fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-all' }}>
                  {a.get(f) ?? '—'}
                </TableCell>
                <TableCell sx={{ fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-all' }}>
                  {b.get(f) ?? '—'}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </>
  );
}
