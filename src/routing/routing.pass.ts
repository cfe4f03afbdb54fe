import type { Kysely } from 'kysely';
import type { DB } from '../kernel/db/schema.ts';
import { type TenantTx, withTenant } from '../kernel/db/tenant-scope.ts';
import {
  type AgentRecord,
  loadAgents,
  lockAgent,
  lockAgentRow,
  lockAgents,
  toRoutingAgent,
} from './agent.store.ts';
import { changeAgentState } from './agent-state.ts';
import { isOpenAt } from './business-hours.ts';
import { answerOffer, findInteraction, waitingInteractions } from './interaction.store.ts';
import {
  closeInteraction,
  type MoveContext,
  type OfferDraft,
  offerInteractions,
  returnToQueue,
} from './interaction-moves.ts';
import { loadQueues, queueHours, toRoutingQueue } from './queue.store.ts';
import {
  assign,
  assignAmongFew,
  type Channel,
  DEFAULT_ROUTING_CONFIG,
  findOverflows,
  isFreeFor,
  type Offer,
  type RoutingAgent,
  type RoutingConfig,
  type RoutingSnapshot,
  type WaitingInteraction,
} from './routing.engine.ts';
import { emitRoutingEvent } from './routing.events.ts';
import { claimRoutingWork, freeAgents, type RoutingWork } from './routing.store.ts';

/**
 * One routing pass for one tenant: the I/O around the pure engine. In one transaction it
 * 1. takes the tenant's routing lock (`pg_try_advisory_xact_lock`); if another instance holds
 *    it, this pass is skipped: that instance is routing now, and every instance hears the
 *    wake-up that follows each change, so nothing waits longer than one more pass. The same
 *    statement reads what is due and what waits (`claimRoutingWork`);
 * 2. expires unanswered offers: the interaction goes back to its queue (the agent counts as
 *    having declined it) and the agent is set busy ('missed_offer'), as real ACDs do, so the
 *    next interaction does not ring at an empty desk;
 * 3. ends wrap-ups whose time is up (agents available again, interactions closed);
 * 4. moves interactions that waited too long to their overflow queue (the clock restarts);
 * 5. asks the engine for offers over the open queues (reading the longest-idle free agents,
 *    not the whole floor: `chooseOffers`), and writes them only after locking the agents' rows
 *    and recounting their load, so an agent never holds more than their capacity even while a
 *    transfer or a state change runs beside the pass; the offers are written in one statement
 *    that skips an interaction no longer waiting. The unique index `offers_live_key` is the
 *    last guard against two live offers for one interaction.
 * A pass that offers costs about nine round trips to the database, one with nothing to do four.
 * Everything it writes is in the transaction with its events; a crash loses nothing (the
 * next pass at boot picks up where this one stopped).
 */

export interface RoutingPassOptions {
  offerTimeoutSeconds: number;
  now?: Date;
  config?: RoutingConfig;
}

export interface RoutingPassResult {
  /** Another instance held the tenant's routing lock. */
  skipped: boolean;
  expired: number;
  wrapUpsEnded: number;
  overflowed: number;
  offered: number;
  /** The engine had to see every agent (see `chooseOffers`). */
  readAllAgents: boolean;
}

const SKIPPED: RoutingPassResult = {
  skipped: true,
  expired: 0,
  wrapUpsEnded: 0,
  overflowed: 0,
  offered: 0,
  readAllAgents: false,
};

/** Free agents read beyond one per waiting interaction, for skills that do not fit. */
const SPARE_AGENTS = 4;

