import { describe, expect, it } from 'vitest';
import { visitorUpdate } from './visitor-updates.ts';

const at = '2026-11-23T10:00:00.000Z';
const event = (type: string, payload: Record<string, unknown>) => ({ type, payload, createdAt: at });

describe('visitorUpdate', () => {
  it.each([
    [
      "an agent's message",
      event('interaction.message_added', { messageId: '42', author: 'agent', body: '您好', attachments: [] }),
      {
        kind: 'message',
        message: { id: '42', author: 'agent', body: '您好', attachments: [], createdAt: at },
      },
    ],
    [
      "the visitor's own message (another tab)",
      event('interaction.message_added', {
        messageId: '43',
        author: 'customer',
        body: 'hi',
        attachments: [],
      }),
      {
        kind: 'message',
        message: { id: '43', author: 'customer', body: 'hi', attachments: [], createdAt: at },
      },
    ],
    [
      'a system note (a transfer note for the next agent)',
      event('interaction.message_added', { messageId: '44', author: 'system', body: '→ VIP: angry' }),
      null,
    ],
    [
      'an agent accepting',
      event('interaction.accepted', { agentId: 'a1', offerId: 'o1' }),
      { kind: 'status', status: 'active', reason: 'agent_joined', agentId: 'a1' },
    ],
    [
      'a transfer',
      event('interaction.transferred', { previousAgentId: 'a1', queueId: 'q2', note: 'secret' }),
      { kind: 'status', status: 'waiting', reason: 'transferred' },
    ],
    [
      'wrap-up',
      event('interaction.wrap_up', { agentId: 'a1' }),
      { kind: 'status', status: 'ended', reason: 'closed' },
    ],
    [
      'closed',
      event('interaction.closed', { agentId: 'a1' }),
      { kind: 'status', status: 'ended', reason: 'closed' },
    ],
    ['abandoned', event('interaction.abandoned', {}), { kind: 'status', status: 'ended', reason: 'closed' }],
    [
      'the agent typing',
      event('interaction.typing', { author: 'agent', typing: true }),
      { kind: 'typing', typing: true },
    ],
    [
      'the agent stops typing',
      event('interaction.typing', { author: 'agent', typing: false }),
      { kind: 'typing', typing: false },
    ],
    ["the visitor's own typing", event('interaction.typing', { author: 'customer', typing: true }), null],
    ['an offer', event('interaction.offered', { agentId: 'a1' }), null],
    ['a decline', event('interaction.declined', { agentId: 'a1' }), null],
  ])('%s', (_name, input, expected) => {
    expect(visitorUpdate(input)).toEqual(expected);
  });
});
