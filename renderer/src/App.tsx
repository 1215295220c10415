// The investigation window: toolbar, filter bar, histogram, then the grid first with the facets
// beside it and the event detail docked on its right; import, verify and export are dialogs.
// Toolbar actions go in `toolbarActions`, side panels in `sidePanels` (both below).
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import Alert from '@mui/material/Alert';
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Toolbar from '@mui/material/Toolbar';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import type { GridRowSelectionModel } from '@mui/x-data-grid';
import type { EventFilter, ValueField } from '../../shared/filter';
import type { VerifyReport } from '../../shared/results';
import { newCase, openCase } from './api/cases';
import { ERROR_CODES } from '../../shared/errors';
import { codeOf, errorMessage, invoke } from './api/client';
import { appMode, preloadApi } from './api/transport';
import { EmptyState } from './components/EmptyState';
import { EventDetail } from './components/EventDetail';
import { EventsGrid, type GridSort } from './components/EventsGrid';
import { ExportDialog } from './components/ExportDialog';
import { FacetsPanel } from './components/FacetsPanel';
import { ReportsButton } from './components/ReportsDialog';
import { FilterBar } from './components/FilterBar';
import { Histogram } from './components/Histogram';
import { ImportDialog } from './components/ImportDialog';
import { JournalBar } from './components/journal/JournalBar';
import { SavedSearchesMenu } from './components/journal/SavedSearchesMenu';
import { ShortcutsButton } from './components/journal/ShortcutsDialog';
import { PivotProvider } from './components/PivotMenu';
import { SyncControl } from './components/sync/SyncControl';
import { VerifyDialog } from './components/VerifyDialog';
import { HistoryButtons, ViewsMenu } from './components/ViewsMenu';
import { BlastRadiusDialog } from './components/detections/BlastRadiusDialog';
import { DetectionsPanel } from './components/detections/DetectionsPanel';
import { pivot, toEventFilter } from './filter/filterState';
import { readSetting, writeSetting } from './state/settings';
import { useTime } from './state/timeContext';
import { useFilterState } from './state/useFilterState';
import { useStore } from './state/useStore';

const NO_SELECTION: GridRowSelectionModel = { type: 'include', ids: new Set() };

interface OpenDetail {
  seq: number;
  /** Position in the grid's current order, when opened from the grid. */
  index: number | null;
}

