import { sql } from 'kysely';
import type { OfferReasonCode } from '../kernel/db/schema.ts';
import type { TenantTx } from '../kernel/db/tenant-scope.ts';
import { type InteractionRow, type OfferRow, updateInteraction } from './interaction.store.ts';
import { emitRoutingEvent, routingEventSql } from './routing.events.ts';

/**
 * The moves of an interaction between waiting and being served, shared by the ACD's routing
 * pass and the API: offer it to an agent, put it back in a queue, close it. Each writes the
 * rows and the event in the caller's transaction; the caller has locked what it changes
 * (the agent's row first, then the interaction's).
 */

export interface MoveContext {
  tenantId: string;
  now: Date;
  /** How long an agent has to accept an offer. */
  offerTimeoutSeconds: number;
}

/** Why an interaction is (back) in a queue: the `cause` of `interaction.queued`. */
export type QueueCause = 'new' | 'declined' | 'expired' | 'withdrawn' | 'transferred' | 'reassigned';

/** Rings the agent: the interaction is offered to them until the offer expires. */
export async function offerInteraction(
  tx: TenantTx,
  ctx: MoveContext,
  interaction: InteractionRow,
  agentId: string,
  reason: OfferReasonCode,
): Promise<{ interaction: InteractionRow; offer: OfferRow }> {
  const [offered] = await offerInteractions(tx, ctx, [{ interactionId: interaction.id, agentId, reason }]);
  return offered!;
}

export interface OfferDraft {
  interactionId: string;
  agentId: string;
  reason: OfferReasonCode;
}

/**
 * Offers several interactions at once, in one statement whatever their count (a routing pass
 * under load hands out dozens per pass): the interactions are locked in id order and marked
 * offered, the offers written, the agents dated as just served and the events written.
 *
 * `onlyQueued` (the routing pass) leaves out, rather than offers, an interaction that stopped
 * waiting since the pass read it (abandoned, reassigned, offered by a transfer): the lock
 * re-reads the row, so such a one is simply not in the result.
 */
export async function offerInteractions(
  tx: TenantTx,
  ctx: MoveContext,
  drafts: readonly OfferDraft[],
  options: { onlyQueued?: boolean } = {},
): Promise<{ interaction: InteractionRow; offer: OfferRow }[]> {
  if (drafts.length === 0) return [];
  // The clock as the offers are written, after the locks: a pass that waited on a row lock
  // must not date its offers before the change that freed the agent or the interaction.
  const offeredAt = new Date();
  const expiresAt = new Date(offeredAt.getTime() + ctx.offerTimeoutSeconds * 1000);
  const still = options.onlyQueued ? sql`i.status = 'queued'` : sql`true`;
  // The agents now count as just served, so work spreads over agents rather than filling the
  // longest-idle one up to capacity first (the engine does the same within one pass).
  const { rows } = await sql<
    InteractionRow & { offer_id: string; offer_reason: OfferReasonCode; offer_n: unknown }
  >`
    with draft as (
      select * from unnest(
        ${drafts.map((d) => d.interactionId)}::uuid[],
        ${drafts.map((d) => d.agentId)}::uuid[],
        ${drafts.map((d) => d.reason)}::text[]
      ) with ordinality as d(interaction_id, agent_id, reason, n)
    ), target as (
      select i.id from interactions i join draft d on d.interaction_id = i.id
      where ${still}
      order by i.id
      for update of i
    ), moved as (
      update interactions i set status = 'offered', agent_id = d.agent_id, updated_at = ${offeredAt}
      from draft d
      where i.id = d.interaction_id and i.id in (select id from target)
      returning i.*, d.reason as offer_reason, d.n as offer_n
    ), offered as (
      insert into offers (tenant_id, interaction_id, agent_id, reason, offered_at, expires_at)
      select ${ctx.tenantId}, m.id, m.agent_id, m.offer_reason, ${offeredAt}, ${expiresAt}
      from moved m order by m.offer_n
      returning id, interaction_id
    ), served as (
      update agents set idle_since = ${offeredAt} where user_id in (select agent_id from moved)
    ), announced as (
      insert into outbox_events (tenant_id, type, aggregate_type, aggregate_id, payload)
      select ${ctx.tenantId}, 'interaction.offered', 'interaction', m.id, jsonb_build_object(
        'agentId', m.agent_id, 'offerId', o.id, 'expiresAt', ${expiresAt.toISOString()}::text,
        'reason', m.offer_reason, 'queueId', m.queue_id, 'channel', m.channel,
        'customerId', m.customer_id, 'subject', m.subject)
      from moved m join offered o on o.interaction_id = m.id
      order by m.offer_n
    )
    select m.*, o.id as offer_id from moved m join offered o on o.interaction_id = m.id
    order by m.offer_n
  `.execute(tx);
  return rows.map(({ offer_id, offer_reason, offer_n: _, ...interaction }) => ({
    interaction,
    offer: {
      id: offer_id,
      tenant_id: ctx.tenantId,
      interaction_id: interaction.id,
      agent_id: interaction.agent_id!,
      reason: offer_reason,
      status: 'pending',
      offered_at: offeredAt,
      expires_at: expiresAt,
      answered_at: null,
      ended_at: null,
    },
  }));
}

