import type { OutboxEvent } from '../../kernel/events/outbox-reader.ts';
import { VISITOR_AUTHORS } from './visitor.view.ts';
import { TYPING_EVENT } from './webchat.events.ts';
import type { VisitorMessageView } from './webchat.schemas.ts';

/**
 * What a visitor's chat window hears of the outbox events of their interaction. Pure: the
 * feed turns each event into at most one update (the agent's name is looked up by the feed).
 *
 * Visitors see the customer's and agents' messages, an agent joining, the chat going back to
 * the queue (transfer), the chat ending and the agent typing. They never see system notes
 * (a transfer note is for the next agent), offers, declines or dispositions.
 */
export type VisitorUpdate =
  | { kind: 'message'; message: VisitorMessageView }
  | { kind: 'status'; status: 'active'; reason: 'agent_joined'; agentId: string }
  | { kind: 'status'; status: 'waiting'; reason: 'transferred' }
  | { kind: 'status'; status: 'ended'; reason: 'closed' }
  | { kind: 'typing'; typing: boolean };

/** Event types a visitor's feed subscribes to. */
export const VISITOR_EVENT_TYPES = new Set([
  'interaction.message_added',
  'interaction.accepted',
  'interaction.transferred',
  'interaction.wrap_up',
  'interaction.closed',
  'interaction.abandoned',
  TYPING_EVENT,
]);

export function visitorUpdate(
  event: Pick<OutboxEvent, 'type' | 'payload' | 'createdAt'>,
): VisitorUpdate | null {
  const p = event.payload;
  switch (event.type) {
    case 'interaction.message_added': {
      if (!VISITOR_AUTHORS.has(String(p.author))) return null;
      return {
        kind: 'message',
        message: {
          id: String(p.messageId),
          author: p.author as VisitorMessageView['author'],
          body: String(p.body ?? ''),
          attachments: (Array.isArray(p.attachments)
            ? p.attachments
            : []) as VisitorMessageView['attachments'],
          createdAt: event.createdAt,
        },
      };
    }
    case 'interaction.accepted':
      return typeof p.agentId === 'string'
        ? { kind: 'status', status: 'active', reason: 'agent_joined', agentId: p.agentId }
        : null;
    case 'interaction.transferred':
      // To a queue or straight to another agent: either way the visitor waits for the next one.
      return { kind: 'status', status: 'waiting', reason: 'transferred' };
    case 'interaction.wrap_up':
    case 'interaction.closed':
    case 'interaction.abandoned':
      return { kind: 'status', status: 'ended', reason: 'closed' };
    case TYPING_EVENT:
      return p.author === 'agent' ? { kind: 'typing', typing: p.typing === true } : null;
    default:
      return null;
  }
}
