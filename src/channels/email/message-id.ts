import { createHash, randomUUID } from 'node:crypto';

/**
 * Message-IDs as email threading uses them (RFC 5322 §3.6.4): stored without angle brackets,
 * compared as written (their left part is case-sensitive), listed in In-Reply-To and
 * References as `<a@b> <c@d>`.
 */

/** The ids in a header value, in order, without brackets; junk between them is ignored. */
export function parseMessageIds(value: string | readonly string[] | null | undefined): string[] {
  if (!value) return [];
  const text = typeof value === 'string' ? value : value.join(' ');
  const bracketed = [...text.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1]!);
  if (bracketed.length > 0) return bracketed.slice(0, MAX_REFERENCES * 2);
  // Some mailers drop the brackets: take bare tokens that look like ids.
  return text
    .split(/[\s,]+/)
    .filter((t) => /^[^@\s]+@[^@\s]+$/.test(t))
    .slice(0, MAX_REFERENCES * 2);
}

/** The first id of a header value, or null. */
export function parseMessageId(value: string | null | undefined): string | null {
  return parseMessageIds(value)[0] ?? null;
}

/** `<id>` for a header. */
export const bracket = (id: string) => `<${id}>`;

/**
 * The id of a message that came without one: the same bytes get the same id, so a resend of
 * an identical message is still recognised.
 */
export function syntheticMessageId(raw: Buffer): string {
  return `${createHash('sha256').update(raw).digest('hex').slice(0, 40)}@hotline.invalid`;
}

/** A new id for mail Hotline sends, in the sending mailbox's domain. */
export function newMessageId(fromAddress: string): string {
  const domain = fromAddress.split('@')[1] || 'hotline.invalid';
  return `hotline.${randomUUID()}@${domain}`;
}

/** Longest References header written: the thread's first id and its most recent ones. */
export const MAX_REFERENCES = 20;

/**
 * The References of a reply to `parent` (RFC 5322: the parent's References, else its
 * In-Reply-To, followed by the parent's own id), trimmed to the first id and the latest
 * ones so a long thread does not grow the header without end.
 *
 * @example
 * replyReferences({ messageId: 'c@x', references: ['a@x', 'b@x'], inReplyTo: 'b@x' });
 * // ['a@x', 'b@x', 'c@x']
 */
export function replyReferences(parent: {
  messageId: string;
  references: readonly string[];
  inReplyTo: string | null;
}): string[] {
  const chain =
    parent.references.length > 0 ? [...parent.references] : parent.inReplyTo ? [parent.inReplyTo] : [];
  const ids = [...new Set([...chain, parent.messageId])];
  if (ids.length <= MAX_REFERENCES) return ids;
  return [ids[0]!, ...ids.slice(ids.length - (MAX_REFERENCES - 1))];
}

/**
 * Ids to look a thread up by, most telling first: In-Reply-To, then References from the
 * newest back.
 */
export function threadCandidates(inReplyTo: string | null, references: readonly string[]): string[] {
  return [...new Set([...(inReplyTo ? [inReplyTo] : []), ...[...references].reverse()])];
}

/** Reply prefixes mail clients write (English, Chinese, German, French, Nordic). */
const REPLY_PREFIX = /^\s*((re|aw|sv|antw|réf|ref|回复|答复|回覆)\s*(\[\d+\])?\s*[:：]\s*)+/i;

/**
 * The subject of a reply: `Re: ` before the original without its own reply prefixes.
 *
 * @example replySubject('回复: Re: 订单问题'); // 'Re: 订单问题'
 */
export function replySubject(subject: string | null | undefined): string {
  const base = (subject ?? '').replace(REPLY_PREFIX, '').trim();
  return base ? `Re: ${base}` : 'Re: (no subject)';
}
