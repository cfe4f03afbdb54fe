/**
 * The one catalogue of error codes Hotline's API returns. Each code has its HTTP status,
 * a developer message and the i18n key the web app shows the user.
 * The body is always `{ "error": { "code", "message", "details"? } }`.
 */
export const ERRORS = {
  VALIDATION_FAILED: { status: 400, message: 'The request is not valid', i18n: 'errors.validation' },
  MALFORMED_JSON: {
    status: 400,
    message: 'The request body is not valid JSON',
    i18n: 'errors.malformedJson',
  },
  INVALID_PHONE: { status: 400, message: 'Not a valid phone number', i18n: 'errors.invalidPhone' },
  INVALID_CURSOR: {
    status: 400,
    message: 'The pagination cursor is not valid',
    i18n: 'errors.invalidCursor',
  },
  INVALID_ENCODING: {
    status: 400,
    message: 'The file encoding is not supported',
    i18n: 'errors.invalidEncoding',
  },
  INVALID_CSV: { status: 400, message: 'The file is not a readable CSV', i18n: 'errors.invalidCsv' },
  UNAUTHENTICATED: { status: 401, message: 'Sign in first', i18n: 'errors.unauthenticated' },
  INVALID_CREDENTIALS: { status: 401, message: 'Wrong email or password', i18n: 'errors.invalidCredentials' },
  FORBIDDEN: { status: 403, message: 'Your role may not do this', i18n: 'errors.forbidden' },
  ORIGIN_NOT_ALLOWED: {
    status: 403,
    message: 'This chat site is not set up for this web page',
    i18n: 'errors.originNotAllowed',
  },
  NOT_FOUND: { status: 404, message: 'Not found', i18n: 'errors.notFound' },
  CONFLICT: { status: 409, message: 'This conflicts with existing data', i18n: 'errors.conflict' },
  DUPLICATE_CONTACT: {
    status: 409,
    message: 'This phone, email or chat id already belongs to a customer',
    i18n: 'errors.duplicateContact',
  },
  NO_PENDING_OFFER: {
    status: 409,
    message: 'There is no pending offer of this interaction for you',
    i18n: 'errors.noPendingOffer',
  },
  OFFER_EXPIRED: { status: 409, message: 'The offer has expired', i18n: 'errors.offerExpired' },
  INVALID_TRANSITION: {
    status: 409,
    message: 'The interaction cannot do this in its current status',
    i18n: 'errors.invalidTransition',
  },
  AGENT_NOT_FREE: {
    status: 409,
    message: 'The agent cannot take this interaction now (state, skills or capacity)',
    i18n: 'errors.agentNotFree',
  },
  NO_PHONE: {
    status: 409,
    message: 'No phone is registered for this user',
    i18n: 'errors.noPhone',
  },
  AGENT_HAS_WORK: {
    status: 409,
    message: 'Finish or transfer the interactions in hand before going offline',
    i18n: 'errors.agentHasWork',
  },
  CHAT_OFFLINE: {
    status: 409,
    message: 'Chat is closed now; leave a message with the offline form',
    i18n: 'errors.chatOffline',
  },
  CONVERSATION_ENDED: {
    status: 409,
    message: 'This conversation has ended; start a new one',
    i18n: 'errors.conversationEnded',
  },
  QUEUE_IN_USE: {
    status: 409,
    message: 'The queue still holds interactions or is the overflow of another queue',
    i18n: 'errors.queueInUse',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    message: 'The request body is too large',
    i18n: 'errors.payloadTooLarge',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    message: 'This content type is not accepted here',
    i18n: 'errors.unsupportedMediaType',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    message: 'This Idempotency-Key was used for a different request',
    i18n: 'errors.idempotencyKeyReused',
  },
  ACCOUNT_LOCKED: {
    status: 423,
    message: 'Too many failed sign-ins; the account is locked for a while',
    i18n: 'errors.accountLocked',
  },
  RATE_LIMITED: {
    status: 429,
    message: 'Too many requests; wait a moment and try again',
    i18n: 'errors.rateLimited',
  },
  INTERNAL: { status: 500, message: 'Something went wrong on the server', i18n: 'errors.internal' },
} as const satisfies Record<string, { status: number; message: string; i18n: string }>;

export type ErrorCode = keyof typeof ERRORS;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

/** Thrown anywhere in a request; the error handler turns it into the JSON error body. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: unknown,
  ) {
    super(message ?? ERRORS[code].message);
    this.status = ERRORS[code].status;
  }

  toBody(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