export async function runRoutingPass(
  db: Kysely<DB>,
  tenantId: string,
  options: RoutingPassOptions,
): Promise<RoutingPassResult> {
  return withTenant(db, tenantId, async (tx) => {
    const ctx: MoveContext = {
      tenantId,
      now: options.now ?? new Date(),
      offerTimeoutSeconds: options.offerTimeoutSeconds,
    };
    const work = await claimRoutingWork(tx, tenantId, ctx.now);
    if (!work) return SKIPPED;
    const expired = work.expired.length > 0 ? await expireOffers(tx, ctx, work.expired) : 0;
    const wrapUpsEnded =
      work.agentWrapUps.length + work.wrapUps.length > 0 ? await endWrapUps(tx, ctx, work) : 0;
    // Expiries put interactions back in the queue: read the line again to offer them now.
    const waiting = expired > 0 ? await waitingInteractions(tx) : work.waiting;
    const routed = await route(tx, ctx, options.config ?? DEFAULT_ROUTING_CONFIG, waiting);
    return { skipped: false, expired, wrapUpsEnded, ...routed };
  });
}

async function expireOffers(tx: TenantTx, ctx: MoveContext, offers: RoutingWork['expired']): Promise<number> {
  let expired = 0;
  for (const offer of offers) {
    const agent = await lockAgent(tx, offer.agentId);
    const interaction = await findInteraction(tx, offer.interactionId, { forUpdate: true });
    // Accepted or declined a moment ago: nothing to expire.
    if (!interaction || !(await answerOffer(tx, offer.id, 'expired', ctx.now))) continue;
    expired++;
    await emitRoutingEvent(tx, ctx.tenantId, 'interaction.offer_expired', interaction.id, {
      agentId: offer.agentId,
      offerId: offer.id,
    });
    await returnToQueue(tx, ctx, interaction, 'expired', {
      previousAgentId: offer.agentId,
      declinedBy: offer.agentId,
    });
    if (agent?.state === 'available') {
      await changeAgentState(tx, ctx, agent, { state: 'busy', reason: 'missed_offer', changedBy: null });
    }
  }
  return expired;
}

async function endWrapUps(tx: TenantTx, ctx: MoveContext, work: RoutingWork): Promise<number> {
  for (const agentId of work.agentWrapUps) {
    const agent = await lockAgent(tx, agentId);
    if (agent?.state === 'wrap_up' && agent.wrapUpUntil && agent.wrapUpUntil <= ctx.now) {
      await changeAgentState(tx, ctx, agent, { state: 'available', reason: null, changedBy: null });
    }
  }
  let ended = 0;
  for (const { id, agentId } of work.wrapUps) {
    if (agentId) await lockAgentRow(tx, agentId);
    const interaction = await findInteraction(tx, id, { forUpdate: true });
    if (
      interaction?.status !== 'wrap_up' ||
      !interaction.wrap_up_until ||
      interaction.wrap_up_until > ctx.now
    )
      continue;
    await closeInteraction(tx, ctx, interaction);
    ended++;
  }
  return ended;
}

async function route(tx: TenantTx, ctx: MoveContext, config: RoutingConfig, waiting: WaitingInteraction[]) {
  if (waiting.length === 0) return { overflowed: 0, offered: 0, readAllAgents: false };
  const queues = await loadQueues(tx);
  const routingQueues = queues.map(toRoutingQueue);
  const overflowed = await applyOverflows(tx, ctx, queues, routingQueues, waiting);

  // A closed queue (outside its hours) keeps its interactions waiting: the engine is given
  // only the open queues and what waits in them.
  const open = new Set(queues.filter((q) => isOpenAt(queueHours(q), ctx.now)).map((q) => q.id));
  const snapshot = {
    queues: routingQueues.filter((q) => open.has(q.id)),
    interactions: waiting.filter((w) => open.has(w.queueId)),
  };
  if (snapshot.interactions.length === 0) return { overflowed, offered: 0, readAllAgents: false };
  const { offers, readAllAgents } = await chooseOffers(tx, ctx, config, snapshot);
  if (offers.length === 0) return { overflowed, offered: 0, readAllAgents };

  // Lock every agent about to get work, then recount what they hold: a transfer or a state
  // change that committed meanwhile is seen, one still running is waited for. The offers then
  // lock the interactions that still wait (lock order: agents, then interactions).
  const fresh = new Map(
    (
      await lockAgents(
        tx,
        offers.map((o) => o.agentId),
      )
    ).map((a) => [a.id, workingAgent(a)]),
  );
  const channelOf = new Map(snapshot.interactions.map((w) => [w.id, w.channel]));
  const drafts: OfferDraft[] = [];
  for (const offer of offers) {
    const agent = fresh.get(offer.agentId);
    const channel = channelOf.get(offer.interactionId)!;
    if (!agent || !isFreeFor(agent, channel)) continue;
    agent.load[channel] = (agent.load[channel] ?? 0) + 1;
    drafts.push({ interactionId: offer.interactionId, agentId: agent.id, reason: offer.reason });
  }
  const offered = (await offerInteractions(tx, ctx, drafts, { onlyQueued: true })).length;
  return { overflowed, offered, readAllAgents };
}

