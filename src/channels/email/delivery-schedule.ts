/**
 * When a reply that could not be handed to the SMTP relay is tried again, and which failures
 * are worth retrying. Mail servers keep retrying for days (RFC 5321 §4.5.4.1 suggests giving
 * up after 4–5 days); a contact center's reply is stale sooner, so Hotline backs off from a
 * minute to a few hours and, with the default 8 attempts, gives up after about a day.
 */

/** Minutes before attempt `attempt + 1` after attempt `attempt` (1-based) failed. */
const BACKOFF_MINUTES = [1, 5, 15, 60, 120, 240, 480, 720] as const;

/**
 * @example retryDelayMs(1); // 60_000: the second attempt a minute after the first
 */
export function retryDelayMs(attempt: number): number {
  const index = Math.min(Math.max(attempt, 1), BACKOFF_MINUTES.length) - 1;
  return BACKOFF_MINUTES[index]! * 60_000;
}

/** What went wrong handing a message to the relay, as nodemailer reports it. */
export interface SendFailure {
  message: string;
  /** The relay's SMTP reply code, when it answered. */
  responseCode?: number | undefined;
  /** nodemailer's code: ECONNECTION, ETIMEDOUT, EAUTH, EENVELOPE, EMESSAGE… */
  code?: string | undefined;
}

/**
 * A 5xx answer about this message (bad recipient, refused content) will not change on retry;
 * a refused connection, a timeout or a 4xx answer may. Authentication failures are retried:
 * they are the operator's to fix (wrong password in HOTLINE_SMTP_URL) and the reply should
 * go out once they have.
 */
export function isPermanent(failure: SendFailure): boolean {
  if (failure.code === 'EAUTH') return false;
  if (failure.responseCode !== undefined) return failure.responseCode >= 500 && failure.responseCode < 600;
  return failure.code === 'EENVELOPE' || failure.code === 'EMESSAGE';
}
