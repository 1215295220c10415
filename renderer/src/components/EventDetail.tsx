// One event in full: fields, details, canonical JSON, integrity, and the events related to it.
import { useEffect, useRef, useState } from 'react';
import type { ValueField } from '../../../shared/filter';
import { readSetting, writeSetting } from '../state/settings';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import CloseIcon from '@mui/icons-material/Close';
import { CATEGORY_LABELS, type Category } from '../../../shared/categories';
import type { EventDetail as Detail, JsonValue } from '../../../shared/event';
import type { StoreInfo, VerifyReport } from '../../../shared/results';
import { errorMessage, invoke } from '../api/client';
import { describeCoverage, verificationCoverage } from '../filter/coverage';
import { useTime } from '../state/timeContext';
import { formatTimestamp } from '../time/format';
import { EventList } from './EventList';
import { EntityNotes, EventJournal, noteTypeOf } from './journal/EventJournal';
import { usePivotProps, type PivotTarget } from './PivotMenu';
import { StatusChip } from './StatusChip';
import type { DetectionMarking } from './detections/HitMarks';

interface Props {
  seq: number | null;
  canGoBack: boolean;
  canGoForward: boolean;
  onPrevious(): void;
  onNext(): void;
  onOpen(seq: number): void;
  onClose(): void;
  report: VerifyReport | null;
  store: StoreInfo | null;
  /** Bumped when the journal changed (the detail's journal section reloads). */
  journalKey: number;
  onJournalChanged(): void;
  /** Marks detection hits in the request trail and the entity's history. */
  marking?: DetectionMarking;
}

const TABS = ['Event', 'Details', 'Integrity', 'Request trail', 'Entity history', 'Around'] as const;
type TabName = (typeof TABS)[number];

export function EventDetail({
  seq,
  canGoBack,
  canGoForward,
  onPrevious,
  onNext,
  onOpen,
  onClose,
  report,
  store,
  journalKey,
  onJournalChanged,
  marking,
}: Props) {
  const [detail, setDetail] = useState<Detail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tab, setTab] = useState<TabName>('Event');

  useEffect(() => {
    if (seq === null) return;
    let current = true;
    setError(null);
    invoke('events.get', { seq })
      .then((d) => {
        if (!current) return;
        setDetail(d);
        if (!d) setError(`There is no event with seq ${seq} in this store.`);
      })
      .catch((err) => current && setError(errorMessage(err)));
    return () => {
      current = false;
    };
  }, [seq]);

  const shown = detail && detail.seq === seq ? detail : null;
  const [width, setWidth] = useState(() =>
    clampWidth(Number(readSetting('detail.width', String(Math.round(window.innerWidth * 0.38))))),
  );
  const resize = (w: number) => {
    const next = clampWidth(w);
    setWidth(next);
    writeSetting('detail.width', String(next));
  };
  if (seq === null) return null;
  return (
    <Box
      component="section"
      aria-label={`Event ${seq}`}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented) {
          e.stopPropagation();
          onClose();
        }
      }}
      sx={{
        width,
        flexShrink: 0,
        display: 'flex',
        flexDirection: 'column',
        minHeight: 0,
        borderLeft: 1,
        borderColor: 'divider',
        position: 'relative',
        bgcolor: 'background.paper',
      }}
    >
      <ResizeHandle width={width} onResize={resize} />
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', p: 1, borderBottom: 1, borderColor: 'divider' }}>
        <Typography variant="subtitle1" component="h2" sx={{ flex: 1, fontWeight: 600 }} noWrap>
          Event {seq}
          {shown ? ` · ${shown.action}` : ''}
        </Typography>
        <Button size="small" onClick={onPrevious} disabled={!canGoBack}>
          Previous
        </Button>
        <Button size="small" onClick={onNext} disabled={!canGoForward}>
          Next
        </Button>
        <IconButton aria-label="Close" onClick={onClose}>
          <CloseIcon />
        </IconButton>
      </Stack>
      {error && <Alert severity="error">{error}</Alert>}
      {!shown && !error && <LinearProgress aria-label="Loading the event" />}
      {shown && (
        <>
          <Tabs value={tab} onChange={(_, t: TabName) => setTab(t)} variant="scrollable" aria-label="Event views">
            {TABS.map((t) => (
              <Tab key={t} value={t} label={t} disabled={t === 'Request trail' && !shown.requestId} />
            ))}
          </Tabs>
          <Box sx={{ p: 1.5, overflow: 'auto', flex: 1, minHeight: 0 }}>
            {tab === 'Event' && (
              <>
                <FieldsTable event={shown} />
                <EventJournal seq={shown.seq} refreshKey={journalKey} onChanged={onJournalChanged} />
                {/* Actors and agents have no lifecycle tab of their own: their notes live with the event. */}
                <EntityNotes type="actor" noun="actor" id={shown.actorId} onChanged={onJournalChanged} />
                {typeof shown.details.agent === 'string' && shown.details.agent !== '' && (
                  <EntityNotes type="agent" noun="agent" id={shown.details.agent} onChanged={onJournalChanged} />
                )}
              </>
            )}
            {tab === 'Details' && <DetailsView event={shown} />}
            {tab === 'Integrity' && <IntegrityView event={shown} report={report} store={store} />}
            {tab === 'Request trail' && shown.requestId && (
              <EventList
                label="Request trail"
                filter={{ requestId: shown.requestId }}
                currentSeq={shown.seq}
                onOpen={onOpen}
                marking={marking}
              />
            )}
            {tab === 'Entity history' && noteTypeOf(shown.entityType) && (
              <EntityNotes type={noteTypeOf(shown.entityType)!} id={shown.entityId} onChanged={onJournalChanged} />
            )}
            {tab === 'Entity history' && (
              <EventList
                label="Entity history"
                filter={{ entityType: shown.entityType, entityId: shown.entityId }}
                currentSeq={shown.seq}
                onOpen={onOpen}
                marking={marking}
              />
            )}
            {tab === 'Around' && <AroundView seq={shown.seq} onOpen={onOpen} />}
          </Box>
        </>
      )}
    </Box>
  );
}

