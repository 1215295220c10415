// The report as one self-contained HTML file: no script, no network (a CSP that allows only the
// inline style), printable. Every value from the store passes through esc(), which escapes all
// five HTML-significant characters, so an event value cannot become markup.
import { verificationSentence } from './verificationText';
import type { CheckResult, ComplianceReport, ControlResult, SampleEvent, Verdict } from '../../shared/report';

export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const VERDICT_CLASS: Record<Verdict, string> = {
  satisfied: 'ok',
  attention: 'warn',
  'not evidenced by this trail': 'none',
};

function verdict(v: Verdict): string {
  return `<span class="verdict ${VERDICT_CLASS[v]}">${esc(v)}</span>`;
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;max-width:1100px;margin:2em auto;padding:0 1em}
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;border-bottom:1px solid #ccd;padding-bottom:.2em;margin-top:2em}
h3{font-size:1.05em;margin-bottom:.3em}table{border-collapse:collapse;width:100%;margin:.5em 0}
th,td{border:1px solid #d0d7de;padding:.3em .5em;text-align:left;vertical-align:top}th{background:#f3f5f7}
code,pre{font:12px/1.4 ui-monospace,Menlo,Consolas,monospace}pre{background:#f6f8fa;padding:.5em;white-space:pre-wrap;word-break:break-all}
.verdict{font-weight:600;padding:0 .4em;border-radius:3px}.ok{background:#dafbe1;color:#116329}.warn{background:#fff1c2;color:#7d4e00}
.none{background:#eaeef2;color:#424a53}.banner{padding:.8em 1em;border-radius:6px;margin:1em 0;font-weight:600}
.pass{background:#dafbe1}.fail{background:#ffebe9}.hash{word-break:break-all}section{break-inside:avoid-page}
@media print{body{margin:0;max-width:none}h2{break-before:auto}}`;

/** The sample's proof as data: the tlog-proof text and the event's bytes, each in a tagged block. */
function proofCell(s: SampleEvent): string {
  if (!s.proof) return `<p>No inclusion proof: ${esc(s.proofNote ?? 'none made')}</p>`;
  return `<details><summary>inclusion proof (checkpoint size ${esc(s.proof.checkpointSize)})</summary>
<pre class="tlog-proof" data-seq="${esc(s.seq)}">${esc(s.proof.tlogProof)}</pre>
<pre class="entry" data-seq="${esc(s.seq)}" data-encoding="base64">${esc(s.proof.entryBase64)}</pre></details>`;
}

function checkSection(c: CheckResult): string {
  const figures = c.figures.map((f) => `<tr><td>${esc(f.label)}</td><td>${esc(f.value)}</td></tr>`).join('');
  const samples = c.samples.length
    ? `<table><thead><tr><th>seq</th><th>event ID</th><th>time</th><th>action</th><th>actor</th><th>status</th><th>leaf hash and inclusion proof</th></tr></thead><tbody>${c.samples
        .map(
          (s) =>
            `<tr><td>${esc(s.seq)}</td><td>${esc(s.eventId)}</td><td>${esc(s.timestamp)}</td><td>${esc(s.action)}</td><td>${esc(
              s.actorId,
            )}</td><td>${esc(s.status)}</td><td class="hash"><code>${esc(s.leafHex)}</code>${proofCell(s)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p>No sample events for this check.</p>';
  const queries = c.queries.map((q) => `<pre>${esc(q)};</pre>`).join('');
  return `<h3>${esc(c.title)} ${verdict(c.verdict)}</h3>
<p>${esc(c.how)}</p><p><strong>Verdict:</strong> ${esc(c.reason)}</p>
<table><thead><tr><th>figure</th><th>value</th></tr></thead><tbody>${figures}</tbody></table>
<details open><summary>Queries (re-run with <code>sqlite3 CASE.sqlite</code>)</summary>${queries || '<p>None: computed by verification.</p>'}</details>
<h4>Sample events</h4>${samples}`;
}

function controlSection(c: ControlResult): string {
  return `<section id="${esc(c.oscalId)}"><h2>${esc(c.id)} — ${esc(c.title)} ${verdict(c.verdict)}</h2>${c.checks
    .map(checkSection)
    .join('')}</section>`;
}

export function renderHtml(r: ComplianceReport): string {
  const v = r.verification;
  const summary = r.controls
    .map(
      (c) =>
        `<tr><td><a href="#${esc(c.oscalId)}">${esc(c.id)}</a></td><td>${esc(c.title)}</td><td>${verdict(c.verdict)}</td></tr>`,
    )
    .join('');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'; base-uri 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(r.framework.title)} — SignTrail compliance report</title><style>${STYLE}</style></head>
<body>
<h1>${esc(r.framework.title)}: evidence from a code-signing audit trail</h1>
<div class="banner ${v.ok ? 'pass' : 'fail'}">${esc(verificationSentence(v))}</div>
<table><tbody>
<tr><th>Case file</th><td>${esc(r.store.path)}</td></tr>
<tr><th>Store ID</th><td>${esc(r.store.storeId)}</td></tr>
<tr><th>Origin</th><td>${esc(r.store.origin)}</td></tr>
<tr><th>Events in the store</th><td>${esc(r.store.eventCount)}</td></tr>
<tr><th>Witness key</th><td class="hash"><code>${esc(r.store.verifierKey)}</code></td></tr>
<tr><th>Period</th><td>${esc(r.period.from)} — ${esc(r.period.to)}</td></tr>
<tr><th>Framework source</th><td>${esc(r.framework.source)}</td></tr>
<tr><th>Settings</th><td>cryptoperiod ${esc(r.settings.cryptoperiodDays)} days; silence limit ${esc(r.settings.maxGapHours)} h</td></tr>
<tr><th>Generated</th><td>${esc(r.generatedAt)} by ${esc(r.generatedBy)}, SignTrail ${esc(r.signtrailVersion)}</td></tr>
</tbody></table>
<p>Each sample event is identified by its seq and leaf hash (SHA-256 of 0x00 ‖ its stored bytes). ${esc(r.proofs.note)}
The proof of a sample is in its row: the <code>tlog-proof</code> block is the file <code>signtrail prove</code> and evidence
packages write, the <code>entry</code> block the event's bytes in base64.</p>
<h2>Summary</h2>
<table><thead><tr><th>control</th><th>title</th><th>verdict</th></tr></thead><tbody>${summary}</tbody></table>
${r.controls.map(controlSection).join('\n')}
</body></html>
`;
}
