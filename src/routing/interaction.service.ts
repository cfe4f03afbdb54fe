import { findCustomer } from '../customers/customers.store.ts';
import type { MessageAuthor } from '../kernel/db/schema.ts';
import type { TenantTx } from '../kernel/db/tenant-scope.ts';
import { AppError, notFound } from '../kernel/http/errors.ts';
import { customerTiers } from '../value/customer-tier.ts';
import { loadAgents, lockAgent, lockAgentRow, toRoutingAgent } from './agent.store.ts';
import { changeAgentState } from './agent-state.ts';
import {
  answerOffer,
  answerOfferSql,
  endAcceptedOffer,
  endAcceptedOfferSql,
  findInteraction,
  type InteractionRow,
  insertDispositionSql,
  insertMessage,
  liveOffer,
  type MessageRow,
  updateInteraction,
} from './interaction.store.ts';
import {
  type ChannelScope,
  isManager,
  moveContext,
  mustBe,
  mustHandle,
  queueFor,
  type RoutingScope,
  visibleInteraction,
} from './interaction-access.ts';
import { closeInteraction, offerInteraction, returnToQueue } from './interaction-moves.ts';
import { runMessageHooks } from './message-hooks.ts';
import { findQueue } from './queue.store.ts';
import { isFreeFor } from './routing.engine.ts';
import { emitRoutingEvent, requestRoutingPass, routingEventSql } from './routing.events.ts';
import type { MoveBody } from './routing.schemas.ts';

/**
 * What agents and supervisors do with an interaction once it is queued (arrival:
 * interaction-arrival.ts): answer an offer, hand it on, end it, converse, link the customer.
 * Each operation checks who may do it (interaction-access.ts), changes the rows with their
 * events in the caller's transaction, and asks for a routing pass when it frees an agent or
 * puts something in a queue.
 */

// ------------------------------------------------------------------------------- answering

/** The agent takes the interaction offered to them. */
export async function acceptInteraction(scope: RoutingScope, id: string): Promise<InteractionRow> {
  const ctx = moveContext(scope);
  const row = await visibleInteraction(scope, id, { forUpdate: true });
  const offer = await pendingOfferFor(scope, row);
  if (offer.expires_at.getTime() <= ctx.now.getTime()) {
    throw new AppError('OFFER_EXPIRED', undefined, { expiresAt: offer.expires_at.toISOString() });
  }
  // The offer answered, the interaction active and the event written: one round trip.
  return updateInteraction(scope.tx, row.id, { status: 'active', accepted_at: ctx.now }, [
    answerOfferSql(offer.id, 'accepted', ctx.now),
    routingEventSql(scope.tenantId, 'interaction.accepted', row.id, {
      agentId: scope.user.userId,
      offerId: offer.id,
      customerId: row.customer_id,
      waitedSeconds: Math.round((ctx.now.getTime() - row.enqueued_at.getTime()) / 1000),
    }),
  ]);
}

/** The agent turns the offer down; the interaction goes to the next agent. */
export async function declineInteraction(scope: RoutingScope, id: string, reason?: string) {
  const ctx = moveContext(scope);
  const row = await visibleInteraction(scope, id, { forUpdate: true });
  const offer = await pendingOfferFor(scope, row);
  await answerOffer(scope.tx, offer.id, 'declined', ctx.now);
  await emitRoutingEvent(scope.tx, scope.tenantId, 'interaction.declined', row.id, {
    agentId: scope.user.userId,
    offerId: offer.id,
    reason: reason ?? null,
  });
  const updated = await returnToQueue(scope.tx, ctx, row, 'declined', {
    previousAgentId: scope.user.userId,
    declinedBy: scope.user.userId,
  });
  await requestRoutingPass(scope.tx, scope.tenantId);
  return updated;
}

async function pendingOfferFor(scope: RoutingScope, row: InteractionRow) {
  const offer = await liveOffer(scope.tx, row.id);
  if (offer?.status !== 'pending' || offer.agent_id !== scope.user.userId)
    throw new AppError('NO_PENDING_OFFER');
  return offer;
}