/**
 * The engine's offers, reading as few agents as it can: on a floor of a thousand agents a pass
 * for a handful of new chats should not read a thousand rows. It reads the longest-idle free
 * agents (one per waiting interaction, and some spare) and the customers' last agents, and
 * keeps the engine's answer when it is provably the one over every agent (`assignAmongFew`);
 * otherwise it reads every agent not offline and asks again.
 */
async function chooseOffers(
  tx: TenantTx,
  ctx: MoveContext,
  config: RoutingConfig,
  snapshot: Pick<RoutingSnapshot, 'queues' | 'interactions'>,
): Promise<{ offers: Offer[]; readAllAgents: boolean }> {
  const { queues, interactions } = snapshot;
  const channels = [...new Set(interactions.map((w) => w.channel))];
  const sticky = [...new Set(interactions.flatMap((w) => (w.lastAgentId ? [w.lastAgentId] : [])))];
  const found = await freeAgents(tx, channels, interactions.length + SPARE_AGENTS, sticky);
  const offers = assignAmongFew(
    {
      queues,
      interactions,
      free: found.free.map(toRoutingAgent),
      firstLeftOut: found.firstLeftOut && toRoutingAgent(found.firstLeftOut),
      named: found.named.map(toRoutingAgent),
    },
    ctx.now,
    config,
  );
  if (offers) return { offers, readAllAgents: false };
  const agents = (await loadAgents(tx, { notOffline: true })).map(toRoutingAgent);
  return { offers: assign({ queues, agents, interactions }, ctx.now, config), readAllAgents: true };
}

/** An agent whose load grows as the pass's offers are written. */
function workingAgent(agent: AgentRecord): RoutingAgent & { load: Partial<Record<Channel, number>> } {
  const routing = toRoutingAgent(agent);
  return { ...routing, load: { ...routing.load } };
}

async function applyOverflows(
  tx: TenantTx,
  ctx: MoveContext,
  queues: Awaited<ReturnType<typeof loadQueues>>,
  routingQueues: ReturnType<typeof toRoutingQueue>[],
  waiting: WaitingInteraction[],
): Promise<number> {
  const byId = new Map(queues.map((q) => [q.id, q]));
  let moved = 0;
  for (const move of findOverflows(routingQueues, waiting, ctx.now)) {
    const entry = waiting.find((w) => w.id === move.interactionId)!;
    // A deleted target, or one that does not serve the channel, cannot take it.
    if (!byId.get(move.toQueueId)?.channels.includes(entry.channel)) continue;
    const result = await tx
      .updateTable('interactions')
      .set({
        queue_id: move.toQueueId,
        overflowed_from: move.overflowedFrom,
        queue_entered_at: ctx.now,
        updated_at: ctx.now,
      })
      .where('id', '=', move.interactionId)
      .where('status', '=', 'queued')
      .where('queue_id', '=', move.fromQueueId)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) continue;
    await emitRoutingEvent(tx, ctx.tenantId, 'interaction.overflowed', move.interactionId, {
      fromQueueId: move.fromQueueId,
      toQueueId: move.toQueueId,
      waitedSeconds: Math.round((ctx.now.getTime() - entry.enqueuedAt.getTime()) / 1000),
    });
    entry.queueId = move.toQueueId;
    entry.overflowedFrom = move.overflowedFrom;
    entry.queueEnteredAt = ctx.now;
    moved++;
  }
  return moved;
}
