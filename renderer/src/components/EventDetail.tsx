// One event in full: fields, details, canonical JSON, integrity, and the events related to it.
import { useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Drawer from '@mui/material/Drawer';
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
import { StatusChip } from './StatusChip';

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
  return (
    <Drawer
      anchor="right"
      open={seq !== null}
      onClose={onClose}
      slotProps={{
        paper: {
          sx: { width: { xs: '100%', md: 900 } },
          'aria-label': seq === null ? 'Event' : `Event ${seq}`,
        } as object,
      }}
    >
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', p: 1, borderBottom: 1, borderColor: 'divider' }}>
        <Typography variant="h6" component="h2" sx={{ flex: 1 }}>
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
          <Box sx={{ p: 2, overflow: 'auto' }}>
            {tab === 'Event' && <FieldsTable event={shown} />}
            {tab === 'Details' && <DetailsView event={shown} />}
            {tab === 'Integrity' && <IntegrityView event={shown} report={report} store={store} />}
            {tab === 'Request trail' && shown.requestId && (
              <EventList
                label="Request trail"
                filter={{ requestId: shown.requestId }}
                currentSeq={shown.seq}
                onOpen={onOpen}
              />
            )}
            {tab === 'Entity history' && (
              <EventList
                label="Entity history"
                filter={{ entityType: shown.entityType, entityId: shown.entityId }}
                currentSeq={shown.seq}
                onOpen={onOpen}
              />
            )}
            {tab === 'Around' && <AroundView seq={shown.seq} onOpen={onOpen} />}
          </Box>
        </>
      )}
    </Drawer>
  );
}

function KeyValues({ rows, label }: { rows: [string, string][]; label: string }) {
  return (
    <Table size="small" aria-label={label}>
      <TableBody>
        {rows.map(([k, v]) => (
          <TableRow key={k}>
            <TableCell component="th" scope="row" sx={{ width: 180, fontWeight: 600, verticalAlign: 'top' }}>
              {k}
            </TableCell>
            <TableCell sx={{ fontFamily: 'monospace', fontSize: 13, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
              {v}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

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
          ['Actor', `${event.actorId} (${event.actorType})`],
          ['Action', event.action],
          ['Category', CATEGORY_LABELS[event.category as Category] ?? event.category],
          ['Entity type', event.entityType],
          ['Entity ID', event.entityId],
          ['Entity name', event.entityName ?? '—'],
          ['Status', event.status],
          ['Request ID', event.requestId ?? '—'],
          ['Key ID', event.keyId ?? '—'],
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
        <KeyValues label="Details" rows={entries.map(([k, v]) => [k, showJson(v)])} />
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
