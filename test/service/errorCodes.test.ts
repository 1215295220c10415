// Error codes are part of the contract (shared/errors.ts): the same failure reaches every door
// with the same code, so clients branch on the code and never on a message's wording.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toEnvelope } from '../../electron/ipc/envelope';
import { startServer, type RunningServer } from '../../electron/serve/startServer';
import { dispatch } from '../../electron/service/dispatch';
import { createJobRegistry } from '../../electron/service/jobRegistry';
import { createService } from '../../electron/service/service';
import type { Service } from '../../electron/service/types';
import { ERROR_CODES } from '../../shared/errors';
import { tempDir } from '../helpers/tmp';

let service: Service;
let server: RunningServer;

beforeEach(async () => {
  const dir = tempDir();
  process.env.SIGNTRAIL_HOME = path.join(dir, 'home');
  service = createService({ storePath: path.join(dir, 'case.sqlite') });
  server = await startServer({ service, staticDir: null });
});
afterEach(async () => {
  await server.close();
  service.close();
});

async function overHttp(channel: string, args: unknown) {
  const response = await fetch(`http://127.0.0.1:${server.port}/api/${channel}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(args),
  });
  return { status: response.status, body: (await response.json()) as { ok: boolean; code?: string } };
}

function overIpc(channel: string, args: unknown) {
  return toEnvelope(() => dispatch(channel, args, { service: () => service, jobs: createJobRegistry(), host: 'cli' }));
}

describe('error codes', () => {
  it.each([
    ['a search that cannot be parsed', { filter: { q: '"open' } }, ERROR_CODES.SearchSyntaxError],
    ['a seq that is not in the store', { filter: { around: { seq: 99, windowMinutes: 5 } } }, ERROR_CODES.FilterError],
    ['an argument outside the schema', { limit: -1 }, ERROR_CODES.InvalidArgumentsError],
  ])('%s keeps its code through HTTP (400) and the IPC envelope', async (_what, args, code) => {
    const http = await overHttp('events.query', args);
    expect(http).toMatchObject({ status: 400, body: { ok: false, code } });
    expect(await overIpc('events.query', args)).toMatchObject({ ok: false, code });
  });

  it('a desktop-only channel is DesktopOnlyError in browser mode', async () => {
    expect(await overHttp('case.recent', {})).toMatchObject({
      status: 400,
      body: { code: ERROR_CODES.DesktopOnlyError },
    });
  });
});
