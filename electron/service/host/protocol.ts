// Messages between main and the service worker. Every request carries an id; the worker answers
// it with progress messages and then exactly one result or error.
import type { ServiceChannel } from '../../../shared/channels';

export type ToWorker =
  | { type: 'open'; id: number; storePath: string }
  | { type: 'demo'; id: number; storePath: string; events: number }
  | { type: 'invoke'; id: number; channel: ServiceChannel; args: unknown }
  | { type: 'cancel'; id: number };

export type FromWorker =
  | { type: 'progress'; id: number; phase: string; done: number; total: number | null }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; message: string; name: string }
  | SealRequest;

/** The worker asks main to seal or unseal a secret (signing key, sync token), and blocks until `reply` is filled. */
export interface SealRequest {
  type: 'seal' | 'unseal';
  data: Uint8Array;
  reply: SharedArrayBuffer;
}

export interface ServiceWorkerData {
  /** SignTrail home (signing key) for this app. */
  home: string;
  /** The sealer's kind when main holds one, else null (the key stays in a 0600 file). */
  sealerKind: string | null;
}
