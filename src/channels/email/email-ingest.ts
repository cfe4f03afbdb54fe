import type { Kysely } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';
import { type TenantTx, withTenant } from '../../kernel/db/tenant-scope.ts';
import { addMessage } from '../../routing/interaction.service.ts';
import { findInteraction, type InteractionRow } from '../../routing/interaction.store.ts';
import { createInteraction } from '../../routing/interaction-arrival.ts';
import { reopenInteraction } from '../../routing/interaction-reopen.ts';
import { findQueue } from '../../routing/queue.store.ts';
import { autoReplyIfClosed } from './auto-reply.ts';
import {
  attachmentUrl,
  findEmailByMessageId,
  insertAttachments,
  insertEmail,
  lockMessageId,
  threadOf,
  updateEmail,
} from './email-message.store.ts';
import type { ParsedEmail } from './email-parse.ts';
import { findMailbox, type MailboxRecord } from './mailbox.store.ts';
import { threadCandidates } from './message-id.ts';
import { withoutQuotedReply } from './quoted-reply.ts';

/**
 * Where an incoming email goes, whichever way it came (the SMTP listener, an IMAP poll):
 * one tenant transaction per mailbox it is for. A reply (In-Reply-To / References naming an
 * email of the thread) joins its interaction, reopening it into its queue when it had ended;
 * anything else starts an interaction in the mailbox's queue, where the routing core finds
 * the customer by the sender's address. The text and attachments become the customer's
 * message; the same Message-ID is stored once per tenant, so a resend or a second poll adds
 * nothing. Outside the queue's hours the thread gets the queue's auto-reply once.
 */
export interface InboundEnvelope {
  source: 'smtp' | 'imap';
  /** SMTP MAIL FROM ('' for a bounce); null when unknown (IMAP). */
  mailFrom: string | null;
}

export interface MailboxTarget {
  tenantId: string;
  mailboxId: string;
}

export type IngestOutcome = 'new' | 'threaded' | 'reopened' | 'duplicate' | 'mailbox_gone';

export interface IngestResult extends MailboxTarget {
  outcome: IngestOutcome;
  interactionId: string | null;
  emailId: string | null;
  /** Why no auto-reply went out (null: one did, or none was considered). */
  autoReply: 'sent' | string | null;
}

export interface IngestOptions {
  offerTimeoutSeconds: number;
  now?: () => Date;
}

/** Longest subject and name kept on the interaction (the API's own limits). */
const SUBJECT_CHARS = 300;
const NAME_CHARS = 100;

export async function ingestEmail(
  db: Kysely<DB>,
  parsed: ParsedEmail,
  envelope: InboundEnvelope,
  targets: readonly MailboxTarget[],
  options: IngestOptions,
): Promise<IngestResult[]> {
  const results: IngestResult[] = [];
  // Mail to two of one tenant's mailboxes is one conversation, in the first one's queue.
  const seen = new Set<string>();
  for (const target of targets) {
    if (seen.has(target.tenantId)) continue;
    seen.add(target.tenantId);
    results.push(
      await withTenant(db, target.tenantId, (tx) => ingestInTenant(tx, target, parsed, envelope, options)),
    );
  }
  return results;
}

async function ingestInTenant(
  tx: TenantTx,
  target: MailboxTarget,
  parsed: ParsedEmail,
  envelope: InboundEnvelope,
  options: IngestOptions,
): Promise<IngestResult> {
  const { tenantId } = target;
  const now = options.now?.() ?? new Date();
  const result = (outcome: IngestOutcome, interactionId: string | null, emailId: string | null) => ({
    ...target,
    outcome,
    interactionId,
    emailId,
    autoReply: null,
  });
  await lockMessageId(tx, tenantId, parsed.messageId);
  const duplicate = await findEmailByMessageId(tx, parsed.messageId);
  if (duplicate) return result('duplicate', duplicate.interaction_id, duplicate.id);
  const mailbox = await findMailbox(tx, target.mailboxId);
  if (!mailbox) return result('mailbox_gone', null, null);

  const threadId = await threadOf(tx, threadCandidates(parsed.inReplyTo, parsed.references));
  let interaction: InteractionRow;
  let outcome: IngestOutcome;
  if (threadId) {
    const before = (await findInteraction(tx, threadId))!;
    interaction = await reopenInteraction(
      tx,
      { tenantId, now },
      threadId,
      await queueOfThread(tx, before, mailbox),
    );
    outcome = before.status === interaction.status ? 'threaded' : 'reopened';
  } else {
    interaction = (
      await createInteraction(
        { tx, tenantId, offerTimeoutSeconds: options.offerTimeoutSeconds, now },
        {
          channel: 'email',
          queueId: mailbox.queueId,
          subject: parsed.subject?.slice(0, SUBJECT_CHARS) ?? null,
          contact: { name: parsed.from.name?.slice(0, NAME_CHARS) ?? null, email: parsed.from.address },
        },
      )
    ).interaction;
    outcome = 'new';
  }

  const email = await insertEmail(tx, {
    tenant_id: tenantId,
    mailbox_id: mailbox.id,
    interaction_id: interaction.id,
    direction: 'inbound',
    kind: 'message',
    message_id: parsed.messageId,
    in_reply_to: parsed.inReplyTo,
    references: parsed.references,
    from_address: parsed.from.address,
    from_name: parsed.from.name,
    reply_to: parsed.replyTo,
    to_addresses: parsed.to,
    cc_addresses: parsed.cc,
    subject: parsed.subject,
    text_body: parsed.text,
    html_body: parsed.html,
    source: envelope.source,
    size_bytes: parsed.sizeBytes,
    status: 'received',
  });
  const attachments = await insertAttachments(tx, tenantId, email.id, parsed.attachments);
  // A reply's transcript line is what the customer wrote now; the quoted thread stays on the email.
  const text = threadId ? withoutQuotedReply(parsed.text) : parsed.text;
  const message = await addMessage(tx, tenantId, interaction, {
    author: 'customer',
    authorUserId: null,
    body: text || (attachments.length > 0 ? '(attachments only)' : '(empty email)'),
    attachments: attachments.map((a) => ({
      name: a.file_name,
      contentType: a.content_type,
      sizeBytes: a.size_bytes,
      url: attachmentUrl(a.id),
    })),
  });
  await updateEmail(tx, email.id, { interaction_message_id: message.id });
  const skipped = await autoReplyIfClosed(tx, tenantId, {
    interaction,
    mailbox,
    parsed,
    email,
    envelopeFrom: envelope.mailFrom,
    now,
  });
  return { ...result(outcome, interaction.id, email.id), autoReply: skipped ?? 'sent' };
}

/** A reply goes back to the queue its conversation was in, unless that queue no longer takes email. */
async function queueOfThread(tx: TenantTx, interaction: InteractionRow, mailbox: MailboxRecord) {
  const queue = await findQueue(tx, interaction.queue_id);
  return queue?.channels.includes('email') ? queue.id : mailbox.queueId;
}
