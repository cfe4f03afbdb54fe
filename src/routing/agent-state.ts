import type { AgentStateCode } from '../kernel/db/schema.ts';
import type { TenantTx } from '../kernel/db/tenant-scope.ts';
import { type AgentRecord, writeAgentState } from './agent.store.ts';
import { answerOffer, findInteraction, pendingOffersOf } from './interaction.store.ts';
import { closeInteraction, type MoveContext, returnToQueue } from './interaction-moves.ts';
import { emitRoutingEvent } from './routing.events.ts';

/**
 * Changes an agent's state with what it implies, for the API (the agent, a supervisor) and
 * the ACD (a missed offer, the end of wrap-up):
 * - leaving `available` withdraws the offers ringing at the agent; they go back to their
 *   queues for the next agent;
 * - leaving `wrap_up` for `available` ends the wrap-up early: the interactions it was for close.
 * The caller has locked the agent's row (`lockAgent`) and asks for a routing pass.
 *
 * @example
 * await changeAgentState(tx, ctx, agent, { state: 'break', reason: 'lunch', changedBy: userId });
 */
export async function changeAgentState(
  tx: TenantTx,
  ctx: MoveContext,
  agent: AgentRecord,
  change: { state: AgentStateCode; reason: string | null; changedBy: string | null; wrapUpUntil?: Date },
): Promise<boolean> {
  if (agent.state === change.state && agent.stateReason === change.reason) return false;
  await writeAgentState(tx, ctx.tenantId, agent, { ...change, at: ctx.now });
  await emitRoutingEvent(tx, ctx.tenantId, 'agent.state_changed', agent.id, {
    agentId: agent.id,
    from: agent.state,
    to: change.state,
    reason: change.reason,
    changedBy: change.changedBy,
    ...(change.wrapUpUntil ? { wrapUpUntil: change.wrapUpUntil.toISOString() } : {}),
  });
  if (agent.state === 'available' && change.state !== 'available') await withdrawOffers(tx, ctx, agent.id);
  if (agent.state === 'wrap_up' && change.state === 'available') await endWrapUpsOf(tx, ctx, agent.id);
  return true;
}

/** The agent's ringing offers go back to their queues (the agent is not counted as declining). */
export async function withdrawOffers(tx: TenantTx, ctx: MoveContext, agentId: string) {
  for (const offer of await pendingOffersOf(tx, agentId)) {
    const interaction = await findInteraction(tx, offer.interaction_id, { forUpdate: true });
    if (!interaction || !(await answerOffer(tx, offer.id, 'withdrawn', ctx.now))) continue;
    await emitRoutingEvent(tx, ctx.tenantId, 'interaction.offer_withdrawn', interaction.id, {
      agentId,
      offerId: offer.id,
      cause: 'agent_state',
    });
    await returnToQueue(tx, ctx, interaction, 'withdrawn', { previousAgentId: agentId });
  }
}

/** Closes the agent's interactions still in wrap-up. */
export async function endWrapUpsOf(tx: TenantTx, ctx: MoveContext, agentId: string) {
  const rows = await tx
    .selectFrom('interactions')
    .selectAll()
    .where('agent_id', '=', agentId)
    .where('status', '=', 'wrap_up')
    .forUpdate()
    .execute();
  for (const row of rows) await closeInteraction(tx, ctx, row);
}
