import { describe, expect, it } from 'vitest';
import {
  appendedAny,
  clampMinutes,
  DEFAULT_PERIODIC,
  EMPTY_SOURCE_FORM,
  formError,
  lastSyncText,
  MAX_PERIOD_MINUTES,
  readPeriodic,
  runSeverity,
  runSummary,
  sealedTokenArgs,
  sourceArgs,
} from '../../renderer/src/components/sync/syncRules';
import { channels } from '../../shared/channels';
import type { SyncRunReport, SyncSourceView } from '../../shared/sync';

function report(patch: Partial<SyncRunReport>): SyncRunReport {
  return {
    source: 'share',
    kind: 'folder',
    appended: 0,
    duplicates: 0,
    conflicts: 0,
    pages: 0,
    files: 0,
    cursor: null,
    error: null,
    errorKind: null,
    received: 0,
    pending: [],
    rejected: [],
    conflictReports: [],
    retries: 0,
    durationMs: 0,
    ...patch,
  };
}

describe('add-source form to sync.addSource arguments', () => {
  it('a folder source sends only its name and folder, trimmed, even with http fields filled in', () => {
    const args = sourceArgs({
      ...EMPTY_SOURCE_FORM,
      name: ' share ',
      kind: 'folder',
      folder: ' /srv/drop ',
      url: 'https://x',
      token: 'T',
    });
    expect(args).toEqual({ name: 'share', folder: '/srv/drop' });
    expect(channels['sync.addSource'].args.safeParse(args).success).toBe(true);
  });

  it('an http source sends its token place as tokenEnv or tokenFile, per the choice, and leaves empty fields out', () => {
    const base = { ...EMPTY_SOURCE_FORM, name: 'platform', kind: 'http' as const, url: 'https://audit.example/e' };
    expect(sourceArgs({ ...base, tokenPlace: 'env', token: 'AUDIT_TOKEN' })).toMatchObject({
      tokenEnv: 'AUDIT_TOKEN',
      tokenFile: undefined,
    });
    expect(sourceArgs({ ...base, tokenPlace: 'file', token: '/home/u/t' })).toMatchObject({
      tokenEnv: undefined,
      tokenFile: '/home/u/t',
    });
    const none = sourceArgs({ ...base, tokenPlace: 'none', token: 'LEFTOVER', caFile: ' ' });
    expect(JSON.parse(JSON.stringify(none))).toEqual({ name: 'platform', url: 'https://audit.example/e' });
    expect(channels['sync.addSource'].args.safeParse(JSON.parse(JSON.stringify(none))).success).toBe(true);
  });

  it('a sealed token goes to sync.setToken only, trimmed, and never into the sync.addSource arguments', () => {
    const form = {
      ...EMPTY_SOURCE_FORM,
      name: ' platform ',
      kind: 'http' as const,
      url: 'https://audit.example/e',
      tokenPlace: 'sealed' as const,
      token: ' tok-secret ',
    };
    const args = JSON.parse(JSON.stringify(sourceArgs(form)));
    expect(args).toEqual({ name: 'platform', url: 'https://audit.example/e' });
    expect(JSON.stringify(args).includes('tok-secret')).toBe(false);
    const sealed = sealedTokenArgs(form);
    expect(sealed).toEqual({ name: 'platform', token: 'tok-secret' });
    expect(channels['sync.setToken'].args.safeParse(sealed).success).toBe(true);
  });

  it('names no sealed token for the other token choices, a folder source, or an empty token', () => {
    const base = { ...EMPTY_SOURCE_FORM, name: 'platform', kind: 'http' as const, url: 'https://a.example/e' };
    expect(sealedTokenArgs({ ...base, tokenPlace: 'env', token: 'AUDIT_TOKEN' })).toBeNull();
    expect(sealedTokenArgs({ ...base, tokenPlace: 'file', token: '/home/u/t' })).toBeNull();
    expect(sealedTokenArgs({ ...base, tokenPlace: 'sealed', token: '  ' })).toBeNull();
    expect(sealedTokenArgs({ ...base, kind: 'folder', tokenPlace: 'sealed', token: 'tok' })).toBeNull();
    expect(formError('sync.setToken: invalid argument token: a token is 1-4096 visible ASCII characters')).toBe(
      'Invalid token: a token is 1-4096 visible ASCII characters',
    );
  });

  it('an empty form fails at the door with a message about the field, shown without the channel name', () => {
    const parsed = channels['sync.addSource'].args.safeParse(JSON.parse(JSON.stringify(sourceArgs(EMPTY_SOURCE_FORM))));
    expect(parsed.success).toBe(false);
    expect(formError('sync.addSource: invalid argument url: the URL must be an http:// or https:// address')).toBe(
      'Invalid url: the URL must be an http:// or https:// address',
    );
    expect(formError('a source named share already exists')).toBe('a source named share already exists');
  });
});

