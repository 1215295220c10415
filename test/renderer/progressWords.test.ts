import { describe, expect, it } from 'vitest';
import { progressWords } from '../../renderer/src/components/progressWords';

const at = (done: number, total: number | null) => ({ jobId: 'j1', phase: 'reading', done, total });

describe('the words under a progress bar', () => {
  it('say what the job is until something has been counted, never a bare 0', () => {
    expect(progressWords(null, 'Importing audit.csv')).toBe('Importing audit.csv');
    expect(progressWords(at(0, null), 'Importing audit.csv')).toBe('Importing audit.csv');
    expect(progressWords(at(0, null), 'Importing audit.csv')).not.toMatch(/\b0\b/);
  });

  it('then give the phase with its count, and the total when known', () => {
    expect(progressWords(at(12_000, null), 'Importing audit.csv')).toBe('reading: 12,000');
    expect(progressWords(at(0, 50_000), 'Importing audit.csv')).toBe('reading: 0 of 50,000');
    expect(progressWords(at(25_000, 50_000), 'Importing audit.csv')).toBe('reading: 25,000 of 50,000');
  });
});
