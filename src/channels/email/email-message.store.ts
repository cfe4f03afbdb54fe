import { type Insertable, type Selectable, sql } from 'kysely';
import { EMAIL_INGEST_LOCK_NAMESPACE } from '../../kernel/db/migrations/0006-email.ts';
import type { EmailAttachmentsTable, EmailMessagesTable } from '../../kernel/db/schema.ts';
import type { TenantTx } from '../../kernel/db/tenant-scope.ts';
import type { ParsedAttachment } from './email-parse.ts';

/** SQL of the emails on interactions (in and out) and their attachments. */

export type EmailRow = Selectable<EmailMessagesTable>;
export type AttachmentMeta = Omit<Selectable<EmailAttachmentsTable>, 'data' | 'tenant_id'>;

/**
 * Holds until the transaction ends: a second copy of the same message (a resend, a message to
 * two of the tenant's addresses handled by two server instances) waits here and then finds
 * the first one stored.
 */
export async function lockMessageId(tx: TenantTx, tenantId: string, messageId: string) {
  await sql`select pg_advisory_xact_lock(${EMAIL_INGEST_LOCK_NAMESPACE}, hashtext(${`${tenantId} ${messageId}`}))`.execute(
    tx,
  );
}

export async function findEmailByMessageId(tx: TenantTx, messageId: string) {
  return tx
    .selectFrom('email_messages')
    .select(['id', 'interaction_id'])
    .where('message_id', '=', messageId)
    .executeTakeFirst();
}

/**
 * The interaction of the first of `candidates` (Message-IDs, most telling first) that this
 * tenant has sent or received.
 */
export async function threadOf(tx: TenantTx, candidates: readonly string[]): Promise<string | null> {
  if (candidates.length === 0) return null;
  const rows = await tx
    .selectFrom('email_messages')
    .select(['message_id', 'interaction_id'])
    .where('message_id', 'in', [...candidates])
    .execute();
  const byId = new Map(rows.map((r) => [r.message_id, r.interaction_id]));
  for (const id of candidates) {
    const interaction = byId.get(id);
    if (interaction) return interaction;
  }
  return null;
}

export async function insertEmail(tx: TenantTx, values: Insertable<EmailMessagesTable>): Promise<EmailRow> {
  return tx.insertInto('email_messages').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function findEmail(tx: TenantTx, id: string): Promise<EmailRow | undefined> {
  return tx.selectFrom('email_messages').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateEmail(tx: TenantTx, id: string, set: Partial<Insertable<EmailMessagesTable>>) {
  await tx.updateTable('email_messages').set(set).where('id', '=', id).execute();
}

/** The email an agent's reply answers: the newest that came in, else the newest sent. */
export async function replyParent(tx: TenantTx, interactionId: string): Promise<EmailRow | undefined> {
  return tx
    .selectFrom('email_messages')
    .selectAll()
    .where('interaction_id', '=', interactionId)
    .where('kind', '!=', 'auto_reply')
    .orderBy(sql`direction = 'inbound'`, 'desc')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function hasAutoReply(tx: TenantTx, interactionId: string): Promise<boolean> {
  const row = await tx
    .selectFrom('email_messages')
    .select('id')
    .where('interaction_id', '=', interactionId)
    .where('kind', '=', 'auto_reply')
    .executeTakeFirst();
  return row !== undefined;
}

/** The emails of an interaction, oldest first. */
export async function emailsOf(tx: TenantTx, interactionId: string): Promise<EmailRow[]> {
  return tx
    .selectFrom('email_messages')
    .selectAll()
    .where('interaction_id', '=', interactionId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

// ---------------------------------------------------------------------------- attachments

export async function insertAttachments(
  tx: TenantTx,
  tenantId: string,
  emailId: string,
  attachments: readonly ParsedAttachment[],
): Promise<AttachmentMeta[]> {
  const stored: AttachmentMeta[] = [];
  // One at a time: a statement with many large byteas at once would hold them all in memory twice.
  for (const a of attachments) {
    stored.push(
      await tx
        .insertInto('email_attachments')
        .values({
          tenant_id: tenantId,
          email_message_id: emailId,
          file_name: a.fileName,
          content_type: a.contentType,
          content_id: a.contentId,
          inline: a.inline,
          size_bytes: a.data.length,
          sha256: a.sha256,
          data: a.data,
        })
        .returning([
          'id',
          'email_message_id',
          'file_name',
          'content_type',
          'content_id',
          'inline',
          'size_bytes',
          'sha256',
          'created_at',
        ])
        .executeTakeFirstOrThrow(),
    );
  }
  return stored;
}

export async function attachmentsOf(tx: TenantTx, emailIds: readonly string[]): Promise<AttachmentMeta[]> {
  if (emailIds.length === 0) return [];
  return tx
    .selectFrom('email_attachments')
    .select([
      'id',
      'email_message_id',
      'file_name',
      'content_type',
      'content_id',
      'inline',
      'size_bytes',
      'sha256',
      'created_at',
    ])
    .where('email_message_id', 'in', [...emailIds])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** One attachment with its bytes and the interaction it belongs to (for the access check). */
export async function attachmentWithData(tx: TenantTx, id: string) {
  return tx
    .selectFrom('email_attachments as a')
    .innerJoin('email_messages as m', 'm.id', 'a.email_message_id')
    .select(['a.id', 'a.file_name', 'a.content_type', 'a.size_bytes', 'a.data', 'm.interaction_id'])
    .where('a.id', '=', id)
    .executeTakeFirst();
}

/** Where the API serves an attachment; the transcript lists it with this URL. */
export const attachmentUrl = (id: string) => `/api/v1/email-attachments/${id}`;
