import { describe, expect, it } from 'vitest';
import {
  EMPTY_FILTER,
  filterFromHash,
  filterFromParams,
  filterToHash,
  filterToParams,
  criteriaChips,
  fromEventFilter,
  NO_EXCLUSIONS,
  pivot,
  rangeIsEmpty,
  sameFilter,
  toEventFilter,
  type FilterState,
} from '../../renderer/src/filter/filterState';

const full: FilterState = {
  from: '2026-01-31T09:00:00.000Z',
  to: '2026-02-01T00:00:00.000Z',
  actors: ['alice@example.com', 'build-bot'],
  actions: ['SIGNING_OPERATION', 'KEY_ROTATED'],
  statuses: ['DENIED', 'FAILURE'],
  categories: ['signing'],
  q: '"release build" OR KEY_*',
  entityType: 'Key',
  entityId: 'key-42',
  requestId: 'req-7f3a',
  keyId: 'key-legacy-07',
  agent: 'agent-build-01',
  exclude: { ...NO_EXCLUSIONS, actor: ['mallory@example.com'], entity: ['Key:key-9'], status: ['SUCCESS'] },
  tags: ['suspicious', '<img src=x onerror=alert(1)>'],
  starred: true,
  commented: true,
};

describe('filter state ↔ URL', () => {
  it('a filter survives the trip through the URL hash unchanged', () => {
    expect(filterFromHash(filterToHash(full))).toEqual(full);
  });

  it('the empty filter writes no hash at all', () => {
    expect(filterToHash(EMPTY_FILTER)).toBe('');
    expect(filterFromHash('')).toEqual(EMPTY_FILTER);
  });

  it('several actors become repeated parameters, in the order chosen', () => {
    expect(filterToParams({ ...EMPTY_FILTER, actors: ['b', 'a'] }).getAll('actor')).toEqual(['b', 'a']);
  });

  it('characters that mean something in a URL are escaped and read back', () => {
    const tricky = { ...EMPTY_FILTER, q: 'a&b=c #frag "x y"', actors: ['svc+deploy@corp'] };
    expect(filterFromHash(filterToHash(tricky))).toEqual(tricky);
  });

  it('a hand-edited link drops unknown statuses, categories and unparseable times', () => {
    const state = filterFromParams(
      new URLSearchParams(
        'status=denied&status=BOGUS&category=nope&category=policy&from=yesterday&to=2026-01-01T00:00:00Z',
      ),
    );
    expect(state.statuses).toEqual(['DENIED']);
    expect(state.categories).toEqual(['policy']);
    expect(state.from).toBeNull();
    expect(state.to).toBe('2026-01-01T00:00:00Z');
  });

  it('duplicate and blank values in a link are ignored', () => {
    expect(filterFromParams(new URLSearchParams('actor=a&actor=a&actor=&actor=b')).actors).toEqual(['a', 'b']);
  });

  it('two filters with the same criteria are the same filter', () => {
    expect(sameFilter(full, { ...full, actors: [...full.actors] })).toBe(true);
    expect(sameFilter(full, { ...full, q: '' })).toBe(false);
  });
});

describe('filter state → shared EventFilter', () => {
  it('the empty filter asks for everything', () => {
    expect(toEventFilter(EMPTY_FILTER)).toEqual({});
  });

  it('every criterion maps to its EventFilter field', () => {
    expect(toEventFilter(full)).toEqual({
      from: '2026-01-31T09:00:00.000Z',
      to: '2026-02-01T00:00:00.000Z',
      actors: ['alice@example.com', 'build-bot'],
      actions: ['SIGNING_OPERATION', 'KEY_ROTATED'],
      statuses: ['DENIED', 'FAILURE'],
      categories: ['signing'],
      q: '"release build" OR KEY_*',
      entityType: 'Key',
      entityId: 'key-42',
      requestId: 'req-7f3a',
      keyId: 'key-legacy-07',
      agent: 'agent-build-01',
      exclude: { actor: ['mallory@example.com'], entity: ['Key:key-9'], status: ['SUCCESS'] },
      tags: ['suspicious', '<img src=x onerror=alert(1)>'],
      starred: true,
      commented: true,
    });
  });

  it('times written with an offset are sent as UTC instants', () => {
    expect(toEventFilter({ ...EMPTY_FILTER, from: '2026-01-31T10:00:00+01:00' }).from).toBe('2026-01-31T09:00:00.000Z');
  });

  it('a search of only spaces is no search', () => {
    expect(toEventFilter({ ...EMPTY_FILTER, q: '   ' })).toEqual({});
  });

  it('a filter the contract refuses throws a message naming the field', () => {
    expect(() => toEventFilter({ ...EMPTY_FILTER, q: 'x'.repeat(1001) })).toThrow(/q/);
  });

  it('an EventFilter read back gives the same state', () => {
    expect(fromEventFilter(toEventFilter(full))).toEqual(full);
  });

  it('a To at or before From selects no time', () => {
    expect(rangeIsEmpty({ ...EMPTY_FILTER, from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' })).toBe(true);
    expect(rangeIsEmpty({ ...EMPTY_FILTER, from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' })).toBe(false);
  });
});

describe('pivots and exclusions', () => {
  it('filter on a value narrows its field to it; exclude moves it to the exclusions', () => {
    const on = pivot({ ...EMPTY_FILTER, actors: ['a', 'b'] }, 'actor', 'b', 'include');
    expect(on.actors).toEqual(['b']);
    const off = pivot(on, 'actor', 'b', 'exclude');
    expect(off.actors).toEqual([]);
    expect(off.exclude.actor).toEqual(['b']);
    expect(pivot(off, 'actor', 'b', 'include').exclude.actor).toEqual([]);
  });

  it('an entity pivot sets type and ID, and the shared filter carries exclusions', () => {
    const state = pivot(EMPTY_FILTER, 'entity', 'Key:key-legacy-07', 'include');
    expect([state.entityType, state.entityId]).toEqual(['Key', 'key-legacy-07']);
    const excluded = pivot(state, 'keyId', 'key-1', 'exclude');
    expect(toEventFilter(excluded)).toEqual({
      entityType: 'Key',
      entityId: 'key-legacy-07',
      exclude: { keyId: ['key-1'] },
    });
  });

  it('every inclusion and exclusion is a chip that removes just itself', () => {
    const chips = criteriaChips(full);
    expect(chips.map((c) => c.label)).toContain('not Actor: mallory@example.com');
    expect(chips.map((c) => c.label)).toContain('Entity: Key:key-42');
    const chip = chips.find((c) => c.label === 'not Entity: Key:key-9')!;
    expect(chip.exclude).toBe(true);
    expect(chip.remove(full).exclude.entity).toEqual([]);
    expect(chip.remove(full).exclude.actor).toEqual(['mallory@example.com']);
  });

  it('the journal criteria are chips too: each tag, Starred and Commented', () => {
    const chips = criteriaChips(full);
    const labels = chips.map((c) => c.label);
    expect(labels).toEqual(expect.arrayContaining(['Tagged: suspicious', 'Starred', 'Commented']));
    const tag = chips.find((c) => c.label === 'Tagged: suspicious')!;
    expect(tag.remove(full).tags).toEqual(['<img src=x onerror=alert(1)>']);
    expect(chips.find((c) => c.label === 'Starred')!.remove(full).starred).toBe(false);
    expect(chips.find((c) => c.label === 'Commented')!.remove(full).commented).toBe(false);
    expect(filterToHash({ ...EMPTY_FILTER, tags: ['a b'], starred: true })).toBe('#tag=a+b&starred=1');
  });
});
