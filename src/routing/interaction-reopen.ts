import type { TenantTx } from '../kernel/db/tenant-scope.ts';
import { lockAgentRow } from './agent.store.ts';
import {
  findInteraction,
  type InteractionRow,
  insertMessage,
  updateInteraction,
} from './interaction.store.ts';
import { closeInteraction, type MoveContext } from './interaction-moves.ts';
import { emitRoutingEvent, requestRoutingPass } from './routing.events.ts';

/** Statuses in which a customer's new message simply joins the conversation. */
const OPEN = new Set<InteractionRow['status']>(['queued', 'offered', 'active']);

/**
 * A finished conversation comes back: the customer wrote again on an interaction that is
 * closed, abandoned or in wrap-up, as an email reply days later does. Helpdesks reopen the
 * ticket rather than start another, so the thread stays one conversation: the interaction
 * waits in `queueId` again, sticky to the agent who served it. One in wrap-up closes first
 * (its agent's after-work ends as usual). The earlier disposition moves into the transcript
 * as a system note, so the next wrap-up records the new outcome. An open interaction is
 * returned as it is.
 *
 * Locks the handling agent's row before the interaction's (the routing pass's lock order).
 * The caller asks nothing more: the routing pass is requested here.
 *
 * @example
 * const row = await reopenInteraction(tx, { tenantId, now: new Date() }, id, queueId);
 * await addMessage(tx, tenantId, row, { author: 'customer', authorUserId: null, body });
 */
export async function reopenInteraction(
  tx: TenantTx,
  ctx: Pick<MoveContext, 'tenantId' | 'now'>,
  interactionId: string,
  queueId: string,
): Promise<InteractionRow> {
  const seen = await findInteraction(tx, interactionId);
  if (!seen) throw new Error(`interaction ${interactionId} not found`);
  if (OPEN.has(seen.status)) return (await findInteraction(tx, interactionId, { forUpdate: true }))!;
  if (seen.agent_id) await lockAgentRow(tx, seen.agent_id);
  let row = (await findInteraction(tx, interactionId, { forUpdate: true }))!;
  if (OPEN.has(row.status)) return row;
  const previousStatus = row.status;
  if (row.status === 'wrap_up') row = await closeInteraction(tx, { ...ctx, offerTimeoutSeconds: 0 }, row);

  const disposition = await tx
    .deleteFrom('dispositions')
    .where('interaction_id', '=', row.id)
    .returning(['code', 'notes'])
    .executeTakeFirst();
  const previousAgentId = row.agent_id;
  const updated = await updateInteraction(tx, row.id, {
    status: 'queued',
    queue_id: queueId,
    agent_id: null,
    // The agent who served it gets it first if they are free (sticky routing).
    last_agent_id: previousAgentId ?? row.last_agent_id,
    declined_by: [],
    overflowed_from: [],
    // A new wait: priority must not count the days the conversation lay closed.
    enqueued_at: ctx.now,
    queue_entered_at: ctx.now,
    accepted_at: null,
    wrap_up_at: null,
    wrap_up_until: null,
    closed_at: null,
    abandoned_at: null,
  });
  const earlier = disposition
    ? `; earlier outcome ${disposition.code}${disposition.notes ? `: ${disposition.notes}` : ''}`
    : '';
  await insertMessage(tx, {
    tenantId: ctx.tenantId,
    interactionId: row.id,
    author: 'system',
    authorUserId: null,
    body: `Reopened: the customer wrote again (was ${previousStatus}${earlier})`,
  });
  await emitRoutingEvent(tx, ctx.tenantId, 'interaction.queued', row.id, {
    queueId,
    channel: updated.channel,
    customerId: updated.customer_id,
    valueTier: updated.value_tier,
    cause: 'reopened',
    previousAgentId,
    previousStatus,
    previousDisposition: disposition ?? null,
  });
  await requestRoutingPass(tx, ctx.tenantId);
  return updated;
}
