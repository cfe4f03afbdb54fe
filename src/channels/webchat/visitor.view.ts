import type { InteractionRow, MessageRow } from '../../routing/interaction.store.ts';
import type { ConversationStatus, VisitorMessageView } from './webchat.schemas.ts';

/** What the visitor is shown of their conversation: never the team's system notes. */

export const VISITOR_AUTHORS = new Set(['customer', 'agent']);

export function visitorStatus(status: InteractionRow['status'], endedByVisitor: boolean): ConversationStatus {
  if (endedByVisitor) return 'ended';
  if (status === 'active') return 'active';
  if (status === 'queued' || status === 'offered') return 'waiting';
  return 'ended';
}

export function toVisitorMessage(
  m: Pick<MessageRow, 'id' | 'author' | 'body' | 'attachments' | 'created_at'>,
) {
  return {
    id: String(m.id),
    author: m.author as VisitorMessageView['author'],
    body: m.body,
    attachments: (Array.isArray(m.attachments) ? m.attachments : []) as VisitorMessageView['attachments'],
    createdAt: new Date(m.created_at).toISOString(),
  } satisfies VisitorMessageView;
}