export function App() {
  const mode = appMode();
  const time = useTime();
  const [store, reloadStore] = useStore();
  const [filterState, setFilterState] = useFilterState();
  const [sort, setSort] = useState<GridSort>({ field: 'timestamp', dir: 'desc' });
  const [refreshKey, setRefreshKey] = useState(0);
  const [queryError, setQueryError] = useState<string | null>(null);
  const [queryErrorCode, setQueryErrorCode] = useState<string | null>(null);
  const [selection, setSelection] = useState<GridRowSelectionModel>(NO_SELECTION);
  const [detail, setDetail] = useState<OpenDetail | null>(null);
  const [report, setReport] = useState<VerifyReport | null>(null);
  const [importState, setImportState] = useState<{ open: boolean; dropped: File[] }>({ open: false, dropped: [] });
  const [verifyOpen, setVerifyOpen] = useState(false);
  const [exportOpen, setExportOpen] = useState(false);
  const [detectionsOpen, setDetectionsOpen] = useState(false);
  /** Only these events: a rule's hits, or the events a question or conclusion cites (`label` says which). */
  const [hitFilter, setHitFilter] = useState<{ ruleTitle: string; seqs: number[]; label?: string } | null>(null);
  const [tagNames, setTagNames] = useState<string[]>([]);
  const [blastKey, setBlastKey] = useState<string | null>(null);
  /** Bumped after each detection run: the trail and lifecycle views ask for their marks again. */
  const [detectionRuns, setDetectionRuns] = useState(0);
  const onDetectionRan = useCallback(() => setDetectionRuns((n) => n + 1), []);
  /** A hit's mark in the trail or lifecycle view asked for its rule's hits. */
  const [focusRule, setFocusRule] = useState<{ ruleId: string; n: number } | null>(null);
  const marking = useMemo(
    () => ({
      runKey: detectionRuns,
      onShowRule: (ruleId: string) => {
        setDetectionsOpen(true);
        setFocusRule((f) => ({ ruleId, n: (f?.n ?? 0) + 1 }));
      },
    }),
    [detectionRuns],
  );
  const [gridCount, setGridCount] = useState<{ total: number; estimate: boolean } | null>(null);
  const [facetsOpen, setFacetsOpen] = useState(
    () => readSetting('facets.open', window.innerWidth >= 1200 ? 'yes' : 'no') === 'yes',
  );

  const [filter, filterError] = useMemo((): [EventFilter, string | null] => {
    try {
      const base = toEventFilter(filterState);
      return [hitFilter ? { ...base, seqs: hitFilter.seqs } : base, null];
    } catch (err) {
      return [{}, `The filter could not be used: ${errorMessage(err)}`];
    }
  }, [filterState, hitFilter]);

  // A new filter clears the ticked rows: a selection the user can no longer see is not exported.
  const filterKey = JSON.stringify(filter);
  useEffect(() => setSelection(NO_SELECTION), [filterKey]);

  const onPivot = useCallback(
    (field: ValueField, value: string, how: 'include' | 'exclude') =>
      setFilterState(pivot(filterState, field, value, how)),
    [filterState, setFilterState],
  );

  useEffect(() => {
    // Esc closes the docked detail from the grid too (a dialog or menu takes its own Esc first).
    if (!detail) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented && !document.querySelector('.MuiModal-root')) setDetail(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [detail]);

  const refresh = useCallback(() => {
    reloadStore();
    setRefreshKey((k) => k + 1);
  }, [reloadStore]);

  useEffect(() => {
    // The tag names in use, for the filter bar's "Tagged" box.
    if (!store.hasStore) return;
    let live = true;
    invoke('journal.tags', {}).then(
      (tags) => live && setTagNames(tags.map((t) => t.name)),
      () => live && setTagNames([]),
    );
    return () => {
      live = false;
    };
  }, [store.hasStore, refreshKey]);

  const openImport = useCallback((dropped: File[] = []) => setImportState({ open: true, dropped }), []);

  useEffect(() => {
    // The desktop menu: Import, Export, Verify, Open case.
    const onMenu = preloadApi()?.onMenu;
    if (!onMenu) return;
    return onMenu((command) => {
      if (command === 'import') openImport();
      else if (command === 'export') setExportOpen(true);
      else if (command === 'verify') setVerifyOpen(true);
      else {
        const open = command === 'case.new' ? newCase : openCase;
        open().then(
          (info) => info && refresh(),
          (err) => {
            setQueryError(errorMessage(err));
            setQueryErrorCode(codeOf(err));
          },
        );
      }
    });
  }, [openImport, refresh]);

  const step = useCallback(
    async (delta: -1 | 1) => {
      if (!detail) return;
      if (detail.index === null) {
        setDetail({ seq: detail.seq + delta, index: null });
        return;
      }
      const offset = detail.index + delta;
      if (offset < 0) return;
      const page = await invoke('events.query', { filter, sort, offset, limit: 1 });
      if (page.rows[0]) setDetail({ seq: page.rows[0].seq, index: offset });
    },
    [detail, filter, sort],
  );

  const onGridError = useCallback((error: { message: string; code: string } | null) => {
    setQueryError(error?.message ?? null);
    setQueryErrorCode(error?.code ?? null);
  }, []);
  // Search syntax errors belong under the Search box.
  const searchError =
    queryError && filterState.q.trim() && queryErrorCode === ERROR_CODES.SearchSyntaxError ? queryError : null;
  const selectedSeqs = useMemo(() => [...selection.ids].map(Number), [selection]);
  // Tag, comment and star act on the ticked rows, or on the open event when none is ticked.
  const journalSeqs = useMemo(
    () => (selectedSeqs.length ? selectedSeqs : detail ? [detail.seq] : []),
    [selectedSeqs, detail],
  );
  const eventCount = store.info?.eventCount ?? 0;
  const empty = !store.loading && (!store.hasStore || eventCount === 0);
  const span = useMemo(
    () =>
      store.info?.firstTimestamp && store.info.lastTimestamp
        ? { first: store.info.firstTimestamp, last: store.info.lastTimestamp }
        : null,
    [store.info],
  );

  /** The toolbar's actions, left to right; a new feature adds its button here. */
  const toolbarActions: ReactNode[] = [
    <HistoryButtons key="history" />,
    <ViewsMenu key="views" filter={filterState} />,
    <SavedSearchesMenu
      key="saved"
      filter={filterState}
      disabled={!store.hasStore}
      refreshKey={refreshKey}
      onApply={(next) => {
        setHitFilter(null);
        setFilterState(next);
      }}
      onChanged={refresh}
    />,
    <Button
      key="facets"
      variant={facetsOpen ? 'contained' : 'outlined'}
      color="inherit"
      aria-pressed={facetsOpen}
      onClick={() => {
        writeSetting('facets.open', facetsOpen ? 'no' : 'yes');
        setFacetsOpen(!facetsOpen);
      }}
    >
      Facets
    </Button>,
    <Button key="import" variant="outlined" onClick={() => openImport()}>
      Import
    </Button>,
    <JournalBar
      key="journal"
      selectedSeqs={journalSeqs}
      filter={filter}
      disabled={!store.hasStore || eventCount === 0}
      onChanged={refresh}
      onOpenEvent={(seq) => setDetail({ seq, index: null })}
      onShowEvents={(label, seqs, focus) => {
        setHitFilter({ ruleTitle: label, seqs, label: `Showing the ${seqs.length} event(s) ${label}` });
        setDetail({ seq: focus, index: null });
      }}
      journalKey={refreshKey}
    />,
    <SyncControl key="sync" disabled={!store.hasStore} onSynced={refresh} />,
    <Button key="detections" variant="outlined" onClick={() => setDetectionsOpen((o) => !o)} disabled={!store.hasStore}>
      Detections
    </Button>,
    <Button key="verify" variant="outlined" onClick={() => setVerifyOpen(true)} disabled={!store.hasStore}>
      Verify
    </Button>,
    <ReportsButton key="reports" disabled={!store.hasStore} />,
    <ShortcutsButton key="shortcuts" />,
    <Button
      key="export"
      variant="contained"
      onClick={() => setExportOpen(true)}
      disabled={!store.hasStore || eventCount === 0}
    >
      Export CSV
    </Button>,
  ];

  /** Panels docked right of the grid; a new panel adds itself here. */
  const sidePanels: ReactNode[] = [
    <EventDetail
      key="detail"
      seq={detail?.seq ?? null}
      canGoBack={detail !== null && (detail.index === null ? detail.seq > 1 : detail.index > 0)}
      canGoForward={detail !== null && (detail.index !== null || detail.seq < eventCount)}
      onPrevious={() => void step(-1)}
      onNext={() => void step(1)}
      onOpen={(seq) => setDetail({ seq, index: null })}
      onClose={() => setDetail(null)}
      report={report}
      store={store.info}
      journalKey={refreshKey}
      onJournalChanged={refresh}
      marking={marking}
    />,
  ];

  return (
    <PivotProvider onPivot={(target, how) => onPivot(target.field, target.value, how)}>
      <Box
        sx={{ height: '100vh', display: 'flex', flexDirection: 'column' }}
        onDragOver={(e) => {
          if (e.dataTransfer.types.includes('Files')) e.preventDefault();
        }}
        onDrop={(e) => {
          if (e.dataTransfer.files.length === 0) return;
          e.preventDefault();
          openImport([...e.dataTransfer.files]);
        }}
      >
        <AppBar position="static" color="default" elevation={0} sx={{ borderBottom: 1, borderColor: 'divider' }}>
          <Toolbar variant="dense" sx={{ gap: 1 }}>
            <Typography variant="h6" component="h1" sx={{ mr: 2 }}>
              SignTrail
            </Typography>
            <Typography variant="body2" color="text.secondary" sx={{ flex: 1 }} noWrap title={store.info?.path}>
              {store.info ? `${store.info.path.split(/[\\/]/).pop()} · ${eventCount.toLocaleString('en')} events` : ''}
            </Typography>
            <ToggleButtonGroup
              size="small"
              exclusive
              value={time.mode}
              onChange={(_, m) => m && time.setMode(m)}
              aria-label="Show times in"
            >
              <ToggleButton value="utc">UTC</ToggleButton>
              <Tooltip title={`Local time: ${time.zone}`} describeChild>
                <ToggleButton value="local">Local</ToggleButton>
              </Tooltip>
            </ToggleButtonGroup>
            {toolbarActions}
          </Toolbar>
        </AppBar>
        {store.loading && <LinearProgress aria-label="Opening the case" />}
        {store.error && (
          <Alert severity="error" sx={{ m: 1 }}>
            {store.error}
          </Alert>
        )}
        {empty && !store.error ? (
          <EmptyState mode={mode} hasStore={store.hasStore} onImport={() => openImport()} onCaseOpened={refresh} />
        ) : (
          !store.loading &&
          !store.error && (
            <>
              <FilterBar
                filter={filterState}
                facets={store.facets}
                searchError={searchError}
                span={span}
                tagNames={tagNames}
                onChange={setFilterState}
              />
              {hitFilter && (
                <Alert severity="info" sx={{ mx: 1 }} onClose={() => setHitFilter(null)}>
                  {hitFilter.label ??
                    `Showing the ${hitFilter.seqs.length} events of the hits of “${hitFilter.ruleTitle}”`}
                </Alert>
              )}
              {filterError && (
                <Alert severity="warning" sx={{ mx: 1 }}>
                  Query not run: {filterError}
                </Alert>
              )}
              <Histogram
                filter={filter}
                refreshKey={refreshKey}
                span={span}
                onRange={(from, to) => setFilterState({ ...filterState, from, to })}
              />
              <Box sx={{ display: 'flex', flex: 1, minHeight: 0 }}>
                {facetsOpen && <FacetsPanel filter={filter} refreshKey={refreshKey} onPivot={onPivot} />}
                <EventsGrid
                  filter={filter}
                  skip={filterError !== null}
                  sort={sort}
                  onSortChange={setSort}
                  refreshKey={refreshKey}
                  selection={selection}
                  onSelectionChange={setSelection}
                  onOpen={(seq, index) => setDetail({ seq, index })}
                  onFocusRow={(seq, index) => setDetail((d) => (d && d.seq !== seq ? { seq, index } : d))}
                  error={filterError ?? queryError}
                  onError={onGridError}
                  onCount={setGridCount}
                  span={span}
                />
                {sidePanels}
              </Box>
            </>
          )
        )}
        <ImportDialog
          open={importState.open}
          dropped={importState.dropped}
          onClose={() => setImportState({ open: false, dropped: [] })}
          onImported={refresh}
        />
        <VerifyDialog
          open={verifyOpen}
          onClose={() => setVerifyOpen(false)}
          onReport={setReport}
          onOpenEvent={(seq) => {
            setVerifyOpen(false);
            setDetail({ seq, index: null });
          }}
        />
        {store.hasStore && !store.loading && (
          <DetectionsPanel
            open={detectionsOpen}
            onClose={() => setDetectionsOpen(false)}
            refreshKey={refreshKey}
            onShowHits={setHitFilter}
            onBlastRadius={setBlastKey}
            onRan={onDetectionRan}
            focus={focusRule}
          />
        )}
        <BlastRadiusDialog keyId={blastKey} onClose={() => setBlastKey(null)} />
        <ExportDialog
          open={exportOpen}
          filter={filter}
          filterState={filterState}
          count={gridCount}
          selectedSeqs={selectedSeqs}
          onClose={() => setExportOpen(false)}
        />
      </Box>
    </PivotProvider>
  );
}
