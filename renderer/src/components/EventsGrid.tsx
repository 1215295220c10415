// The events grid: one page at a time from the service, sorted and counted there.
import { useEffect, useMemo, useState } from 'react';
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import {
  DataGrid,
  type GridColDef,
  type GridColumnVisibilityModel,
  type GridPaginationModel,
  type GridRowSelectionModel,
  type GridSortModel,
} from '@mui/x-data-grid';
import { CATEGORY_LABELS, type Category } from '../../../shared/categories';
import type { EventRow } from '../../../shared/event';
import type { EventFilter, SortField, ValueField } from '../../../shared/filter';
import type { EventPage } from '../../../shared/results';
import { codeOf, errorMessage, invoke } from '../api/client';
import { readJsonSetting, writeJsonSetting } from '../state/settings';
import { useTime } from '../state/timeContext';
import { formatCount } from '../time/format';
import { plural } from '../text/plural';
import { EventsToolbar } from './GridToolbar';
import { isMenuKey, usePivotMenu, type PivotTarget } from './PivotMenu';
import { StatusChip } from './StatusChip';

/** Grid column → the value field its cells pivot on. */
const PIVOT_OF_COLUMN: Record<string, ValueField> = {
  actorId: 'actor',
  action: 'action',
  category: 'category',
  entity: 'entity',
  status: 'status',
  requestId: 'requestId',
  keyId: 'keyId',
};

function pivotTarget(row: EventRow, column: string): PivotTarget | null {
  const field = PIVOT_OF_COLUMN[column];
  if (!field) return null;
  const value =
    field === 'entity'
      ? `${row.entityType}:${row.entityId}`
      : column === 'actorId'
        ? row.actorId
        : (row[column as 'action' | 'category' | 'status' | 'requestId' | 'keyId'] ?? null);
  return value ? { field, value } : null;
}

export interface GridSort {
  field: SortField;
  dir: 'asc' | 'desc';
}

/** Grid column → the service's sort field. */
const SORT_OF_COLUMN: Record<string, SortField> = {
  timestamp: 'timestamp',
  actorId: 'actorId',
  action: 'action',
  category: 'category',
  entity: 'entityId',
  status: 'status',
  requestId: 'requestId',
};

interface Props {
  filter: EventFilter;
  /** The filter cannot be used: run no query. */
  skip?: boolean;
  /** The count of the current filter, as the toolbar shows it. */
  onCount?(count: { total: number; estimate: boolean } | null): void;
  sort: GridSort;
  onSortChange(sort: GridSort): void;
  refreshKey: number;
  selection: GridRowSelectionModel;
  onSelectionChange(selection: GridRowSelectionModel): void;
  /** Opens the detail of the row at `index` in the current order. */
  onOpen(seq: number, index: number): void;
  /** The query's error sentence and its code (shared/errors.ts), or null when the query worked. */
  onError(error: { message: string; code: string } | null): void;
  /** The keyboard focus moved to this row (the open detail follows it). */
  onFocusRow(seq: number, index: number): void;
  /** Why the query was not run, shown in place of the rows. */
  error: string | null;
  /** The case's first and last event times, named when nothing matches. */
  span: { first: string; last: string } | null;
}

