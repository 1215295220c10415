// One sync run at a time, whoever starts it (the dialog or the periodic timer): its job, progress,
// reports and cancel. The store is reloaded after a run that appended.
import { useCallback, useRef, useState } from 'react';
import type { ProgressEvent } from '../../../../shared/channels';
import type { SyncRunReport } from '../../../../shared/sync';
import { errorMessage, invoke, newJobId } from '../../api/client';
import { useProgress } from '../../state/useProgress';
import { appendedAny } from './syncRules';

export interface SyncRunner {
  running: boolean;
  progress: ProgressEvent | null;
  /** The reports of the last finished run, one per source. */
  reports: SyncRunReport[];
  /** A run that failed as a whole (unknown source, service gone). */
  error: string | null;
  finishedAt: string | null;
  run(source?: string): Promise<void>;
  cancel(): void;
  /** Forgets a removed source's last report (its error no longer stands). */
  forget(source: string): void;
}

export function useSyncRunner(onSynced: () => void): SyncRunner {
  const [jobId, setJobId] = useState<string | null>(null);
  const [reports, setReports] = useState<SyncRunReport[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [finishedAt, setFinishedAt] = useState<string | null>(null);
  const busy = useRef(false);
  const progress = useProgress(jobId, jobId !== null);

  const run = useCallback(
    async (source?: string) => {
      if (busy.current) return;
      busy.current = true;
      const id = newJobId('sync');
      setJobId(id);
      setError(null);
      try {
        const result = await invoke('sync.run', { source, jobId: id });
        // A run of one source replaces that source's report only: the others' still stand.
        setReports((prev) => (source ? [...prev.filter((r) => r.source !== source), ...result] : result));
        if (appendedAny(result)) onSynced();
      } catch (err) {
        setReports([]);
        setError(errorMessage(err));
      } finally {
        busy.current = false;
        setJobId(null);
        setFinishedAt(new Date().toISOString());
      }
    },
    [onSynced],
  );

  const cancel = useCallback(() => {
    if (jobId) void invoke('job.cancel', { jobId }).catch(() => undefined);
  }, [jobId]);

  const forget = useCallback((source: string) => {
    setReports((prev) => prev.filter((r) => r.source !== source));
    setError(null);
  }, []);

  return { running: jobId !== null, progress, reports, error, finishedAt, run, cancel, forget };
}
