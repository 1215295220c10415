// safeStorage exists only on Electron's main thread, but the key is loaded in the worker,
// synchronously. The worker posts a request and sleeps on a shared buffer until main answers.
import type { KeySealer } from '../../integrity/keys';
import type { SealRequest } from './protocol';

const HEADER = 8; // Int32 state, Int32 byte length
const CAPACITY = 64 * 1024;
const PENDING = 0;
const DONE = 1;
const FAILED = 2;

/** Worker side: a KeySealer whose calls block until main has answered. */
export function remoteSealer(kind: string, post: (request: SealRequest) => void, timeoutMs = 30_000): KeySealer {
  const call = (type: SealRequest['type'], data: Buffer): Buffer => {
    const reply = new SharedArrayBuffer(HEADER + CAPACITY);
    const header = new Int32Array(reply, 0, 2);
    post({ type, data, reply });
    if (Atomics.wait(header, 0, PENDING, timeoutMs) === 'timed-out') {
      throw new Error(`The OS keystore did not answer within ${timeoutMs / 1000} s; unlock it and try again.`);
    }
    const bytes = Buffer.from(new Uint8Array(reply, HEADER, header[1]).slice());
    if (header[0] === FAILED) throw new Error(bytes.toString('utf8'));
    return bytes;
  };
  return { kind, seal: (secret) => call('seal', secret), unseal: (sealed) => call('unseal', sealed) };
}

/** Main side: answers one request with the real sealer and wakes the worker. */
export function answerSealRequest(request: SealRequest, sealer: KeySealer | null): void {
  const header = new Int32Array(request.reply, 0, 2);
  const body = new Uint8Array(request.reply, HEADER);
  let state = DONE;
  let bytes: Uint8Array;
  try {
    if (!sealer) throw new Error('No OS keystore is available to this app.');
    const data = Buffer.from(request.data);
    bytes = request.type === 'seal' ? sealer.seal(data) : sealer.unseal(data);
    if (bytes.length > CAPACITY) throw new Error('The sealed key is larger than expected.');
  } catch (err) {
    state = FAILED;
    bytes = new TextEncoder()
      .encode(`Could not ${request.type} a secret with the OS keystore: ${(err as Error).message}`)
      .slice(0, CAPACITY);
  }
  body.set(bytes);
  header[1] = bytes.length;
  Atomics.store(header, 0, state);
  Atomics.notify(header, 0);
}