export function EventsGrid({
  filter,
  skip = false,
  onCount,
  sort,
  onSortChange,
  refreshKey,
  selection,
  onSelectionChange,
  onOpen,
  onFocusRow,
  error,
  onError,
  span,
}: Props) {
  const time = useTime();
  const openMenu = usePivotMenu();
  const [pagination, setPagination] = useState<GridPaginationModel>({ page: 0, pageSize: 100 });
  const [page, setPage] = useState<EventPage>({ rows: [], total: 0, totalIsEstimate: false });
  const [loading, setLoading] = useState(true);
  const [visibility, setVisibility] = useState<GridColumnVisibilityModel>(() => readJsonSetting('columns', {}));
  const filterKey = JSON.stringify(filter);

  // A new filter or order starts again at the first page.
  useEffect(() => setPagination((p) => (p.page === 0 ? p : { ...p, page: 0 })), [filterKey, sort.field, sort.dir]);

  useEffect(() => {
    let current = true;
    if (skip) {
      setPage({ rows: [], total: 0, totalIsEstimate: false });
      setLoading(false);
      onCount?.(null);
      return;
    }
    setLoading(true);
    onCount?.(null);
    invoke('events.query', {
      filter: JSON.parse(filterKey) as EventFilter,
      sort,
      offset: pagination.page * pagination.pageSize,
      limit: pagination.pageSize,
    })
      .then((result) => {
        if (!current) return;
        setPage(result);
        onCount?.({ total: result.total, estimate: result.totalIsEstimate });
        onError(null);
      })
      .catch((err) => {
        if (!current) return;
        setPage({ rows: [], total: 0, totalIsEstimate: false });
        onError({ message: errorMessage(err), code: codeOf(err) });
      })
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [filterKey, sort, pagination, refreshKey, onError, onCount, skip]);

  const columns = useMemo<GridColDef<EventRow>[]>(
    () => [
      // Time, Actor, Action, Entity and Status first, narrow enough to fit 1024 px beside the facets.
      {
        field: 'timestamp',
        headerName: 'Time',
        width: time.mode === 'utc' ? 236 : 262,
        valueFormatter: (v: string) => time.format(v),
      },
      { field: 'actorId', headerName: 'Actor', width: 150 },
      { field: 'action', headerName: 'Action', width: 165 },
      {
        field: 'entity',
        headerName: 'Entity',
        width: 160,
        valueGetter: (_v, row) => `${row.entityType}:${row.entityId}`,
        description: 'Type and ID of the key, certificate, policy or agent acted on',
      },
      { field: 'status', headerName: 'Status', width: 100, renderCell: (p) => <StatusChip status={p.row.status} /> },
      {
        field: 'category',
        headerName: 'Category',
        width: 150,
        valueFormatter: (v: string) => CATEGORY_LABELS[v as Category] ?? v,
      },
      { field: 'requestId', headerName: 'Request ID', width: 150 },
      { field: 'keyId', headerName: 'Key ID', width: 130, sortable: false },
      { field: 'summary', headerName: 'Summary', flex: 1, minWidth: 240, sortable: false },
      { field: 'seq', headerName: 'Seq', width: 90, type: 'number' },
    ],
    [time],
  );

  const sortModel: GridSortModel = useMemo(() => {
    const column = Object.entries(SORT_OF_COLUMN).find(([, f]) => f === sort.field)?.[0] ?? sort.field;
    return [{ field: column, sort: sort.dir }];
  }, [sort]);

  const rowCount = page.total;
  const emptyText = error
    ? `Query not run: ${error}`
    : `No events match this filter.${span ? ` The case spans ${time.format(span.first)} to ${time.format(span.last)}.` : ''}`;
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0, minWidth: 0 }}>
      {/* The loading indicator sits outside the grid, named: MUI X's own loading overlay puts an
          unnamed progress bar inside role=grid (axe: aria-progressbar-name, aria-required-children). */}
      <Box sx={{ height: 4 }}>{loading && <LinearProgress aria-label="Loading events" />}</Box>
      <DataGrid<EventRow>
        aria-label="Events"
        rows={page.rows}
        columns={columns}
        getRowId={(row) => row.seq}
        rowCount={rowCount}
        paginationMode="server"
        sortingMode="server"
        filterMode="server"
        disableColumnFilter
        paginationModel={pagination}
        onPaginationModelChange={setPagination}
        pageSizeOptions={[25, 50, 100, 500]}
        sortModel={sortModel}
        sortingOrder={['desc', 'asc']}
        onSortModelChange={(model) => {
          const first = model[0];
          if (first?.sort)
            onSortChange({ field: SORT_OF_COLUMN[first.field] ?? (first.field as SortField), dir: first.sort });
        }}
        columnVisibilityModel={visibility}
        onColumnVisibilityModelChange={(model) => {
          setVisibility(model);
          writeJsonSetting('columns', model);
        }}
        checkboxSelection
        keepNonExistentRowsSelected
        disableRowSelectionOnClick
        rowSelectionModel={selection}
        onRowSelectionModelChange={onSelectionChange}
        onCellClick={(params) => {
          // Ticking a row's checkbox selects it; any other cell opens the detail.
          if (params.field !== '__check__') onOpen(params.row.seq, rowIndex(page.rows, params.row.seq, pagination));
        }}
        onCellKeyDown={(params, event) => {
          if (isMenuKey(event)) {
            const target = pivotTarget(params.row, params.field);
            if (target) {
              event.preventDefault();
              event.defaultMuiPrevented = true;
              openMenu(target, event.target as HTMLElement);
            }
            return;
          }
          if (event.key === 'Enter' && params.field !== '__check__') {
            event.preventDefault();
            onOpen(params.row.seq, rowIndex(page.rows, params.row.seq, pagination));
          }
        }}
        showToolbar
        slots={{ toolbar: EventsToolbar }}
        slotProps={{
          toolbar: { countText: error ? 'Query not run' : plural(page.total, 'event', page.totalIsEstimate) },
          cell: {
            onContextMenu: (e: React.MouseEvent<HTMLDivElement>) => {
              const cell = e.currentTarget;
              const seq = Number(cell.closest('[data-id]')?.getAttribute('data-id'));
              const row = page.rows.find((r) => r.seq === seq);
              const target = row && pivotTarget(row, cell.getAttribute('data-field') ?? '');
              if (!target) return;
              e.preventDefault();
              openMenu(target, { x: e.clientX, y: e.clientY });
            },
            onFocus: (e: React.FocusEvent<HTMLDivElement>) => {
              const seq = Number(e.currentTarget.closest('[data-id]')?.getAttribute('data-id'));
              if (seq) onFocusRow(seq, rowIndex(page.rows, seq, pagination));
            },
          },
        }}
        localeText={{
          paginationDisplayedRows: ({ from, to, count }) =>
            `${from.toLocaleString('en')}–${to.toLocaleString('en')} of ${formatCount(count, page.totalIsEstimate)}`,
          noRowsLabel: emptyText,
        }}
        density="compact"
        sx={{ flex: 1, minHeight: 200 }}
      />
    </Box>
  );
}

function rowIndex(rows: EventRow[], seq: number, pagination: GridPaginationModel): number {
  return (
    pagination.page * pagination.pageSize +
    Math.max(
      0,
      rows.findIndex((r) => r.seq === seq),
    )
  );
}
