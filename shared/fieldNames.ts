// Which record member a column or JSON member feeds (the importer's and the Import preview's rule), by name: case-insensitive, ignoring spaces,
// `_`, `-`, `.` and `@`, so `Event ID`, `event_id`, `eventId` and `EVENT-ID` are one name.

export type Member =
  | 'id'
  | 'timestamp'
  | 'actor'
  | 'actorType'
  | 'action'
  | 'entity'
  | 'entityType'
  | 'entityId'
  | 'entityName'
  | 'status'
  | 'details'
  | 'requestId'
  | 'keyId'
  /** Derived by SignTrail (Seq, Category, Leaf Hash): ignored on import. */
  | 'derived';

export const MEMBER_ALIASES: Record<Exclude<Member, 'derived'>, string[]> = {
  id: ['id', 'eventid', 'auditid', 'auditeventid'],
  timestamp: ['timestamp', 'time', 'datetime', 'eventtime', 'date', 'ts', 'occurredat', 'createdat'],
  actor: ['actor', 'actorid', 'user', 'userid', 'username', 'principal'],
  actorType: ['actortype', 'principaltype', 'usertype'],
  action: ['action', 'eventtype', 'eventname', 'operation'],
  entity: ['entity', 'resource', 'target'],
  entityType: ['entitytype', 'resourcetype', 'targettype'],
  entityId: ['entityid', 'resourceid', 'targetid'],
  entityName: ['entityname', 'resourcename', 'targetname'],
  status: ['status', 'result', 'outcome'],
  details: ['details', 'detail', 'metadata'],
  requestId: ['requestid'],
  keyId: ['keyid'],
};

export const DERIVED_NAMES = ['seq', 'category', 'leafhash'];

/** What people call each member in messages: the first column name of SignTrail's export. */
export const MEMBER_LABELS: Record<Exclude<Member, 'derived'>, string> = {
  id: 'Event ID',
  timestamp: 'Timestamp',
  actor: 'Actor',
  actorType: 'Actor Type',
  action: 'Action',
  entity: 'Entity',
  entityType: 'Entity Type',
  entityId: 'Entity ID',
  entityName: 'Entity Name',
  status: 'Status',
  details: 'Details',
  requestId: 'Request ID',
  keyId: 'Key ID',
};

const byName = new Map<string, Member>();
for (const [member, names] of Object.entries(MEMBER_ALIASES)) {
  for (const name of names) byName.set(name, member as Member);
}
for (const name of DERIVED_NAMES) byName.set(name, 'derived');

export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[\s_.@-]+/g, '');
}

const cache = new Map<string, Member | null>();

/** The member a source name feeds, or null when it feeds none (it then lands in details). */
export function memberOf(name: string): Member | null {
  let member = cache.get(name);
  if (member === undefined) {
    member = byName.get(normalizeName(name)) ?? null;
    if (cache.size > 10_000) cache.clear();
    cache.set(name, member);
  }
  return member;
}

/** The members a CSV header must name; the entity may come as Entity or as Entity Type + Entity ID. */
export const REQUIRED_MEMBERS = ['timestamp', 'actor', 'action', 'status'] as const;

/** What a header that names `present` lacks, each as a sentence part naming its usual names. */
export function missingColumns(present: ReadonlySet<Member>): string[] {
  const missing: string[] = REQUIRED_MEMBERS.filter((m) => !present.has(m)).map(
    (m) => `${m} (${MEMBER_ALIASES[m].slice(0, 4).join(', ')}...)`,
  );
  if (!present.has('entity') && !(present.has('entityType') && present.has('entityId')))
    missing.push('the entity (Entity as Type:ID, or Entity Type and Entity ID)');
  return missing;
}

/**
 * Why the importer refuses a CSV header for its names (the same name twice, or two names for one
 * member), or null. `names` are trimmed; the importer and the Import preview both ask this.
 */
export function headerConflict(names: readonly string[]): { name: string; message: string } | null {
  const seen = new Set<string>();
  const memberNames = new Map<Member, string>();
  for (const name of names) {
    if (name === '') continue;
    const lower = name.toLowerCase();
    if (seen.has(lower)) return { name, message: 'the column name appears twice in the header' };
    seen.add(lower);
    const member = memberOf(name);
    if (member === null || member === 'derived') continue;
    const earlier = memberNames.get(member);
    if (earlier !== undefined) {
      return { name, message: `this column and "${earlier}" both give the same thing; rename or remove one` };
    }
    memberNames.set(member, name);
  }
  return null;
}