// ------------------------------------------------------------------------------ moving on

/**
 * The handling agent (or a supervisor) hands an active interaction on: to a queue, where it
 * waits again with its place kept, or straight to an agent, who gets it as an offer. The note
 * is kept as a system message for whoever takes it next.
 */
export async function transferInteraction(scope: RoutingScope, id: string, body: MoveBody) {
  const ctx = moveContext(scope);
  const seen = await visibleInteraction(scope, id);
  mustHandle(scope, seen);
  mustBe(seen, 'active');
  const target = body.agentId ? await freeAgentFor(scope, body.agentId, seen) : null;
  const queue = body.queueId ? await queueFor(scope.tx, body.queueId, seen.channel, 'queueId') : null;
  const row = (await findInteraction(scope.tx, id, { forUpdate: true }))!;
  mustBe(row, 'active');
  if (target && target.id === row.agent_id)
    throw new AppError('VALIDATION_FAILED', 'agentId: already handling it');
  await endAcceptedOffer(scope.tx, row.id, ctx.now);
  await systemNote(scope, row.id, target ? `→ ${target.displayName}` : `→ ${queue!.name}`, body.note);
  await emitRoutingEvent(scope.tx, scope.tenantId, 'interaction.transferred', row.id, {
    previousAgentId: row.agent_id,
    ...(target ? { agentId: target.id } : { queueId: queue!.id }),
    note: body.note ?? null,
    by: scope.user.userId,
  });
  if (target) return (await offerInteraction(scope.tx, ctx, row, target.id, 'transfer')).interaction;
  // The agent who passed it on is not offered it again unless nobody else can take it.
  const updated = await returnToQueue(scope.tx, ctx, row, 'transferred', {
    previousAgentId: row.agent_id,
    queueId: queue!.id,
    ...(row.agent_id ? { declinedBy: row.agent_id } : {}),
  });
  await requestRoutingPass(scope.tx, scope.tenantId);
  return updated;
}

/**
 * A supervisor moves a waiting interaction (queued, or offered and not yet accepted) to a
 * chosen agent or another queue; a ringing offer is withdrawn first.
 */
export async function reassignInteraction(scope: RoutingScope, id: string, body: MoveBody) {
  const ctx = moveContext(scope);
  const seen = await visibleInteraction(scope, id);
  mustBe(seen, 'queued', 'offered');
  const target = body.agentId ? await freeAgentFor(scope, body.agentId, seen) : null;
  const queue = body.queueId ? await queueFor(scope.tx, body.queueId, seen.channel, 'queueId') : null;
  let row = (await findInteraction(scope.tx, id, { forUpdate: true }))!;
  mustBe(row, 'queued', 'offered');
  const previousAgentId = row.status === 'offered' ? row.agent_id : null;
  if (target && target.id === previousAgentId)
    throw new AppError('VALIDATION_FAILED', 'agentId: already offered to them');
  await withdrawLiveOffer(scope, row, 'reassigned');
  if (body.note)
    await systemNote(scope, row.id, target ? `→ ${target.displayName}` : `→ ${queue!.name}`, body.note);
  await emitRoutingEvent(scope.tx, scope.tenantId, 'interaction.reassigned', row.id, {
    previousAgentId,
    ...(target ? { agentId: target.id } : { queueId: queue!.id }),
    note: body.note ?? null,
    by: scope.user.userId,
  });
  if (target) return (await offerInteraction(scope.tx, ctx, row, target.id, 'reassign')).interaction;
  row = await returnToQueue(scope.tx, ctx, row, 'reassigned', { previousAgentId, queueId: queue!.id });
  await requestRoutingPass(scope.tx, scope.tenantId);
  return row;
}

/**
 * The customer left before an agent answered (hung up, closed the chat). A channel (no
 * signed-in user) reports it for its own customer, so it skips the visibility check.
 */
