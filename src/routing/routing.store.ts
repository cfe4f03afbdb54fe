import { sql } from 'kysely';
import { ROUTING_LOCK_NAMESPACE } from '../kernel/db/migrations/0004-routing.ts';
import type { TenantTx } from '../kernel/db/tenant-scope.ts';
import type { ValueTier } from '../value/value-rules.ts';
import { type AgentRecord, selectAgents, toAgentRecord } from './agent.store.ts';
import type { Channel, WaitingInteraction } from './routing.engine.ts';

/** SQL of the routing pass (routing.pass.ts): what it has to do, and the agents it may give work to. */

export interface RoutingWork {
  /** Pending offers whose time ran out. */
  expired: { id: string; interactionId: string; agentId: string }[];
  /** Agents in wrap-up whose time is up. */
  agentWrapUps: string[];
  /** Interactions in wrap-up whose time is up. */
  wrapUps: { id: string; agentId: string | null }[];
  /** Interactions waiting for an agent, oldest first. */
  waiting: WaitingInteraction[];
}

interface WaitingJson {
  id: string;
  queueId: string;
  channel: Channel;
  enqueuedAt: string;
  queueEnteredAt: string;
  valueTier: ValueTier | null;
  lastAgentId: string | null;
  declinedBy: string[] | null;
  priority: number | null;
  overflowedFrom: string[] | null;
}

/**
 * Takes the tenant's routing lock (`pg_try_advisory_xact_lock`, held to the end of the
 * transaction) and reads everything the pass may have to do, in one round trip; null when
 * another instance holds the lock. The reads share the statement's snapshot, taken an instant
 * before the lock: whatever the pass then changes it locks and re-checks first, so a row that
 * moved meanwhile is skipped, never double-handled.
 */
export async function claimRoutingWork(
  tx: TenantTx,
  tenantId: string,
  now: Date,
): Promise<RoutingWork | null> {
  const { rows } = await sql<{
    locked: boolean;
    expired: RoutingWork['expired'];
    agent_wrap_ups: string[];
    wrap_ups: RoutingWork['wrapUps'];
    waiting: WaitingJson[];
  }>`
    select
      pg_try_advisory_xact_lock(${ROUTING_LOCK_NAMESPACE}, hashtext(${tenantId}::uuid::text)) as locked,
      (select coalesce(json_agg(json_build_object(
          'id', o.id, 'interactionId', o.interaction_id, 'agentId', o.agent_id) order by o.expires_at), '[]')
        from offers o where o.status = 'pending' and o.expires_at <= ${now}) as expired,
      (select coalesce(json_agg(a.user_id), '[]')
        from agents a where a.state = 'wrap_up' and a.wrap_up_until <= ${now}) as agent_wrap_ups,
      (select coalesce(json_agg(json_build_object('id', i.id, 'agentId', i.agent_id)), '[]')
        from interactions i where i.status = 'wrap_up' and i.wrap_up_until <= ${now}) as wrap_ups,
      (select coalesce(json_agg(json_build_object(
          'id', i.id, 'queueId', i.queue_id, 'channel', i.channel, 'enqueuedAt', i.enqueued_at,
          'queueEnteredAt', i.queue_entered_at, 'valueTier', i.value_tier, 'lastAgentId', i.last_agent_id,
          'declinedBy', i.declined_by, 'priority', i.priority, 'overflowedFrom', i.overflowed_from
        ) order by i.enqueued_at, i.id), '[]')
        from interactions i where i.status = 'queued') as waiting
  `.execute(tx);
  const row = rows[0]!;
  if (!row.locked) return null;
  return {
    expired: row.expired,
    agentWrapUps: row.agent_wrap_ups,
    wrapUps: row.wrap_ups,
    waiting: row.waiting.map((w) => ({
      id: w.id,
      queueId: w.queueId,
      channel: w.channel,
      enqueuedAt: new Date(w.enqueuedAt),
      queueEnteredAt: new Date(w.queueEnteredAt),
      valueTier: w.valueTier,
      lastAgentId: w.lastAgentId,
      declinedBy: w.declinedBy ?? [],
      priority: w.priority,
      overflowedFrom: w.overflowedFrom ?? [],
    })),
  };
}

export interface FreeAgents {
  /** The longest-idle agents free for one of the channels, longest idle first. */
  free: AgentRecord[];
  /**
   * The first free agent left out when there were more than asked for (`free` then holds
   * exactly the ones idle longer than, or as long as and ordered before, this one); null when
   * `free` is every free agent.
   */
  firstLeftOut: AgentRecord | null;
  /** The other agents asked for by id (sticky routing), whatever their state, unless offline. */
  named: AgentRecord[];
}

/**
 * The agents a pass may offer to, without reading every agent of a large floor: the `limit`
 * longest-idle agents who are available and have room for one of `channels` (load counted
 * per agent), plus the agents named in `ids`. The engine decides among them exactly as
 * among all agents as long as what it picks is in `free` and idle longer than `firstLeftOut`
 * (routing.pass.ts checks this and otherwise asks again for every agent).
 */
export async function freeAgents(
  tx: TenantTx,
  channels: readonly Channel[],
  limit: number,
  ids: readonly string[],
): Promise<FreeAgents> {
  const roomFor = (channel: Channel) =>
    channel === 'voice'
      ? sql<boolean>`(a.capacity_voice > 0 and l.voice + l.chat + l.email = 0)`
      : channel === 'chat'
        ? sql<boolean>`(l.voice = 0 and l.chat < a.capacity_chat)`
        : sql<boolean>`(l.voice = 0 and l.email < a.capacity_email)`;
  const room = sql.join(channels.map(roomFor), sql` or `);
  const free = selectAgents(tx)
    .select(sql<number>`row_number() over (order by a.idle_since, a.user_id)`.as('place'))
    // A literal, so that a prepared (generic) plan still matches agents_free_idx.
    .where(sql<boolean>`a.state = 'available'`)
    .where(sql<boolean>`(${room})`)
    .orderBy('a.idle_since')
    .orderBy('a.user_id')
    .limit(limit + 1);
  const named = selectAgents(tx)
    .select(sql<number>`0`.as('place'))
    .where((eb) => (ids.length > 0 ? eb('a.user_id', 'in', [...ids]) : eb.lit(false)))
    .where('a.state', '!=', 'offline');
  // One round trip for both lists.
  const rows = await tx
    .selectFrom(free.as('f'))
    .selectAll()
    .select(sql<boolean>`false`.as('named'))
    .unionAll(tx.selectFrom(named.as('n')).selectAll().select(sql<boolean>`true`.as('named')))
    .execute();
  // In the database's order (idle_since to the microsecond, then id), which the limit followed.
  const freeRows = rows
    .filter((r) => !r.named)
    .sort((x, y) => Number(x.place) - Number(y.place))
    .map(toAgentRecord);
  return {
    free: freeRows.slice(0, limit),
    firstLeftOut: freeRows[limit] ?? null,
    named: rows.filter((r) => r.named).map(toAgentRecord),
  };
}
