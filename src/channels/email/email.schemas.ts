import { z } from 'zod';

/** HTTP request and response shapes of the email channel: mailboxes, an interaction's emails. */

const trimmed = (max: number) => z.string().trim().min(1).max(max);
const address = z
  .email()
  .max(254)
  .transform((a) => a.toLowerCase());
const hostname = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9.:[\]-]+$/i, 'a host name or IP address');

export const idParams = z.strictObject({ id: z.uuid() });

const imapFields = {
  host: hostname,
  port: z.number().int().min(1).max(65_535).describe('993 with TLS, 143 without'),
  tls: z.boolean().describe('Implicit TLS (port 993)'),
  user: trimmed(254),
  password: z.string().min(1).max(500).describe('Stored to log in; never returned'),
  folder: trimmed(200).describe('The folder polled for unseen messages'),
};

const imapCreate = z
  .strictObject({
    ...imapFields,
    tls: imapFields.tls.default(true),
    folder: imapFields.folder.default('INBOX'),
  })
  .describe('Poll this IMAP account for new mail (mail may also arrive over SMTP)');

/** On update the password may be left out to keep the stored one. */
const imapUpdate = z.strictObject({
  ...imapFields,
  tls: imapFields.tls.default(true),
  folder: imapFields.folder.default('INBOX'),
  password: imapFields.password.optional().describe('Leave out to keep the stored password'),
});

const addresses = z
  .array(address)
  .min(1)
  .max(20)
  .refine((a) => new Set(a).size === a.length, 'each address once')
  .describe('Mail to these addresses lands in this mailbox; an address belongs to one mailbox only');

export const createMailboxBody = z.strictObject({
  name: trimmed(100),
  queueId: z.uuid().describe('The queue its new conversations wait in (must take email)'),
  addresses,
  fromAddress: address.describe('The From of replies and auto-replies'),
  fromName: trimmed(100).nullish().describe('Display name on replies, e.g. "Acme 客服"'),
  enabled: z.boolean().default(true),
  imap: imapCreate.nullable().default(null),
});
export type CreateMailboxBody = z.infer<typeof createMailboxBody>;

export const updateMailboxBody = z
  .strictObject({
    name: trimmed(100).optional(),
    queueId: z.uuid().optional(),
    addresses: addresses.optional(),
    fromAddress: address.optional(),
    fromName: trimmed(100).nullable().optional(),
    enabled: z.boolean().optional(),
    imap: imapUpdate.nullable().optional().describe('null removes the IMAP account'),
  })
  .refine((body) => Object.keys(body).length > 0, 'Nothing to change');
export type UpdateMailboxBody = z.infer<typeof updateMailboxBody>;

export const mailboxView = z.object({
  id: z.string(),
  name: z.string(),
  queueId: z.string(),
  addresses: z.array(z.string()),
  fromAddress: z.string(),
  fromName: z.string().nullable(),
  enabled: z.boolean(),
  imap: z
    .object({
      host: z.string(),
      port: z.number(),
      tls: z.boolean(),
      user: z.string(),
      folder: z.string(),
      passwordSet: z.literal(true).describe('The password is stored; it is never returned'),
      lastPolledAt: z.string().nullable(),
      lastError: z.string().nullable().describe('What went wrong at the last poll, or what it refused'),
    })
    .nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MailboxView = z.infer<typeof mailboxView>;

export const emailView = z.object({
  id: z.string(),
  direction: z.enum(['inbound', 'outbound']),
  kind: z.enum(['message', 'reply', 'auto_reply']),
  mailboxId: z.string().nullable(),
  messageId: z.string().describe('Message-ID, without angle brackets'),
  inReplyTo: z.string().nullable(),
  references: z.array(z.string()),
  from: z.object({ address: z.string().nullable(), name: z.string().nullable() }),
  replyTo: z.string().nullable(),
  to: z.array(z.string()),
  cc: z.array(z.string()),
  subject: z.string().nullable(),
  text: z.string().nullable(),
  source: z.enum(['smtp', 'imap']).nullable(),
  sizeBytes: z.number().nullable(),
  transcriptMessageId: z
    .string()
    .nullable()
    .describe('The message of the interaction it became or came from'),
  delivery: z
    .object({
      status: z.enum(['received', 'queued', 'sent', 'failed']),
      attempts: z.number(),
      lastError: z.string().nullable(),
      nextAttemptAt: z.string().nullable(),
      sentAt: z.string().nullable(),
    })
    .describe("Outgoing: queued until the relay takes it, then sent (or failed); incoming: 'received'"),
  attachments: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      contentType: z.string(),
      sizeBytes: z.number(),
      inline: z.boolean(),
      contentId: z.string().nullable(),
      sha256: z.string(),
      url: z.string(),
    }),
  ),
  createdAt: z.string(),
});
export type EmailView = z.infer<typeof emailView>;
