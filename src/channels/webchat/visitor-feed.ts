import type { Kysely } from 'kysely';
import type { WebSocket } from 'ws';
import type { DB } from '../../kernel/db/schema.ts';
import { type TenantTx, withTenant } from '../../kernel/db/tenant-scope.ts';
import type { EventHub } from '../../kernel/events/event-hub.ts';
import type { OutboxEvent } from '../../kernel/events/outbox-reader.ts';
import { findInteraction } from '../../routing/interaction.store.ts';
import { agentOf, conversationOf, conversationSnapshot } from './chat.service.ts';
import type { ConversationKey } from './conversation.store.ts';
import type { VisitorLimits } from './visitor-limits.ts';
import { VISITOR_EVENT_TYPES, visitorUpdate } from './visitor-updates.ts';
import { emitTyping } from './webchat.events.ts';

/**
 * The visitor's live channel: GET /api/v1/webchat/conversations/:id/stream (WebSocket).
 *
 * Server → visitor, JSON:
 *   {"kind":"status","status":"waiting|active|ended","agent":{"name"}|null,"reason":"snapshot|agent_joined|transferred|closed"}
 *   {"kind":"message","message":{id, author, body, attachments, createdAt}}
 *   {"kind":"typing","typing":true|false}          the agent is typing
 *   {"kind":"ready"}                                caught up; live from here
 *   {"kind":"pong"}
 *   {"kind":"error","code","message"}               then the server closes
 * Visitor → server: {"type":"typing","typing":true|false}, {"type":"ping"}.
 *
 * Resume without loss: connect with `?after=<id of the last message seen>`. The feed joins the
 * tenant's live event flow first, then reads the messages after that id from the database,
 * sends them, and only then passes on the live ones, skipping any it already sent. A message
 * committed before the read is in the read; one after it arrives live (message ids of a chat
 * ascend in commit order: see chat.service.ts).
 */
const MAX_BUFFERED_BYTES = 1024 * 1024;
const CLOSE_TOO_SLOW = 4408;

export interface FeedDeps {
  db: Kysely<DB>;
  hub: EventHub;
  limits: VisitorLimits;
}

export async function serveVisitorFeed(
  socket: WebSocket,
  deps: FeedDeps,
  key: ConversationKey,
  after: number | null,
) {
  let closed = false;
  let unsubscribe: (() => void) | null = null;
  socket.on('close', () => {
    closed = true;
    unsubscribe?.();
  });
  const send = (message: unknown) => {
    if (closed || socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      socket.close(CLOSE_TOO_SLOW, 'TOO_SLOW');
      return;
    }
    socket.send(JSON.stringify(message));
  };
  const inTenant = <T>(work: (tx: TenantTx) => Promise<T>) => withTenant(deps.db, key.tenantId, work);

  // Live events wait in this chain until the catch-up is sent, then go out in order.
  let lastSent = after ?? 0;
  let caughtUp: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    caughtUp = resolve;
  });
  let chain: Promise<void> = Promise.resolve();
  const relay = (event: OutboxEvent) => {
    chain = chain
      .then(async () => {
        await ready;
        const update = visitorUpdate(event);
        if (!update) return;
        if (update.kind === 'message') {
          const id = Number(update.message.id);
          if (id <= lastSent) return;
          lastSent = id;
          send(update);
        } else if (update.kind === 'status' && update.reason === 'agent_joined') {
          const agent = await inTenant((tx) => agentOf(tx, update.agentId));
          send({ kind: 'status', status: 'active', agent, reason: 'agent_joined' });
        } else if (update.kind === 'status') {
          send({ kind: 'status', status: update.status, agent: null, reason: update.reason });
        } else {
          send(update);
        }
      })
      .catch(() => socket.close(1011, 'INTERNAL'));
  };

  socket.on('message', (data) => {
    let message: { type?: unknown; typing?: unknown };
    try {
      message = JSON.parse(String(data)) as typeof message;
    } catch {
      return;
    }
    if (message.type === 'ping') send({ kind: 'pong' });
    if (message.type === 'typing' && deps.limits.allows('typing', key.id)) {
      void visitorTyping(deps.db, key, message.typing === true).catch(() => undefined);
    }
  });

  try {
    const remove = await deps.hub.subscribe(
      {
        tenantId: key.tenantId,
        accepts: (event) => event.aggregateId === key.interactionId && VISITOR_EVENT_TYPES.has(event.type),
        send: relay,
        // The catch-up below reads the database itself; the hub's own replay is not used.
        control: () => undefined,
      },
      null,
    );
    if (closed) return remove();
    unsubscribe = remove;
    const snapshot = await inTenant(async (tx) =>
      conversationSnapshot(tx, await conversationOf(tx, key.id), after),
    );
    send({ kind: 'status', status: snapshot.status, agent: snapshot.agent, reason: 'snapshot' });
    for (const message of snapshot.messages) {
      lastSent = Math.max(lastSent, Number(message.id));
      send({ kind: 'message', message });
    }
    send({ kind: 'ready' });
    caughtUp();
  } catch {
    send({ kind: 'error', code: 'INTERNAL', message: 'The chat feed failed; reconnect' });
    socket.close(1011, 'INTERNAL');
    return;
  }
}

/** The visitor's typing, for the agent handling the chat (nobody to tell while it waits). */
export async function visitorTyping(db: Kysely<DB>, key: ConversationKey, typing: boolean) {
  await withTenant(db, key.tenantId, async (tx) => {
    const row = await findInteraction(tx, key.interactionId);
    if (row?.status === 'active') await emitTyping(tx, key.tenantId, row, 'customer', typing);
  });
}
