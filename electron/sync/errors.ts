// Why a sync stopped. Each kind says what the user does next; the message says where.
export type SyncFailureKind = 'config' | 'auth' | 'network' | 'malformed' | 'tls' | 'cancelled' | 'store';

export class SyncError extends Error {
  override name = 'SyncError';
  constructor(
    readonly kind: SyncFailureKind,
    message: string,
  ) {
    super(message);
  }
}

/** A fault worth another try: timeout, 5xx, a connection reset or cut short. */
export class TransientHttpError extends Error {
  override name = 'TransientHttpError';
}