export async function abandonInteraction(scope: RoutingScope | ChannelScope, id: string) {
  const ctx = moveContext(scope);
  const row = scope.user
    ? await visibleInteraction(scope, id, { forUpdate: true })
    : await findInteraction(scope.tx, id, { forUpdate: true });
  if (!row) throw notFound('Interaction');
  mustBe(row, 'queued', 'offered');
  const previousAgentId = row.status === 'offered' ? row.agent_id : null;
  await withdrawLiveOffer(scope, row, 'abandoned');
  const updated = await updateInteraction(scope.tx, row.id, {
    status: 'abandoned',
    abandoned_at: ctx.now,
    agent_id: null,
  });
  await emitRoutingEvent(scope.tx, scope.tenantId, 'interaction.abandoned', row.id, {
    previousAgentId,
    queueId: row.queue_id,
    customerId: row.customer_id,
    waitedSeconds: Math.round((ctx.now.getTime() - row.enqueued_at.getTime()) / 1000),
  });
  if (previousAgentId) await requestRoutingPass(scope.tx, scope.tenantId);
  return updated;
}

/** Locks the target agent's row (before the interaction's: lock order) and checks they can take it. */
async function freeAgentFor(scope: RoutingScope, agentId: string, row: InteractionRow) {
  const agent = await lockAgent(scope.tx, agentId);
  if (!agent)
    throw new AppError('VALIDATION_FAILED', 'agentId: no such agent', [
      { path: 'agentId', message: 'no such agent' },
    ]);
  // Handing it to the agent who holds it does not need a free slot.
  if (agent.id !== row.agent_id && !isFreeFor(toRoutingAgent(agent), row.channel)) {
    throw new AppError(
      'AGENT_NOT_FREE',
      `${agent.displayName} is ${agent.state} with ${agent.load[row.channel]} of ${agent.capacity[row.channel]} ${row.channel} in hand`,
      {
        state: agent.state,
        load: agent.load,
        capacity: agent.capacity,
      },
    );
  }
  return agent;
}

async function withdrawLiveOffer(scope: RoutingScope | ChannelScope, row: InteractionRow, cause: string) {
  const offer = await liveOffer(scope.tx, row.id);
  if (offer?.status !== 'pending') return;
  await answerOffer(scope.tx, offer.id, 'withdrawn', moveContext(scope).now);
  await emitRoutingEvent(scope.tx, scope.tenantId, 'interaction.offer_withdrawn', row.id, {
    agentId: offer.agent_id,
    offerId: offer.id,
    cause,
  });
}

async function systemNote(
  scope: RoutingScope,
  interactionId: string,
  what: string,
  note: string | undefined,
) {
  await insertMessage(scope.tx, {
    tenantId: scope.tenantId,
    interactionId,
    author: 'system',
    authorUserId: scope.user.userId,
    body: note ? `${what}: ${note}` : what,
  });
}

// --------------------------------------------------------------------------------- ending

/**
 * The handling agent ends the interaction with a disposition code and notes. It stays in
 * wrap-up for the queue's wrap-up time (the agent too, if they were available, so nothing
 * rings during after-work), then closes and joins the customer's timeline. With no wrap-up
 * time it closes at once.
 */
