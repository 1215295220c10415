// The filter lives in the URL hash (copyable), in the tab's history (Back and Forward step through
// filter and zoom changes) and in localStorage (restored on the next start, and the recent views).
import { useCallback, useEffect, useRef, useState } from 'react';
import { EMPTY_FILTER, filterFromHash, filterToHash, sameFilter, type FilterState } from '../filter/filterState';
import { rememberView } from './views';
import { readSetting, writeSetting } from './settings';

function initialFilter(): FilterState {
  if (window.location.hash.length > 1) return filterFromHash(window.location.hash);
  const saved = readSetting('filter', '');
  return saved ? filterFromHash(saved) : EMPTY_FILTER;
}

export function useFilterState(): [FilterState, (next: FilterState) => void] {
  const [filter, setFilterState] = useState<FilterState>(initialFilter);
  const first = useRef(true);

  const setFilter = useCallback((next: FilterState) => {
    setFilterState((prev) => (sameFilter(prev, next) ? prev : next));
  }, []);

  useEffect(() => {
    const hash = filterToHash(filter);
    if (window.location.hash !== hash) {
      const url = window.location.pathname + window.location.search + hash;
      // Each change is a history entry, so Back undoes it; the view restored at start is not.
      if (first.current) window.history.replaceState(window.history.state, '', url);
      else window.history.pushState(null, '', url);
    }
    first.current = false;
    writeSetting('filter', hash);
    rememberView(hash);
  }, [filter]);

  useEffect(() => {
    // Back, Forward and a pasted link change the address: take its filter.
    const onAddress = () => setFilter(filterFromHash(window.location.hash));
    window.addEventListener('popstate', onAddress);
    window.addEventListener('hashchange', onAddress);
    return () => {
      window.removeEventListener('popstate', onAddress);
      window.removeEventListener('hashchange', onAddress);
    };
  }, [setFilter]);

  return [filter, setFilter];
}
