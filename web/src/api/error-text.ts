import type { TFunction } from 'i18next';
import { dateTime } from '../i18n/format.ts';
import { ApiError } from './client.ts';

/**
 * Error code → key in the `errors` section of zh-CN.json / en.json. Mirrors the server's
 * catalogue (src/kernel/http/errors.ts); an unknown code falls back to the server's message.
 */
const KEYS: Record<string, string> = {
  VALIDATION_FAILED: 'errors.validation',
  MALFORMED_JSON: 'errors.malformedJson',
  INVALID_PHONE: 'errors.invalidPhone',
  INVALID_CURSOR: 'errors.invalidCursor',
  INVALID_ENCODING: 'errors.invalidEncoding',
  INVALID_CSV: 'errors.invalidCsv',
  UNAUTHENTICATED: 'errors.unauthenticated',
  INVALID_CREDENTIALS: 'errors.invalidCredentials',
  FORBIDDEN: 'errors.forbidden',
  NOT_FOUND: 'errors.notFound',
  CONFLICT: 'errors.conflict',
  DUPLICATE_CONTACT: 'errors.duplicateContact',
  NO_PENDING_OFFER: 'errors.noPendingOffer',
  OFFER_EXPIRED: 'errors.offerExpired',
  INVALID_TRANSITION: 'errors.invalidTransition',
  AGENT_NOT_FREE: 'errors.agentNotFree',
  NO_PHONE: 'errors.noPhone',
  AGENT_HAS_WORK: 'errors.agentHasWork',
  QUEUE_IN_USE: 'errors.queueInUse',
  PAYLOAD_TOO_LARGE: 'errors.payloadTooLarge',
  UNSUPPORTED_MEDIA_TYPE: 'errors.unsupportedMediaType',
  IDEMPOTENCY_KEY_REUSED: 'errors.idempotencyKeyReused',
  ACCOUNT_LOCKED: 'errors.accountLocked',
  INTERNAL: 'errors.internal',
  NETWORK: 'errors.network',
};

/** True when a PATCH lost an optimistic-version race (the server sends the version it has). */
export function isVersionConflict(err: unknown): err is ApiError & { details: { currentVersion: number } } {
  return (
    err instanceof ApiError &&
    err.code === 'CONFLICT' &&
    typeof (err.details as { currentVersion?: unknown } | undefined)?.currentVersion === 'number'
  );
}

/** The sentence to show the user for a failed request, in their language. */
export function errorText(err: unknown, t: TFunction): string {
  if (!(err instanceof ApiError)) return t('errors.internal');
  if (isVersionConflict(err)) return t('errors.versionConflict');
  if (err.code === 'ACCOUNT_LOCKED') {
    const until = (err.details as { lockedUntil?: string } | undefined)?.lockedUntil;
    return until ? t('errors.accountLockedUntil', { time: dateTime(until) }) : t('errors.accountLocked');
  }
  const key = KEYS[err.code];
  if (!key) return err.message;
  // The server's sentence names the field or row at fault: keep it as the detail.
  const detailed = ['VALIDATION_FAILED', 'INVALID_PHONE', 'INVALID_ENCODING', 'INVALID_CSV', 'CONFLICT'];
  return detailed.includes(err.code) && err.message
    ? t('errors.withDetail', { error: t(key), detail: err.message })
    : t(key);
}
