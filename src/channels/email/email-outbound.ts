import type { EmailKind } from '../../kernel/db/schema.ts';
import type { TenantTx } from '../../kernel/db/tenant-scope.ts';
import { enqueueJob } from '../../kernel/jobs/job-queue.ts';
import { addMessage } from '../../routing/interaction.service.ts';
import type { InteractionRow, MessageRow } from '../../routing/interaction.store.ts';
import { type EmailRow, insertEmail, replyParent } from './email-message.store.ts';
import { findMailbox, loadMailboxes, type MailboxRecord } from './mailbox.store.ts';
import { newMessageId, replyReferences, replySubject } from './message-id.ts';

/** The durable job that hands one outgoing email to the SMTP relay (see email-delivery.ts). */
export const SEND_JOB = 'email.send';

export interface OutgoingEmail {
  interaction: InteractionRow;
  mailbox: MailboxRecord;
  kind: Exclude<EmailKind, 'message'>;
  to: string;
  subject: string;
  text: string;
  /** The email this one answers, for In-Reply-To and References. */
  parent: Pick<EmailRow, 'message_id' | 'references' | 'in_reply_to'> | null;
  interactionMessageId: number | null;
}

/**
 * Records an outgoing email with its threading headers and queues its delivery, in the
 * caller's transaction: the email exists exactly when the message or auto-reply it carries
 * does, and a relay that is down delays it rather than losing it.
 */
export async function queueEmail(tx: TenantTx, tenantId: string, out: OutgoingEmail): Promise<EmailRow> {
  const email = await insertEmail(tx, {
    tenant_id: tenantId,
    mailbox_id: out.mailbox.id,
    interaction_id: out.interaction.id,
    interaction_message_id: out.interactionMessageId,
    direction: 'outbound',
    kind: out.kind,
    message_id: newMessageId(out.mailbox.fromAddress),
    in_reply_to: out.parent?.message_id ?? null,
    references: out.parent
      ? replyReferences({
          messageId: out.parent.message_id,
          references: out.parent.references,
          inReplyTo: out.parent.in_reply_to,
        })
      : [],
    from_address: out.mailbox.fromAddress,
    from_name: out.mailbox.fromName,
    to_addresses: [out.to],
    subject: out.subject,
    text_body: out.text,
    status: 'queued',
    next_attempt_at: new Date(),
  });
  await enqueueJob(tx, { kind: SEND_JOB, tenantId, payload: { emailId: email.id } });
  return email;
}

/**
 * The email channel's message hook: an agent's message on an email interaction goes to the
 * customer as a reply in the thread (From the thread's mailbox, To whoever the customer asked
 * replies to go to, `Re:` the subject, In-Reply-To their latest email). An email interaction
 * that did not come by email (queued through the API) starts a thread from the queue's
 * mailbox to the contact's address. With no mailbox or no address, the agent is told in the
 * transcript instead.
 */
export async function sendAgentReply(
  tx: TenantTx,
  tenantId: string,
  interaction: InteractionRow,
  message: MessageRow,
) {
  if (interaction.channel !== 'email' || message.author !== 'agent') return;
  const parent = await replyParent(tx, interaction.id);
  const mailbox =
    (parent?.mailbox_id ? await findMailbox(tx, parent.mailbox_id) : undefined) ??
    (await mailboxFor(tx, interaction.queue_id));
  const to =
    parent?.direction === 'inbound'
      ? (parent.reply_to ?? parent.from_address)
      : (parent?.to_addresses[0] ?? interaction.contact_email);
  if (!mailbox || !to) {
    await addMessage(tx, tenantId, interaction, {
      author: 'system',
      authorUserId: null,
      body: !mailbox
        ? 'Not sent by email: this tenant has no mailbox to send from (add one under email mailboxes)'
        : 'Not sent by email: the customer has no email address on this interaction',
    });
    return;
  }
  await queueEmail(tx, tenantId, {
    interaction,
    mailbox,
    kind: 'reply',
    to,
    subject: parent
      ? replySubject(parent.subject ?? interaction.subject)
      : (interaction.subject ?? '(no subject)'),
    text: message.body,
    parent: parent ?? null,
    interactionMessageId: message.id,
  });
}

export type UpdateOutcome = 'queued' | 'no_mailbox' | 'no_address';

/**
 * A message to the customer about something that followed from the conversation (a ticket's
 * status), in the conversation's thread: to the address they wrote from, from the mailbox they
 * wrote to. The interaction may be long closed; the email is still filed under it.
 */
export async function queueFollowUpEmail(
  tx: TenantTx,
  tenantId: string,
  interaction: InteractionRow,
  text: string,
): Promise<UpdateOutcome> {
  const parent = await replyParent(tx, interaction.id);
  const mailbox =
    (parent?.mailbox_id ? await findMailbox(tx, parent.mailbox_id) : undefined) ??
    (await mailboxFor(tx, interaction.queue_id));
  const to =
    parent?.direction === 'inbound'
      ? (parent.reply_to ?? parent.from_address)
      : (parent?.to_addresses[0] ?? interaction.contact_email);
  if (!mailbox) return 'no_mailbox';
  if (!to) return 'no_address';
  await queueEmail(tx, tenantId, {
    interaction,
    mailbox,
    kind: 'reply',
    to,
    subject: parent
      ? replySubject(parent.subject ?? interaction.subject)
      : (interaction.subject ?? '(no subject)'),
    text,
    parent: parent ?? null,
    interactionMessageId: null,
  });
  return 'queued';
}

/** The mailbox that feeds this queue, else the tenant's first. */
async function mailboxFor(tx: TenantTx, queueId: string): Promise<MailboxRecord | undefined> {
  const mailboxes = (await loadMailboxes(tx)).filter((m) => m.enabled);
  return mailboxes.find((m) => m.queueId === queueId) ?? mailboxes[0];
}
