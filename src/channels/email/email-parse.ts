import { createHash } from 'node:crypto';
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import { parseMessageId, parseMessageIds, syntheticMessageId } from './message-id.ts';

/**
 * An incoming email read into what the channel needs: threading ids, sender, recipients, the
 * text for the transcript and the attachments. mailparser forgives almost anything, so the
 * checks that make a message "malformed" (and rejected with a clear SMTP error) are ours:
 * a header section that is not one, and no sender to answer.
 */
export interface ParsedEmail {
  /** Without brackets; a synthetic one (from the bytes) when the message had none. */
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  from: { address: string; name: string | null };
  replyTo: string | null;
  to: string[];
  cc: string[];
  subject: string | null;
  /** Plain text (from the HTML part when there is no text part), for the transcript. */
  text: string;
  html: string | null;
  /** Header names in lower case; a repeated header's values joined with ', '. */
  headers: Record<string, string>;
  attachments: ParsedAttachment[];
  sizeBytes: number;
}

export interface ParsedAttachment {
  fileName: string;
  contentType: string;
  contentId: string | null;
  inline: boolean;
  data: Buffer;
  sha256: string;
}

/** A message Hotline will not take; `reason` is told to the sender (SMTP 554) and logged. */
export class MalformedEmailError extends Error {
  override readonly name = 'MalformedEmailError';
}

/** Longest transcript text kept from one email; the full HTML stays on the email row. */
export const MAX_TEXT_CHARS = 100_000;

export async function parseEmail(raw: Buffer): Promise<ParsedEmail> {
  checkHeaderSection(raw);
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, {
      keepCidLinks: true,
      skipTextToHtml: true,
      skipTextLinks: true,
      maxHtmlLengthToParse: 10_000_000,
    });
  } catch (err) {
    throw new MalformedEmailError(`the message could not be parsed: ${(err as Error).message}`);
  }
  const from = addresses(mail.from)[0];
  if (!from?.address) {
    throw new MalformedEmailError('the message has no valid From address');
  }
  const headers: Record<string, string> = {};
  for (const { key, line } of mail.headerLines) {
    const value = line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    headers[key] = headers[key] ? `${headers[key]}, ${value}` : value;
  }
  const text = (mail.text ?? '').trim();
  return {
    messageId: parseMessageId(mail.messageId) ?? syntheticMessageId(raw),
    inReplyTo: parseMessageId(mail.inReplyTo),
    references: parseMessageIds(mail.references),
    from: { address: from.address.toLowerCase(), name: from.name || null },
    replyTo: addresses(mail.replyTo)[0]?.address?.toLowerCase() ?? null,
    to: addresses(mail.to).map((a) => a.address!.toLowerCase()),
    cc: addresses(mail.cc).map((a) => a.address!.toLowerCase()),
    subject: mail.subject?.trim() || null,
    text: text.length > MAX_TEXT_CHARS ? `${text.slice(0, MAX_TEXT_CHARS)}\n[…]` : text,
    html: typeof mail.html === 'string' ? mail.html : null,
    headers,
    attachments: mail.attachments.map((a, i) => ({
      fileName: safeFileName(a.filename, i),
      contentType: /^[a-z]+\/[a-z0-9.+-]+$/i.test(a.contentType)
        ? a.contentType.toLowerCase()
        : 'application/octet-stream',
      contentId: a.cid ?? null,
      inline: a.contentDisposition === 'inline' || a.related === true,
      data: a.content,
      sha256: createHash('sha256').update(a.content).digest('hex'),
    })),
    sizeBytes: raw.length,
  };
}

/** Addresses of an address header (groups flattened), keeping those with an address. */
function addresses(field: AddressObject | AddressObject[] | undefined) {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return objects
    .flatMap((o) => o.value)
    .flatMap((a) => (a.group ? a.group : [a]))
    .filter((a) => !!a.address && a.address.includes('@'));
}

/**
 * The header section must be one: it starts with a header field, and holds no NUL byte
 * (RFC 5322 §2.2). mailparser would read such bytes as an empty message with no headers.
 */
function checkHeaderSection(raw: Buffer) {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  const end = [crlf, lf].filter((i) => i >= 0).sort((a, b) => a - b)[0] ?? raw.length;
  const head = raw.subarray(0, end);
  if (head.length === 0) throw new MalformedEmailError('the message has no header section');
  if (head.includes(0)) throw new MalformedEmailError('the header section contains NUL bytes');
  const firstLine = head.toString('latin1').split(/\r?\n/, 1)[0] ?? '';
  if (!/^[\x21-\x39\x3b-\x7e]+:/.test(firstLine)) {
    throw new MalformedEmailError(
      `the message does not start with a header field (first line: ${JSON.stringify(firstLine.slice(0, 60))})`,
    );
  }
}

/** A name to offer the file under: no folders, no control characters, at most 200 characters. */
function safeFileName(name: string | undefined, index: number): string {
  const cleaned = (name ?? '')
    .replace(/[\\/]/g, '_')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 200);
  return cleaned && cleaned !== '.' && cleaned !== '..' ? cleaned : `attachment-${index + 1}`;
}
