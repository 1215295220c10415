// What the case journal says about one event, in its detail: the tags (untag), the star (star or
// unstar), the comments (amend or retract: new entries, nothing is edited) and the notes on its
// key, certificate, actor, agent or policy, each with the analyst and time of its entry. Also the
// notes on one entity, for its lifecycle view, where a new note can be written.
import { useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { ChannelArgs } from '../../../../shared/channels';
import { ENTITY_NOTE_TYPES, type EntityNoteType, type EventAnnotations } from '../../../../shared/journal';
import { errorMessage, invoke } from '../../api/client';
import { journalTime } from './useJournalMessage';

type Add = ChannelArgs<'journal.add'>;

/** Writes one entry; returns the error message, or null when written. */
async function addEntry(args: Add): Promise<string | null> {
  try {
    await invoke('journal.add', args);
    return null;
  } catch (err) {
    return errorMessage(err);
  }
}

const Meta = ({ analyst, time }: { analyst: string; time: string }) => (
  <Typography component="span" variant="caption" color="text.secondary">
    {' '}
    — {analyst}, {journalTime(time)}
  </Typography>
);

export interface EventJournalProps {
  seq: number;
  /** Bumped when the journal changed elsewhere. */
  refreshKey: number;
  onChanged(): void;
}

export function EventJournal({ seq, refreshKey, onChanged }: EventJournalProps) {
  const [notes, setNotes] = useState<EventAnnotations | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const [newTag, setNewTag] = useState('');
  const [newComment, setNewComment] = useState('');
  const [amending, setAmending] = useState<{ id: string; text: string } | null>(null);

  useEffect(() => {
    let live = true;
    invoke('journal.annotations', { seq }).then(
      (a) => live && (setNotes(a), setError(null)),
      (err) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [seq, refreshKey, reload]);

  const write = async (args: Add) => {
    const problem = await addEntry(args);
    setError(problem);
    if (problem === null) {
      setReload((k) => k + 1);
      onChanged();
    }
    return problem === null;
  };
  const on = { seqs: [seq] };

  return (
    <Box component="section" aria-label="Annotations of this event" sx={{ mt: 2 }}>
      <Typography variant="subtitle2" component="h3">
        Journal
      </Typography>
      {error && <Alert severity="error">{error}</Alert>}
      {notes && (
        <>
          <Box data-testid="event-star" sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
            <Typography variant="body2">
              {notes.star ? (
                <>
                  Starred
                  <Meta analyst={notes.star.analyst} time={notes.star.time} />
                </>
              ) : (
                'Not starred'
              )}
            </Typography>
            <Button
              size="small"
              onClick={() => void write({ kind: notes.starred ? 'unstar' : 'star', body: {}, ...on })}
            >
              {notes.starred ? 'Unstar' : 'Star'}
            </Button>
          </Box>
          <Typography variant="body2" sx={{ fontWeight: 600, mt: 1 }}>
            Tags
          </Typography>
          {notes.tagEntries.length === 0 && <Typography variant="body2">No tags.</Typography>}
          {notes.tagEntries.map((t) => (
            <Box key={t.name} data-testid="event-tag" sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
              <Typography variant="body2" sx={{ wordBreak: 'break-word' }}>
                <strong>{t.name}</strong>
                {t.note ? ` (${t.note})` : ''}
                <Meta analyst={t.analyst} time={t.time} />
              </Typography>
              <Button
                size="small"
                aria-label={`Untag ${t.name}`}
                onClick={() => void write({ kind: 'untag', body: { name: t.name }, ...on })}
              >
                Untag
              </Button>
            </Box>
          ))}
          <Box sx={{ display: 'flex', gap: 1, mt: 0.5 }}>
            <TextField
              size="small"
              label="Add a tag"
              value={newTag}
              onChange={(e) => setNewTag(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && newTag.trim())
                  void write({ kind: 'tag', body: { name: newTag.trim() }, ...on }).then((ok) => ok && setNewTag(''));
              }}
            />
          </Box>
          <Typography variant="body2" sx={{ fontWeight: 600, mt: 1 }}>
            Comments
          </Typography>
          {notes.comments.length === 0 && <Typography variant="body2">No comments.</Typography>}
          {notes.comments.map((c) => (
            <Box key={c.id} data-testid="event-comment" sx={{ borderLeft: 2, borderColor: 'divider', pl: 1, my: 0.5 }}>
              {amending?.id === c.id ? (
                <Box sx={{ display: 'flex', gap: 1, alignItems: 'flex-start' }}>
                  <TextField
                    autoFocus
                    size="small"
                    multiline
                    fullWidth
                    label="Amended comment"
                    value={amending.text}
                    onChange={(e) => setAmending({ id: c.id, text: e.target.value })}
                  />
                  <Button
                    size="small"
                    disabled={!amending.text.trim()}
                    onClick={() =>
                      void write({ kind: 'amend', body: { entry: c.id, text: amending.text.trim() } }).then(
                        (ok) => ok && setAmending(null),
                      )
                    }
                  >
                    Save
                  </Button>
                  <Button size="small" onClick={() => setAmending(null)}>
                    Cancel
                  </Button>
                </Box>
              ) : (
                <>
                  <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                    {c.text}
                    {c.amended && ' (amended)'}
                    <Meta analyst={c.analyst} time={c.time} />
                  </Typography>
                  <Button size="small" onClick={() => setAmending({ id: c.id, text: c.text })}>
                    Amend
                  </Button>
                  <Button size="small" onClick={() => void write({ kind: 'retract', body: { entry: c.id } })}>
                    Retract
                  </Button>
                </>
              )}
            </Box>
          ))}
          <Box sx={{ display: 'flex', gap: 1, mt: 0.5, alignItems: 'flex-start' }}>
            <TextField
              size="small"
              multiline
              fullWidth
              label="Add a comment"
              value={newComment}
              onChange={(e) => setNewComment(e.target.value)}
            />
            <Button
              disabled={!newComment.trim()}
              onClick={() =>
                void write({ kind: 'comment', body: { text: newComment.trim() }, ...on }).then(
                  (ok) => ok && setNewComment(''),
                )
              }
            >
              Comment
            </Button>
          </Box>
          {notes.entityNotes.length > 0 && (
            <>
              <Typography variant="body2" sx={{ fontWeight: 600, mt: 1 }}>
                Notes on its entities
              </Typography>
              {notes.entityNotes.map((n) => (
                <Typography key={n.id} variant="body2" data-testid="event-entity-note" sx={{ wordBreak: 'break-word' }}>
                  {n.entity.type} {n.entity.id}: {n.text}
                  {n.amended && ' (amended)'}
                  <Meta analyst={n.analyst} time={n.time} />
                </Typography>
              ))}
            </>
          )}
        </>
      )}
    </Box>
  );
}

/** The entity-note type of an event's entity (`Key` → key), or null when notes do not apply. */
export function noteTypeOf(entityType: string): EntityNoteType | null {
  const t = entityType.toLowerCase();
  return (ENTITY_NOTE_TYPES as readonly string[]).includes(t) ? (t as EntityNoteType) : null;
}

/** Notes on one entity, for its lifecycle view, and a box to write a new one. */
export function EntityNotes({
  type,
  id,
  onChanged,
  noun = 'entity',
}: {
  type: EntityNoteType;
  id: string;
  onChanged(): void;
  /** What the add box calls the thing noted: "entity" on its lifecycle view, "actor" or "agent" on an event. */
  noun?: string;
}) {
  const [list, setList] = useState<EventAnnotations['entityNotes']>([]);
  const [error, setError] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [reload, setReload] = useState(0);
  useEffect(() => {
    let live = true;
    invoke('journal.entityNotes', { type, id }).then(
      (l) => live && (setList(l), setError(null)),
      (err) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [type, id, reload]);
  const add = async () => {
    const problem = await addEntry({ kind: 'entity-note', body: { entity: { type, id }, text: text.trim() } });
    setError(problem);
    if (problem === null) {
      setText('');
      setReload((k) => k + 1);
      onChanged();
    }
  };
  return (
    <Box component="section" aria-label={`Notes on ${type} ${id}`} sx={{ mb: 2 }}>
      <Typography variant="subtitle2" component="h3">
        Notes on {type} {id}
      </Typography>
      {error && <Alert severity="error">{error}</Alert>}
      {list.length === 0 && <Typography variant="body2">No notes.</Typography>}
      {list.map((n) => (
        <Typography key={n.id} variant="body2" data-testid="entity-note" sx={{ wordBreak: 'break-word' }}>
          {n.text}
          {n.amended && ' (amended)'}
          <Meta analyst={n.analyst} time={n.time} />
        </Typography>
      ))}
      <Box sx={{ display: 'flex', gap: 1, mt: 0.5, alignItems: 'flex-start' }}>
        <TextField
          size="small"
          fullWidth
          label={`Add a note on this ${noun}`}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <Button disabled={!text.trim()} onClick={() => void add()}>
          Add note
        </Button>
      </Box>
    </Box>
  );
}
