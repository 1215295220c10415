// A case built with known counts for the report tests: every figure the checks compute is
// fixed by these records, so the tests compare against numbers written here by hand.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { createService } from '../../electron/service/service';
import type { Service } from '../../electron/service/types';
import { parseArgs } from '../../shared/channels';
import { noJobContext } from '../../shared/handlers';
import type { AuditRecord, Status } from '../../shared/event';

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 15, 10, 0, 0);
let n = 0;

function at(days: number, minutes = 0): string {
  return new Date(T0 + days * DAY + minutes * 60_000).toISOString().replace('Z', '000Z');
}

function ev(
  days: number,
  action: string,
  actor: string,
  entity: AuditRecord['entity'],
  details: AuditRecord['details'] = {},
  status: Status = 'SUCCESS',
  minutes = 0,
): AuditRecord {
  n++;
  return {
    id: `known-${n}`,
    timestamp: at(days, minutes),
    actor: { id: actor, type: actor === 'system' ? 'system' : actor.startsWith('svc-') ? 'service' : 'user' },
    action,
    entity,
    status,
    details,
  };
}

const key = (id: string) => ({ type: 'Key', id });
const req = (id: string) => ({ type: 'SigningRequest', id });

/** The hostile value planted in an event, for the HTML injection test. */
export const HOSTILE = `<script>alert(1)</script>"><img src=x onerror=alert(2)>&amp;'`;

export function knownRecords(): AuditRecord[] {
  n = 0;
  return [
    ev(0, 'SYSTEM_STARTED', 'system', { type: 'System', id: 'platform' }),
    ev(0, 'KEY_GENERATED', 'officer@example.com', key('k1'), { algorithm: 'RSA', keySize: 3072 }, 'SUCCESS', 1),
    ev(0, 'KEY_GENERATED', 'officer@example.com', key('k2'), { algorithm: 'RSA', keySize: 1024 }, 'SUCCESS', 2),
    ev(0, 'KEY_GENERATED', 'officer@example.com', key('k3'), { algorithm: 'ECDSA-P256', keySize: 256 }, 'SUCCESS', 3),
    ev(2, 'USER_LOGIN_FAILED', 'mallory@example.com', { type: 'User', id: 'mallory@example.com' }, {}, 'FAILURE'),
    ev(2, 'USER_LOGIN_FAILED', HOSTILE, { type: 'User', id: HOSTILE }, { note: HOSTILE }, 'FAILURE', 1),
    // Five days of silence follow (days 2 → 7).
    ev(7, 'SIGNING_REQUESTED', 'alice@example.com', req('req-1'), { requestId: 'req-1', keyId: 'k1' }),
    ev(7, 'APPROVAL_GRANTED', 'alice@example.com', req('req-1'), { requestId: 'req-1' }, 'SUCCESS', 5),
    ev(
      7,
      'SIGNING_OPERATION',
      'alice@example.com',
      key('k1'),
      {
        requestId: 'req-1',
        keyId: 'k1',
        agent: 'agent-1',
        algorithm: 'RSA',
        keySize: 3072,
        digestAlgorithm: 'SHA-256',
      },
      'SUCCESS',
      6,
    ),
    ev(8, 'SIGNING_REQUESTED', 'bob@example.com', req('req-2'), { requestId: 'req-2', keyId: 'k2' }),
    ev(8, 'APPROVAL_GRANTED', 'carol@example.com', req('req-2'), { requestId: 'req-2' }, 'SUCCESS', 5),
    ev(
      8,
      'SIGNING_OPERATION',
      'bob@example.com',
      key('k2'),
      {
        requestId: 'req-2',
        keyId: 'k2',
        digestAlgorithm: 'SHA-1',
      },
      'FAILURE',
      6,
    ),
    ev(
      9,
      'POLICY_EVALUATED',
      'system',
      { type: 'Policy', id: 'p1' },
      { requestId: 'req-3', reason: 'not in group' },
      'DENIED',
    ),
    ev(9, 'SIGNING_REQUESTED', 'mallory@example.com', req('req-3'), { requestId: 'req-3', keyId: 'k3' }, 'DENIED', 1),
    ev(10, 'KEY_REVOKED', 'officer@example.com', key('k3'), { reason: 'keyCompromise' }),
    ev(
      11,
      'SIGNING_OPERATION',
      'svc-ci',
      key('k3'),
      { requestId: 'req-4', keyId: 'k3', agent: 'agent-2' },
      'SUCCESS',
      30,
    ),
    ev(30, 'KEY_ROTATED', 'officer@example.com', key('k2'), { newKeyId: 'k4' }),
    ev(
      30,
      'USER_ROLE_CHANGED',
      'admin@example.com',
      { type: 'User', id: 'bob@example.com' },
      { role: 'signer' },
      'SUCCESS',
      1,
    ),
    ev(400, 'KEY_ROTATED', 'officer@example.com', key('k1'), { newKeyId: 'k5' }),
    ev(400, 'SYSTEM_STOPPED', 'system', { type: 'System', id: 'platform' }, {}, 'SUCCESS', 1),
  ];
}

export function writeKnownCase(dir: string): string {
  const file = path.join(dir, 'known.ndjson');
  fs.writeFileSync(
    file,
    knownRecords()
      .map((r) => JSON.stringify(r))
      .join('\n') + '\n',
  );
  return file;
}

/** A service on a new store holding the known case, in a new folder named from `prefix`. */
export async function openKnownCase(prefix: string): Promise<{ dir: string; storePath: string; service: Service }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const storePath = path.join(dir, 'case.sqlite');
  const service = createService({ storePath, home: path.join(dir, 'home') });
  const [summary] = await service.invoke(
    'import.files',
    parseArgs('import.files', { paths: [writeKnownCase(dir)] }),
    noJobContext(),
  );
  expect(summary).toMatchObject({ rejected: null, appended: 20 });
  return { dir, storePath, service };
}

export function closeKnownCase(service: Service | undefined, dir: string | undefined): void {
  service?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