export async function wrapUpInteraction(
  scope: RoutingScope,
  id: string,
  body: { code: string; notes?: string | null },
) {
  const ctx = moveContext(scope);
  const seen = await visibleInteraction(scope, id);
  mustHandle(scope, seen);
  mustBe(seen, 'active');
  // The agent's row first (lock order); their details only when their state may change.
  const agentLocked = seen.agent_id ? await lockAgentRow(scope.tx, seen.agent_id) : false;
  let row = (await findInteraction(scope.tx, id, { forUpdate: true }))!;
  mustBe(row, 'active');
  const wrapUpSeconds = (await findQueue(scope.tx, row.queue_id))?.wrapUpSeconds ?? 0;
  const until = new Date(ctx.now.getTime() + wrapUpSeconds * 1000);
  const disposition = { code: body.code, notes: body.notes ?? null };
  // The disposition, the offer ended, the interaction in wrap-up and its event: one round trip.
  row = await updateInteraction(
    scope.tx,
    row.id,
    { status: 'wrap_up', wrap_up_at: ctx.now, wrap_up_until: until },
    [
      insertDispositionSql(scope.tenantId, row, disposition),
      endAcceptedOfferSql(row.id, ctx.now),
      routingEventSql(scope.tenantId, 'interaction.wrap_up', row.id, {
        agentId: row.agent_id,
        disposition,
        wrapUpUntil: until.toISOString(),
      }),
    ],
  );
  if (wrapUpSeconds === 0) {
    row = await closeInteraction(scope.tx, ctx, row);
    await requestRoutingPass(scope.tx, scope.tenantId);
    return row;
  }
  const agent = agentLocked ? (await loadAgents(scope.tx, { ids: [seen.agent_id!] }))[0] : undefined;
  if (agent?.state === 'available') {
    await changeAgentState(scope.tx, ctx, agent, {
      state: 'wrap_up',
      reason: null,
      changedBy: null,
      wrapUpUntil: until,
    });
  } else if (agent?.state === 'wrap_up' && agent.wrapUpUntil && agent.wrapUpUntil < until) {
    await scope.tx
      .updateTable('agents')
      .set({ wrap_up_until: until })
      .where('user_id', '=', agent.id)
      .execute();
  }
  // Offers that were ringing at the agent went back to their queues.
  await requestRoutingPass(scope.tx, scope.tenantId);
  return row;
}

// ---------------------------------------------------------------------------- conversation

export interface NewMessage {
  author: MessageAuthor;
  authorUserId: string | null;
  body: string;
  attachments?: unknown[];
}

/**
 * Adds a message to the conversation and tells its agent. For channels (web chat, email) and
 * the API: a customer writes while waiting or being served; an agent while handling it.
 */
export async function addMessage(
  tx: TenantTx,
  tenantId: string,
  row: InteractionRow,
  message: NewMessage,
): Promise<MessageRow> {
  const allowed: Record<MessageAuthor, InteractionRow['status'][]> = {
    customer: ['queued', 'offered', 'active'],
    agent: ['active'],
    system: ['queued', 'offered', 'active', 'wrap_up'],
  };
  mustBe(row, ...allowed[message.author]);
  const stored = await insertMessage(tx, { tenantId, interactionId: row.id, ...message });
  await emitRoutingEvent(tx, tenantId, 'interaction.message_added', row.id, {
    agentId: row.agent_id,
    messageId: String(stored.id),
    author: stored.author,
    body: stored.body,
    attachments: stored.attachments,
  });
  // Channels act on it in this transaction (the email channel queues an agent's reply).
  await runMessageHooks(tx, tenantId, row, stored);
  return stored;
}

/** A message through the API: agents write as themselves; supervisors may write for a channel. */
export async function postMessage(
  scope: RoutingScope,
  id: string,
  body: { body: string; attachments: unknown[]; author?: MessageAuthor | undefined },
) {
  const author = body.author ?? 'agent';
  if (author !== 'agent' && !isManager(scope)) {
    throw new AppError('FORBIDDEN', "Only supervisors post as 'customer' or 'system' (internal channels)");
  }
  const row = await visibleInteraction(scope, id, { forUpdate: true });
  if (author === 'agent') mustHandle(scope, row);
  return addMessage(scope.tx, scope.tenantId, row, {
    author,
    authorUserId: author === 'customer' ? null : scope.user.userId,
    body: body.body,
    attachments: body.attachments,
  });
}

/** Links the interaction to a customer card (and takes their value tier for its priority). */
export async function linkCustomer(scope: RoutingScope, id: string, customerId: string) {
  const row = await visibleInteraction(scope, id, { forUpdate: true });
  mustHandle(scope, row);
  if (!(await findCustomer(scope.tx, customerId))) throw notFound('Customer');
  const tier = (await customerTiers(scope.tx, [customerId])).get(customerId) ?? null;
  const updated = await updateInteraction(scope.tx, row.id, { customer_id: customerId, value_tier: tier });
  await emitRoutingEvent(scope.tx, scope.tenantId, 'interaction.customer_linked', row.id, {
    agentId: row.agent_id,
    customerId,
    previousCustomerId: row.customer_id,
    valueTier: tier,
  });
  return updated;
}
