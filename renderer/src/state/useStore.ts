// Which store is open and what is in it: mode, info and facets, reloaded when the case changes.
import { useCallback, useEffect, useState } from 'react';
import type { Facets, StoreInfo } from '../../../shared/results';
import { errorMessage, invoke } from '../api/client';
import { appMode } from '../api/transport';

export interface StoreState {
  loading: boolean;
  hasStore: boolean;
  info: StoreInfo | null;
  facets: Facets | null;
  error: string | null;
}

/** Facets wait this long so the grid's first page, which the user waits for, is asked first. */
const FACETS_DELAY_MS = 250;

export function useStore(): [StoreState, () => void] {
  const [state, setState] = useState<StoreState>({
    loading: true,
    hasStore: false,
    info: null,
    facets: null,
    error: null,
  });
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    (async () => {
      const hasStore = appMode() === 'browser' ? true : (await invoke('app.mode', {})).hasStore;
      const info = hasStore ? await invoke('store.info', {}) : null;
      if (!current) return;
      setState((prev) => ({ loading: false, hasStore, info, facets: hasStore ? prev.facets : null, error: null }));
      if (!hasStore) return;
      timer = setTimeout(() => {
        invoke('events.facets', {}).then(
          (facets) => current && setState((prev) => ({ ...prev, facets })),
          () => undefined,
        );
      }, FACETS_DELAY_MS);
    })().catch(
      (err) =>
        current && setState({ loading: false, hasStore: false, info: null, facets: null, error: errorMessage(err) }),
    );
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return [state, reload];
}
