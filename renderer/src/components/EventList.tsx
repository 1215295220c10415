// A compact list of related events (request trail, entity history, events around one).
import { useEffect, useRef, useState } from 'react';
import Alert from '@mui/material/Alert';
import LinearProgress from '@mui/material/LinearProgress';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { EventFilter } from '../../../shared/filter';
import type { EventPage } from '../../../shared/results';
import { errorMessage, invoke } from '../api/client';
import { useTime } from '../state/timeContext';
import { plural } from '../text/plural';
import { StatusChip } from './StatusChip';
import { HitChips, useHitMarks, type DetectionMarking } from './detections/HitMarks';

const LIMIT = 500;

interface Props {
  label: string;
  filter: EventFilter;
  currentSeq: number;
  onOpen(seq: number): void;
  /** Marks the events that are part of a detection hit (the request trail, the entity's lifecycle). */
  marking?: DetectionMarking;
}

export function EventList({ label, filter, currentSeq, onOpen, marking }: Props) {
  const time = useTime();
  const [page, setPage] = useState<EventPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = JSON.stringify(filter);
  const currentRow = useRef<HTMLTableRowElement>(null);

  useEffect(() => {
    let current = true;
    setPage(null);
    setError(null);
    invoke('events.query', {
      filter: JSON.parse(key) as EventFilter,
      sort: { field: 'timestamp', dir: 'asc' },
      limit: LIMIT,
    })
      .then((p) => current && setPage(p))
      .catch((err) => current && setError(errorMessage(err)));
    return () => {
      current = false;
    };
  }, [key]);

  const marks = useHitMarks(marking && page ? page.rows.map((r) => r.seq) : null, marking?.runKey ?? 0);

  useEffect(() => {
    // Open where the event is, not at the top of the list.
    currentRow.current?.scrollIntoView({ block: 'center' });
  }, [page]);

  if (error) return <Alert severity="error">{error}</Alert>;
  if (!page) return <LinearProgress aria-label={`Loading ${label}`} />;
  return (
    <>
      <Typography variant="body2" color="text.secondary" sx={{ my: 1 }}>
        {plural(page.total, 'event', page.totalIsEstimate)}
        {page.total > LIMIT ? `, the first ${LIMIT} shown` : ''}, oldest first
        {marks.size > 0 ? `; ${plural(marks.size, 'event')} part of a detection hit` : ''}.
      </Typography>
      <Table size="small" aria-label={label}>
        <TableHead>
          <TableRow>
            <TableCell>Time</TableCell>
            <TableCell>Action</TableCell>
            <TableCell>Actor</TableCell>
            <TableCell>Entity</TableCell>
            <TableCell>Status</TableCell>
            <TableCell align="right">Seq</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {page.rows.map((row) => {
            const hit = marks.get(row.seq);
            return (
              <TableRow
                key={row.seq}
                ref={row.seq === currentSeq ? currentRow : undefined}
                hover
                selected={row.seq === currentSeq}
                aria-current={row.seq === currentSeq ? 'true' : undefined}
                onClick={() => onOpen(row.seq)}
                onKeyDown={(e) => e.key === 'Enter' && onOpen(row.seq)}
                tabIndex={0}
                sx={{
                  cursor: 'pointer',
                  ...(hit && { '& td:first-of-type': { borderLeft: 4, borderLeftColor: 'warning.main' } }),
                  '&.Mui-selected': {
                    outline: '2px solid',
                    outlineColor: 'primary.main',
                    outlineOffset: -2,
                    '& td': { fontWeight: 700 },
                  },
                }}
                data-seq={row.seq}
                data-hit={hit ? 'true' : undefined}
              >
                <TableCell sx={{ whiteSpace: 'nowrap', fontFamily: 'monospace', fontSize: 12 }}>
                  {time.format(row.timestamp)}
                </TableCell>
                <TableCell>
                  {row.action}
                  {hit && marking && <HitChips rules={hit} onShowRule={marking.onShowRule} />}
                </TableCell>
                <TableCell>{row.actorId}</TableCell>
                <TableCell>
                  {row.entityType}:{row.entityId}
                </TableCell>
                <TableCell>
                  <StatusChip status={row.status} />
                </TableCell>
                <TableCell align="right">
                  {row.seq}
                  {row.seq === currentSeq ? ' ◀ this event' : ''}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </>
  );
}
