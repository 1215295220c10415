// Where the rule engine is, written to memory shared with the thread that watches the run
// (runWorker.ts): a rule stuck on one event is stopped from outside and named with its field.
// Slots: HEARTBEAT counts events, RULE is the index (+1) of the rule being evaluated, FIELD the
// index (+1) of the field its current selection item reads, SEQ the event's seq.

export const HEARTBEAT = 0;
export const RULE = 1;
export const FIELD = 2;
export const SEQ = 3;
export const SLOTS = 4;

/** Installed by the detection worker; null elsewhere (nothing is written). */
export const probe: { slots: Int32Array | null } = { slots: null };

const fields: string[] = [];
const fieldIds = new Map<string, number>();

/** A number for a field name, the same for every item that reads it. */
export function fieldId(name: string): number {
  let id = fieldIds.get(name);
  if (id === undefined) {
    id = fields.length;
    fields.push(name);
    fieldIds.set(name, id);
  }
  return id;
}

export function fieldNames(): string[] {
  return [...fields];
}
