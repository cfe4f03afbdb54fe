import { createHash } from 'node:crypto';
import type { TenantTx } from '../../kernel/db/tenant-scope.ts';
import { AppError, notFound } from '../../kernel/http/errors.ts';
import { addMessage } from '../../routing/interaction.service.ts';
import type { MessageRow } from '../../routing/interaction.store.ts';
import { lockOpenChat } from './chat.service.ts';
import type { ConversationRow } from './conversation.store.ts';
import { IMAGE_EXTENSIONS, IMAGE_TYPES, sniffImage } from './image-sniff.ts';

/**
 * Images a visitor sends: checked by their bytes (not the name or the claimed type), kept in
 * the database with the conversation (every server instance can serve them, backups hold
 * them), and posted as a message whose attachment links to them. Only the visitor of that
 * chat and the team members who may see its interaction can fetch them.
 */

/** Where a stored image is fetched: the visitor sends their token, an agent their bearer token. */
export const attachmentUrl = (id: string) => `/api/v1/webchat/attachments/${id}`;

const IMAGE_NAMES = IMAGE_TYPES.map((t) => IMAGE_EXTENSIONS[t].toUpperCase()).join(', ');

export async function sendImage(
  tx: TenantTx,
  tenantId: string,
  conversation: ConversationRow,
  upload: { bytes: Buffer; name: string | undefined; maxBytes: number },
): Promise<MessageRow> {
  const { bytes, maxBytes } = upload;
  if (bytes.length === 0) throw new AppError('VALIDATION_FAILED', 'The image is empty');
  if (bytes.length > maxBytes) throw tooLarge(bytes.length, maxBytes);
  const type = sniffImage(bytes);
  if (!type) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Only images can be sent (${IMAGE_NAMES}); this file is not one`,
      { accepted: IMAGE_TYPES },
    );
  }
  const row = await lockOpenChat(tx, conversation);
  const name = fileName(upload.name, IMAGE_EXTENSIONS[type]);
  const stored = await tx
    .insertInto('webchat_attachments')
    .values({
      tenant_id: tenantId,
      conversation_id: conversation.id,
      file_name: name,
      content_type: type,
      size_bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      data: bytes,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const message = await addMessage(tx, tenantId, row, {
    author: 'customer',
    authorUserId: null,
    body: name,
    attachments: [{ name, contentType: type, sizeBytes: bytes.length, url: attachmentUrl(stored.id) }],
  });
  await tx
    .updateTable('webchat_attachments')
    .set({ message_id: message.id })
    .where('id', '=', stored.id)
    .execute();
  return message;
}

export function tooLarge(size: number, maxBytes: number) {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return new AppError('PAYLOAD_TOO_LARGE', `Images may be at most ${mb(maxBytes)}; this one is ${mb(size)}`, {
    maxBytes,
    sizeBytes: size,
  });
}

/** The stored image, if it belongs to the conversation (visitor) or is visible in this tenant scope. */
export async function readImage(tx: TenantTx, id: string, conversationId: string | null) {
  const image = await tx
    .selectFrom('webchat_attachments as a')
    .innerJoin('webchat_conversations as c', 'c.id', 'a.conversation_id')
    .select(['a.file_name', 'a.content_type', 'a.size_bytes', 'a.data', 'a.sha256', 'c.interaction_id'])
    .where('a.id', '=', id)
    .$if(conversationId !== null, (q) => q.where('a.conversation_id', '=', conversationId!))
    .executeTakeFirst();
  if (!image) throw notFound('Image');
  return image;
}

/** A download name: the visitor's, stripped of paths and odd characters, ending in the real type. */
function fileName(given: string | undefined, extension: string): string {
  const base = (given ?? '')
    .split(/[\\/]/)
    .pop()!
    .replace(/[^\p{L}\p{N}._ -]/gu, '')
    .replace(/\.[^.]*$/, '')
    .trim()
    .slice(0, 100);
  return `${base || 'image'}.${extension}`;
}
