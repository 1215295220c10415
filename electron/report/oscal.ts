// The report as an OSCAL assessment-results document (NIST OSCAL 1.0.4 JSON): one observation per
// control check, naming the control and its figures, and a finding for every check that needs
// attention. Only members the 1.0.4 schema has are written, so later 1.x readers accept it too;
// test/report/oscal.test.ts validates the output against NIST's schema.
import { verificationSentence } from './verificationText';
import { randomUUID } from 'node:crypto';
import type { CheckResult, ComplianceReport, ControlResult, SampleEvent } from '../../shared/report';

export const OSCAL_VERSION = '1.0.4';
/** The namespace of SignTrail's own props (a URN: nothing to resolve). */
const NS = 'urn:signtrail:oscal';

/**
 * A value from the case file as an OSCAL prop value (StringDatatype: one line, no leading or
 * trailing space): control characters written as \uXXXX, trimmed, and "unknown" when nothing is
 * left, so a hostile store ID can neither break the document's schema nor add a line to it.
 */
export function propValue(text: string): string {
  const line = text
    // eslint-disable-next-line no-control-regex -- the control characters are what it escapes
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .trim();
  return line === '' ? 'unknown' : line;
}

/**
 * A value from the case file inside OSCAL's markup fields (description, remarks and titles are
 * Markdown): one line (control characters written as U+XXXX), and the characters that make
 * Markdown's inline syntax written with their backslash escapes, so a hostile actor or detail
 * cannot become a link with a hidden target, an image a viewer fetches, raw HTML, emphasis or a
 * code span. A renderer shows the text as it was; a bare URL stays visible as what it is.
 */
export function markdownText(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- the control characters are what it escapes
      .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `U+${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .replace(/[\\`*_{}[\]()<>#!|~&]/g, (c) => `\\${c}`)
  );
}

/** OSCAL's date-time needs a zone and a year from 1900; the store's `…ffffffZ` times fit. */
function oscalTime(t: string, fallback: string): string {
  return /^(19|2\d)\d\d-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(t) ? t : fallback;
}

function figuresText(c: CheckResult): string {
  return c.figures.map((f) => `${f.label}: ${markdownText(String(f.value))}`).join('; ');
}

/** A sample's proof and bytes as back-matter resources (base64), which its evidence links to. */
interface Resource {
  uuid: string;
  title: string;
  description: string;
  base64: { filename: string; 'media-type': string; value: string };
}

function sampleEvidence(s: SampleEvent, resources: Resource[]) {
  const base = {
    description: `Event seq ${s.seq} (${markdownText(s.eventId)}, ${markdownText(s.action)} by ${markdownText(s.actorId)} at ${markdownText(s.timestamp)}, ${markdownText(s.status)}); leaf hash ${s.leafHex}`,
    props: [
      { name: 'seq', ns: NS, value: String(s.seq) },
      { name: 'leaf-hash', ns: NS, value: s.leafHex },
    ],
  };
  if (!s.proof) return { ...base, remarks: `No inclusion proof: ${s.proofNote ?? 'none made'}` };
  const proof: Resource = {
    uuid: randomUUID(),
    title: `Inclusion proof of event seq ${s.seq}`,
    description: `c2sp.org/tlog-proof@v1 against the checkpoint signed at size ${s.proof.checkpointSize}.`,
    base64: {
      filename: `${s.seq}.tlog-proof`,
      'media-type': 'text/plain',
      value: Buffer.from(s.proof.tlogProof).toString('base64'),
    },
  };
  const entry: Resource = {
    uuid: randomUUID(),
    title: `Canonical bytes of event seq ${s.seq}`,
    description: 'The leaf is SHA-256(0x00 || these bytes).',
    base64: { filename: `${s.seq}.event`, 'media-type': 'application/json', value: s.proof.entryBase64 },
  };
  resources.push(proof, entry);
  return {
    href: `#${proof.uuid}`,
    ...base,
    links: [
      { href: `#${proof.uuid}`, rel: 'proof', 'media-type': 'text/plain', text: 'inclusion proof (tlog-proof@v1)' },
      { href: `#${entry.uuid}`, rel: 'entry', 'media-type': 'application/json', text: 'event bytes' },
    ],
  };
}

function observation(control: ControlResult, check: CheckResult, collected: string, resources: Resource[]) {
  return {
    uuid: randomUUID(),
    title: `${control.id} — ${check.title}`,
    description:
      `Control ${control.id} (${control.title}). ${check.how} Figures: ${figuresText(check)}. ` +
      `Verdict: ${check.verdict}. ${markdownText(check.reason)}`,
    props: [
      { name: 'control-id', ns: NS, value: control.id },
      { name: 'check-id', ns: NS, value: check.id },
      { name: 'verdict', ns: NS, value: check.verdict },
    ],
    methods: ['TEST'],
    ...(check.samples.length ? { 'relevant-evidence': check.samples.map((s) => sampleEvidence(s, resources)) } : {}),
    collected,
    remarks: `Queries (SQLite, re-runnable on the case file):\n\n${check.queries.map((q) => `    ${q};`).join('\n\n') || 'none: computed by verification'}`,
  };
}

export function renderOscal(r: ComplianceReport): string {
  const collected = r.generatedAt;
  const observations: ReturnType<typeof observation>[] = [];
  const findings: unknown[] = [];
  const resources: Resource[] = [];
  for (const control of r.controls) {
    for (const check of control.checks) {
      const obs = observation(control, check, collected, resources);
      observations.push(obs);
      if (check.verdict === 'attention')
        findings.push({
          uuid: randomUUID(),
          title: `${control.id}: ${check.title} needs attention`,
          description: markdownText(check.reason),
          target: {
            type: 'objective-id',
            'target-id': control.oscalId,
            status: { state: 'not-satisfied' },
          },
          'related-observations': [{ 'observation-uuid': obs.uuid }],
        });
    }
  }
  const v = r.verification;
  const doc = {
    'assessment-results': {
      uuid: randomUUID(),
      metadata: {
        title: `${r.framework.title}: evidence from the SignTrail case ${markdownText(propValue(r.store.storeId || r.store.path))}`,
        'last-modified': collected,
        version: r.signtrailVersion,
        'oscal-version': OSCAL_VERSION,
        props: [
          { name: 'store-id', ns: NS, value: propValue(r.store.storeId) },
          { name: 'witness-key', ns: NS, value: propValue(r.store.verifierKey) },
          { name: 'verification', ns: NS, value: v.ok ? 'passed' : 'failed' },
        ],
      },
      'import-ap': {
        href: '#signtrail-trail-review',
        remarks: 'No assessment plan: the observations are computed from the audit trail held in the case file.',
      },
      results: [
        {
          uuid: randomUUID(),
          title: `${r.framework.title} — audit trail evidence`,
          description: `${markdownText(verificationSentence(v))} Framework: ${r.framework.source}.`,
          start: oscalTime(r.period.from, collected),
          end: oscalTime(r.period.to, collected),
          'reviewed-controls': {
            'control-selections': [{ 'include-controls': r.controls.map((c) => ({ 'control-id': c.oscalId })) }],
          },
          observations,
          ...(findings.length ? { findings } : {}),
        },
      ],
      ...(resources.length ? { 'back-matter': { resources } } : {}),
    },
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
