// The words under a job's progress bar.
import type { ProgressEvent } from '../../../shared/channels';

/**
 * What the line says: the job's label until something has been counted (never a bare "0"), then
 * the phase with its count, and the total when the job knows it.
 */
export function progressWords(progress: ProgressEvent | null, label: string): string {
  if (!progress || (progress.done === 0 && !progress.total)) return label;
  const total = progress.total ? ` of ${progress.total.toLocaleString('en')}` : '';
  return `${progress.phase}: ${progress.done.toLocaleString('en')}${total}`;
}
