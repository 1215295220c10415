// The events grid: one page at a time from the service, sorted and counted there.
import { useEffect, useMemo, useState } from 'react';
import Box from '@mui/material/Box';
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
import type { EventFilter, SortField } from '../../../shared/filter';
import type { EventPage } from '../../../shared/results';
import { codeOf, errorMessage, invoke } from '../api/client';
import { readJsonSetting, writeJsonSetting } from '../state/settings';
import { useTime } from '../state/timeContext';
import { formatCount } from '../time/format';
import { EventsToolbar } from './GridToolbar';
import { StatusChip } from './StatusChip';

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
  sort: GridSort;
  onSortChange(sort: GridSort): void;
  refreshKey: number;
  selection: GridRowSelectionModel;
  onSelectionChange(selection: GridRowSelectionModel): void;
  /** Opens the detail of the row at `index` in the current order. */
  onOpen(seq: number, index: number): void;
  /** The query's error sentence and its code (shared/errors.ts), or null when the query worked. */
  onError(error: { message: string; code: string } | null): void;
}

export function EventsGrid({
  filter,
  sort,
  onSortChange,
  refreshKey,
  selection,
  onSelectionChange,
  onOpen,
  onError,
}: Props) {
  const time = useTime();
  const [pagination, setPagination] = useState<GridPaginationModel>({ page: 0, pageSize: 100 });
  const [page, setPage] = useState<EventPage>({ rows: [], total: 0, totalIsEstimate: false });
  const [loading, setLoading] = useState(true);
  const [visibility, setVisibility] = useState<GridColumnVisibilityModel>(() => readJsonSetting('columns', {}));
  const filterKey = JSON.stringify(filter);

  // A new filter or order starts again at the first page.
  useEffect(() => setPagination((p) => (p.page === 0 ? p : { ...p, page: 0 })), [filterKey, sort.field, sort.dir]);

  useEffect(() => {
    let current = true;
    setLoading(true);
    invoke('events.query', {
      filter: JSON.parse(filterKey) as EventFilter,
      sort,
      offset: pagination.page * pagination.pageSize,
      limit: pagination.pageSize,
    })
      .then((result) => {
        if (!current) return;
        setPage(result);
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
  }, [filterKey, sort, pagination, refreshKey, onError]);

  const columns = useMemo<GridColDef<EventRow>[]>(
    () => [
      { field: 'timestamp', headerName: 'Time', width: 300, valueFormatter: (v: string) => time.format(v) },
      { field: 'actorId', headerName: 'Actor', width: 170 },
      { field: 'action', headerName: 'Action', width: 210 },
      {
        field: 'category',
        headerName: 'Category',
        width: 170,
        valueFormatter: (v: string) => CATEGORY_LABELS[v as Category] ?? v,
      },
      {
        field: 'entity',
        headerName: 'Entity',
        width: 220,
        valueGetter: (_v, row) => `${row.entityType}:${row.entityId}`,
        description: 'Type and ID of the key, certificate, policy or agent acted on',
      },
      { field: 'status', headerName: 'Status', width: 120, renderCell: (p) => <StatusChip status={p.row.status} /> },
      { field: 'requestId', headerName: 'Request ID', width: 170 },
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
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }}>
      <DataGrid<EventRow>
        aria-label="Events"
        rows={page.rows}
        columns={columns}
        getRowId={(row) => row.seq}
        rowCount={rowCount}
        loading={loading}
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
          if (event.key === 'Enter' && params.field !== '__check__') {
            event.preventDefault();
            onOpen(params.row.seq, rowIndex(page.rows, params.row.seq, pagination));
          }
        }}
        showToolbar
        slots={{ toolbar: EventsToolbar }}
        slotProps={{ toolbar: { countText: `${formatCount(page.total, page.totalIsEstimate)} events` } }}
        localeText={{
          paginationDisplayedRows: ({ from, to, count }) =>
            `${from.toLocaleString('en')}–${to.toLocaleString('en')} of ${formatCount(count, page.totalIsEstimate)}`,
          noRowsLabel: 'No events match this filter.',
        }}
        density="compact"
        sx={{ flex: 1, minHeight: 300 }}
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