function clampWidth(w: number): number {
  const max = Math.max(360, Math.floor(window.innerWidth * 0.7));
  return Math.min(max, Math.max(320, Number.isFinite(w) ? w : 520));
}

/** Drag (or arrow keys on it) to make the detail wider or narrower. */
function ResizeHandle({ width, onResize }: { width: number; onResize(w: number): void }) {
  const start = useRef<{ x: number; w: number } | null>(null);
  return (
    <Box
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the event detail"
      aria-valuenow={width}
      aria-valuemin={320}
      tabIndex={0}
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        start.current = { x: e.clientX, w: width };
      }}
      onPointerMove={(e) => start.current && onResize(start.current.w + start.current.x - e.clientX)}
      onPointerUp={() => (start.current = null)}
      onKeyDown={(e) => {
        if (e.key === 'ArrowLeft') onResize(width + 40);
        else if (e.key === 'ArrowRight') onResize(width - 40);
        else return;
        e.preventDefault();
      }}
      sx={{
        position: 'absolute',
        left: -4,
        top: 0,
        bottom: 0,
        width: 8,
        cursor: 'col-resize',
        zIndex: 2,
        '&:hover, &:focus-visible': { bgcolor: 'primary.main', opacity: 0.4, outline: 'none' },
      }}
    />
  );
}

type KeyValueRow = [string, string] | [string, string, PivotTarget | null];

