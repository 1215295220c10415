// The latest progress of one job (or of any job when jobId is null) while `active`.
import { useEffect, useState } from 'react';
import type { ProgressEvent } from '../../../shared/channels';
import { onProgress } from '../api/client';

export function useProgress(jobId: string | null, active: boolean): ProgressEvent | null {
  const [progress, setProgress] = useState<ProgressEvent | null>(null);
  useEffect(() => {
    if (!active) {
      setProgress(null);
      return;
    }
    return onProgress((event) => {
      if (jobId === null || event.jobId === jobId) setProgress(event);
    });
  }, [jobId, active]);
  return progress;
}
