// What crosses a door: a value or an error message as plain text. Electron would otherwise wrap
// a thrown error in "Error invoking remote method ..." and drop its name.
import { errorCode } from '../../shared/errors';

export type Envelope<T = unknown> = { ok: true; value: T } | { ok: false; error: string; code?: string };

export async function toEnvelope<T>(work: () => Promise<T>): Promise<Envelope<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (err) {
    const e = err as Error;
    return { ok: false, error: e?.message ?? String(err), code: errorCode(err) };
  }
}
