// The filter lives in the URL hash (copyable) and in localStorage (restored on the next start).
import { useCallback, useEffect, useState } from 'react';
import { EMPTY_FILTER, filterFromHash, filterToHash, sameFilter, type FilterState } from '../filter/filterState';
import { readSetting, writeSetting } from './settings';

function initialFilter(): FilterState {
  if (window.location.hash.length > 1) return filterFromHash(window.location.hash);
  const saved = readSetting('filter', '');
  return saved ? filterFromHash(saved) : EMPTY_FILTER;
}

export function useFilterState(): [FilterState, (next: FilterState) => void] {
  const [filter, setFilterState] = useState<FilterState>(initialFilter);

  const setFilter = useCallback((next: FilterState) => {
    setFilterState((prev) => (sameFilter(prev, next) ? prev : next));
  }, []);

  useEffect(() => {
    const hash = filterToHash(filter);
    const url = window.location.pathname + window.location.search + hash;
    if (window.location.hash !== hash) window.history.replaceState(window.history.state, '', url);
    writeSetting('filter', hash);
  }, [filter]);

  useEffect(() => {
    // A pasted link changes only the hash: take its filter.
    const onHashChange = () => setFilter(filterFromHash(window.location.hash));
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, [setFilter]);

  return [filter, setFilter];
}