/**
 * Puts the interaction (back) in the waiting line: of its own queue, or of `queueId`, where
 * its overflow clock starts again. The customer's place is kept: `enqueuedAt` never changes,
 * so priority keeps counting the whole wait.
 */
export async function returnToQueue(
  tx: TenantTx,
  ctx: MoveContext,
  interaction: InteractionRow,
  cause: QueueCause,
  options: { previousAgentId?: string | null; declinedBy?: string; queueId?: string } = {},
): Promise<InteractionRow> {
  const moving = options.queueId !== undefined && options.queueId !== interaction.queue_id;
  const declinedBy =
    options.declinedBy && !interaction.declined_by.includes(options.declinedBy)
      ? [...interaction.declined_by, options.declinedBy]
      : interaction.declined_by;
  const updated = await updateInteraction(tx, interaction.id, {
    status: 'queued',
    agent_id: null,
    declined_by: moving ? (options.declinedBy ? [options.declinedBy] : []) : declinedBy,
    ...(moving ? { queue_id: options.queueId, queue_entered_at: ctx.now, overflowed_from: [] } : {}),
  });
  await emitRoutingEvent(tx, ctx.tenantId, 'interaction.queued', interaction.id, {
    queueId: updated.queue_id,
    channel: updated.channel,
    customerId: updated.customer_id,
    valueTier: updated.value_tier,
    cause,
    previousAgentId: options.previousAgentId ?? null,
  });
  return updated;
}

/**
 * Ends the interaction after its wrap-up; it joins the customer's timeline from now on. The
 * agent counts as idle again from now (longest idle goes first). One statement: the update,
 * the agent's idle time and the event (with the disposition the database holds).
 */
export async function closeInteraction(
  tx: TenantTx,
  ctx: MoveContext,
  interaction: InteractionRow,
): Promise<InteractionRow> {
  const alongside = [
    routingEventSql(
      ctx.tenantId,
      'interaction.closed',
      interaction.id,
      sql`jsonb_build_object(
        'agentId', ${interaction.agent_id}::uuid, 'customerId', ${interaction.customer_id}::uuid,
        'queueId', ${interaction.queue_id}::uuid, 'channel', ${interaction.channel}::text,
        'disposition', (select jsonb_build_object('code', d.code, 'notes', d.notes)
          from dispositions d where d.interaction_id = ${interaction.id}))`,
    ),
  ];
  if (interaction.agent_id) {
    alongside.push(sql`update agents set idle_since = greatest(idle_since, ${ctx.now}::timestamptz)
      where user_id = ${interaction.agent_id}`);
  }
  return updateInteraction(
    tx,
    interaction.id,
    { status: 'closed', closed_at: ctx.now, wrap_up_until: null },
    alongside,
  );
}