function KeyValues({ rows, label }: { rows: KeyValueRow[]; label: string }) {
  return (
    <Table size="small" aria-label={label}>
      <TableBody>
        {rows.map(([k, v, target]) => (
          <TableRow key={k}>
            <TableCell component="th" scope="row" sx={{ width: 130, fontWeight: 600, verticalAlign: 'top' }}>
              {k}
            </TableCell>
            <ValueCell value={v} target={target ?? null} />
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** A value; when it is one a filter can take, right-click or Shift+F10 offers to filter on it or exclude it. */
function ValueCell({ value, target }: { value: string; target: PivotTarget | null }) {
  const pivot = usePivotProps(target);
  return (
    <TableCell
      {...pivot}
      sx={{
        fontFamily: 'monospace',
        fontSize: 13,
        wordBreak: 'break-all',
        whiteSpace: 'pre-wrap',
        ...(target && {
          cursor: 'context-menu',
          '&:focus-visible': { outline: '2px solid', outlineColor: 'primary.main' },
        }),
      }}
    >
      {value}
    </TableCell>
  );
}

const pv = (field: ValueField, value: string | null | undefined): PivotTarget | null =>
  value ? { field, value } : null;

function FieldsTable({ event }: { event: Detail }) {
  const time = useTime();
  return (
    <>
      <Box sx={{ mb: 1 }}>
        <StatusChip status={event.status} />
      </Box>
      <KeyValues
        label="Fields"
        rows={[
          ['Seq', String(event.seq)],
          ['Event ID', event.id],
          ['Time', time.format(event.timestamp)],
          ['Time (UTC)', formatTimestamp(event.timestamp, 'utc', 'UTC')],
          ['Actor', event.actorId, pv('actor', event.actorId)],
          ['Actor type', event.actorType],
          ['Action', event.action, pv('action', event.action)],
          ['Category', CATEGORY_LABELS[event.category as Category] ?? event.category, pv('category', event.category)],
          ['Entity', `${event.entityType}:${event.entityId}`, pv('entity', `${event.entityType}:${event.entityId}`)],
          ['Entity name', event.entityName ?? '—'],
          ['Status', event.status, pv('status', event.status)],
          ['Request ID', event.requestId ?? '—', pv('requestId', event.requestId)],
          ['Key ID', event.keyId ?? '—', pv('keyId', event.keyId)],
          ['Summary', event.summary],
          ['Source', `${event.sourceFile}, line ${event.sourceLine} (import ${event.importId})`],
        ]}
      />
    </>
  );
}

function showJson(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

function DetailsView({ event }: { event: Detail }) {
  const entries = Object.entries(event.details);
  return (
    <>
      <Typography variant="subtitle2" component="h3">
        Details
      </Typography>
      {entries.length === 0 ? (
        <Typography variant="body2">This event has no details.</Typography>
      ) : (
        <KeyValues
          label="Details"
          rows={entries.map(([k, v]): KeyValueRow => [
            k,
            showJson(v),
            k === 'agent' && typeof v === 'string' ? pv('agent', v) : null,
          ])}
        />
      )}
      <Typography variant="subtitle2" component="h3" sx={{ mt: 2 }}>
        Canonical JSON (the hashed bytes)
      </Typography>
      <Box
        component="pre"
        aria-label="Canonical JSON"
        sx={{
          p: 1,
          bgcolor: 'action.hover',
          borderRadius: 1,
          whiteSpace: 'pre-wrap',
          wordBreak: 'break-all',
          fontSize: 12,
        }}
      >
        {event.canonical}
      </Box>
    </>
  );
}

function IntegrityView({
  event,
  report,
  store,
}: {
  event: Detail;
  report: VerifyReport | null;
  store: StoreInfo | null;
}) {
  const coverage = verificationCoverage(event.seq, report);
  const checkpoint = store?.latestCheckpoint;
  const sealed = checkpoint
    ? event.seq <= checkpoint.size
      ? `Sealed by the newest checkpoint (size ${checkpoint.size.toLocaleString('en')}, ${checkpoint.createdAt}).`
      : `After the newest checkpoint (size ${checkpoint.size.toLocaleString('en')}): not sealed yet.`
    : 'The store has no checkpoint yet.';
  return (
    <>
      <KeyValues
        label="Integrity"
        rows={[
          ['Seq', String(event.seq)],
          ['Leaf hash', event.leafHex],
          ['Chain hash', event.chainHex],
          ['Checkpoint', sealed],
        ]}
      />
      <Alert
        severity={coverage.kind === 'intact' ? 'success' : coverage.kind === 'finding' ? 'error' : 'info'}
        sx={{ mt: 2 }}
      >
        {describeCoverage(coverage)}
      </Alert>
    </>
  );
}

function AroundView({ seq, onOpen }: { seq: number; onOpen(seq: number): void }) {
  const [minutes, setMinutes] = useState(10);
  const [text, setText] = useState('10');
  return (
    <>
      <TextField
        size="small"
        type="number"
        label="Minutes before and after"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          const n = Number(e.target.value);
          if (Number.isFinite(n) && n > 0 && n <= 525_600) setMinutes(n);
        }}
        slotProps={{ htmlInput: { min: 1, max: 525600 } }}
        sx={{ mb: 1 }}
      />
      <EventList
        label="Events around"
        filter={{ around: { seq, windowMinutes: minutes } }}
        currentSeq={seq}
        onOpen={onOpen}
      />
    </>
  );
}
