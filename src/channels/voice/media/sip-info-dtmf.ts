import { eventToDigit } from './telephone-event.ts';

/**
 * DTMF sent in SIP INFO requests instead of RTP, as some phones and trunks do: the body is
 * `application/dtmf-relay` ("Signal=5\r\nDuration=160", the Cisco form most devices use)
 * or `application/dtmf` (just "5"). Only the body is read here; the SIP layer answers the
 * INFO with 200 when a digit comes back and 415 for another content type.
 *
 * @example parseSipInfoDtmf('application/dtmf-relay', 'Signal=#\r\nDuration=250') // { digit: '#', durationMs: 250 }
 */

export interface SipInfoDigit {
  digit: string;
  /** As sent (ms); null when the body has none. */
  durationMs: number | null;
}

export const SIP_INFO_DTMF_CONTENT_TYPES = ['application/dtmf-relay', 'application/dtmf'] as const;

/** The digit in an INFO body, or null when the body holds no DTMF key we know. */
export function parseSipInfoDtmf(contentType: string, body: string): SipInfoDigit | null {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type === 'application/dtmf') return toDigit(body.trim(), null);
  if (type !== 'application/dtmf-relay') return null;
  let signal: string | null = null;
  let duration: number | null = null;
  for (const line of body.split(/\r?\n/)) {
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim().toLowerCase();
    const value = line.slice(eq + 1).trim();
    if (key === 'signal') signal = value;
    else if (key === 'duration' && /^\d{1,6}$/.test(value)) duration = Number(value);
  }
  return signal === null ? null : toDigit(signal, duration);
}

function toDigit(signal: string, durationMs: number | null): SipInfoDigit | null {
  // Some senders give the RFC 4733 event number ("Signal=10" for *) instead of the key.
  const digit = /^\d{2}$/.test(signal) ? eventToDigit(Number(signal)) : signal.toUpperCase();
  if (!digit || !/^[0-9*#A-D]$/.test(digit)) return null;
  return { digit, durationMs };
}