describe('a run in words', () => {
  it('names imported, duplicates, conflicts and received, with pages for the API and files for a folder', () => {
    expect(runSummary(report({ appended: 1200, duplicates: 1, conflicts: 2, received: 1203, files: 3 }))).toBe(
      '1,200 imported, 1 duplicate, 2 conflicts of 1,203 received (3 files).',
    );
    expect(runSummary(report({ kind: 'http', appended: 5, received: 5, pages: 1 }))).toBe(
      '5 imported, 0 duplicates, 0 conflicts of 5 received (1 page).',
    );
  });

  it('adds pending and rejected files', () => {
    expect(
      runSummary(report({ pending: ['/d/a.csv', '/d/b.csv'], rejected: [{ file: '/d/c.csv', message: 'bad' }] })),
    ).toBe(
      '0 imported, 0 duplicates, 0 conflicts of 0 received (0 files); 2 files still being written, taken next time; 1 file rejected.',
    );
  });

  it('is an error when it stopped on a fault, a warning on conflicts or rejected files, info when cancelled or pending', () => {
    expect(runSeverity(report({ error: 'refused (401)', errorKind: 'auth' }))).toBe('error');
    expect(runSeverity(report({ conflicts: 1 }))).toBe('warning');
    expect(runSeverity(report({ rejected: [{ file: 'x', message: 'y' }] }))).toBe('warning');
    expect(runSeverity(report({ error: 'cancelled', errorKind: 'cancelled' }))).toBe('info');
    expect(runSeverity(report({ pending: ['x'] }))).toBe('info');
    expect(runSeverity(report({ appended: 3 }))).toBe('success');
  });

  it('the store is reloaded only after a run that appended', () => {
    expect(appendedAny([report({ duplicates: 4 }), report({ conflicts: 1 })])).toBe(false);
    expect(appendedAny([report({}), report({ appended: 1 })])).toBe(true);
  });

  it('a source never synced shows "never", else its last run in the chosen time format', () => {
    const source: SyncSourceView = {
      name: 's',
      kind: 'folder',
      location: '/d',
      lastRunAt: null,
      lastAppended: null,
      lastError: null,
    };
    const format = (iso: string) => `[${iso}]`;
    expect(lastSyncText(source, format)).toBe('never');
    expect(lastSyncText({ ...source, lastRunAt: '2026-01-02T03:04:05Z' }, format)).toBe('[2026-01-02T03:04:05Z]');
  });
});

describe('periodic sync preference', () => {
  it('minutes are whole and kept between 1 and a day; unreadable input falls back to the default', () => {
    expect(clampMinutes(0)).toBe(1);
    expect(clampMinutes('7.6')).toBe(8);
    expect(clampMinutes(1e9)).toBe(MAX_PERIOD_MINUTES);
    expect(clampMinutes('abc')).toBe(DEFAULT_PERIODIC.minutes);
  });

  it('whatever localStorage holds is repaired: off unless exactly true', () => {
    expect(readPeriodic(null)).toEqual(DEFAULT_PERIODIC);
    expect(readPeriodic('yes')).toEqual(DEFAULT_PERIODIC);
    expect(readPeriodic({ enabled: 'true', minutes: 5 })).toEqual({ enabled: false, minutes: 5 });
    expect(readPeriodic({ enabled: true, minutes: -3 })).toEqual({ enabled: true, minutes: 1 });
    expect(readPeriodic({ enabled: true })).toEqual({ enabled: true, minutes: DEFAULT_PERIODIC.minutes });
  });
});
