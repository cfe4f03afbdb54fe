import type { EmailView, MailboxView } from './email.schemas.ts';
import type { AttachmentMeta, EmailRow } from './email-message.store.ts';
import { attachmentUrl } from './email-message.store.ts';
import type { MailboxRecord } from './mailbox.store.ts';

/** Rows → the JSON the API returns. */

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

export function mailboxToView(m: MailboxRecord): MailboxView {
  return {
    id: m.id,
    name: m.name,
    queueId: m.queueId,
    addresses: m.addresses,
    fromAddress: m.fromAddress,
    fromName: m.fromName,
    enabled: m.enabled,
    imap: m.imap
      ? {
          host: m.imap.host,
          port: m.imap.port,
          tls: m.imap.tls,
          user: m.imap.user,
          folder: m.imap.folder,
          passwordSet: true,
          lastPolledAt: iso(m.imap.lastPolledAt),
          lastError: m.imap.lastError,
        }
      : null,
    createdAt: iso(m.createdAt)!,
    updatedAt: iso(m.updatedAt)!,
  };
}

export function emailToView(e: EmailRow, attachments: readonly AttachmentMeta[]): EmailView {
  return {
    id: e.id,
    direction: e.direction,
    kind: e.kind,
    mailboxId: e.mailbox_id,
    messageId: e.message_id,
    inReplyTo: e.in_reply_to,
    references: e.references,
    from: { address: e.from_address, name: e.from_name },
    replyTo: e.reply_to,
    to: e.to_addresses,
    cc: e.cc_addresses,
    subject: e.subject,
    text: e.text_body,
    source: e.source,
    sizeBytes: e.size_bytes,
    transcriptMessageId: e.interaction_message_id === null ? null : String(e.interaction_message_id),
    delivery: {
      status: e.status,
      attempts: e.attempts,
      lastError: e.last_error,
      nextAttemptAt: iso(e.next_attempt_at),
      sentAt: iso(e.sent_at),
    },
    attachments: attachments
      .filter((a) => a.email_message_id === e.id)
      .map((a) => ({
        id: a.id,
        name: a.file_name,
        contentType: a.content_type,
        sizeBytes: a.size_bytes,
        inline: a.inline,
        contentId: a.content_id,
        sha256: a.sha256,
        url: attachmentUrl(a.id),
      })),
    createdAt: iso(e.created_at)!,
  };
}
