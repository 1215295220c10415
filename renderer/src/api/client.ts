// One typed call for every channel, over the preload in the desktop app or fetch in browser mode.
import type { Channel, ChannelArgs, ChannelResult, ProgressEvent } from '../../../shared/channels';
import { authHeaders } from './session';
import { takeSseEvents } from './sse';
import { preloadApi, type Reply } from './transport';
import { apiAddress } from '../../../shared/httpRoutes';

/** An error the service answered with; its message is a sentence meant for the user, its code says what kind. */
export class ServiceError extends Error {
  override name = 'ServiceError';
  constructor(
    message: string,
    readonly channel: string,
    /** One of shared/errors.ts's codes (or another error's name); branch on this, not on the message. */
    readonly code: string = 'Error',
  ) {
    super(message);
  }
}

/** The code of an error from invoke(); 'Error' for anything else. */
export function codeOf(err: unknown): string {
  return err instanceof ServiceError ? err.code : 'Error';
}

async function readReply<T>(response: Response, what: string): Promise<Reply<T>> {
  const text = await response.text();
  try {
    return JSON.parse(text) as Reply<T>;
  } catch {
    const hint =
      response.status === 401
        ? ' The session token is missing or wrong: open the URL that "signtrail serve" printed.'
        : '';
    return { ok: false, error: `${what} failed with HTTP ${response.status}.${hint}` };
  }
}

export async function invoke<C extends Channel>(channel: C, args: ChannelArgs<C>): Promise<ChannelResult<C>> {
  const preload = preloadApi();
  if (preload) {
    // The preload unwraps the reply itself and rejects with the service's sentence.
    try {
      return await preload.invoke(channel, args);
    } catch (err) {
      const e = err as { code?: unknown; name?: unknown };
      throw new ServiceError(
        errorMessage(err).replace(/^Error invoking remote method '[^']+': (\w*Error: )?/, ''),
        channel,
        typeof e?.code === 'string' ? e.code : typeof e?.name === 'string' ? e.name : 'Error',
      );
    }
  }
  let reply: Reply<unknown>;
  {
    const response = await fetch(`api/${channel}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...authHeaders() },
      body: JSON.stringify(args ?? {}),
    });
    reply = await readReply(response, channel);
  }
  if (!reply.ok) throw new ServiceError(reply.error, channel, reply.code);
  return reply.value as ChannelResult<C>;
}

/** Sends a file's bytes to browser mode's upload endpoint; returns its summaries. */
export async function uploadFile(
  file: File,
  assumeTz: string | null,
  jobId?: string,
): Promise<ChannelResult<'import.files'>> {
  const params = new URLSearchParams({ name: file.name });
  if (assumeTz) params.set('assumeTz', assumeTz);
  if (jobId) params.set('jobId', jobId);
  const response = await fetch(`${apiAddress('upload')}?${params}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream', ...authHeaders() },
    body: file,
  });
  const reply = await readReply<ChannelResult<'import.files'>>(response, `Uploading ${file.name}`);
  if (!reply.ok) throw new ServiceError(reply.error, 'upload', reply.code);
  return reply.value;
}

type ProgressListener = (event: ProgressEvent) => void;
const listeners = new Set<ProgressListener>();
let stopStream: (() => void) | null = null;

/** Streams browser mode's progress events (fetch, since EventSource cannot send the token). */
function openProgressStream(): () => void {
  const controller = new AbortController();
  const run = async () => {
    while (!controller.signal.aborted) {
      try {
        const response = await fetch(apiAddress('progress'), { headers: authHeaders(), signal: controller.signal });
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          const { payloads, rest } = takeSseEvents(buffer + value);
          buffer = rest;
          for (const payload of payloads) {
            try {
              const event = JSON.parse(payload) as ProgressEvent;
              for (const listener of listeners) listener(event);
            } catch {
              /* not a progress event */
            }
          }
        }
      } catch {
        if (controller.signal.aborted) return;
      }
      // The stream ended or failed: try again shortly rather than lose progress for good.
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  };
  void run();
  return () => controller.abort();
}

/** Calls `cb` for every progress event of every job; returns the unsubscribe function. */
export function onProgress(cb: ProgressListener): () => void {
  const preload = preloadApi();
  if (preload) return preload.onProgress(cb);
  listeners.add(cb);
  stopStream ??= openProgressStream();
  return () => {
    listeners.delete(cb);
    if (listeners.size === 0 && stopStream) {
      stopStream();
      stopStream = null;
    }
  };
}

export function newJobId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
