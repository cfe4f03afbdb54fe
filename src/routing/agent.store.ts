import { sql } from 'kysely';
import type { AgentStateCode } from '../kernel/db/schema.ts';
import type { TenantTx } from '../kernel/db/tenant-scope.ts';
import type { Channel, RoutingAgent } from './routing.engine.ts';
import { ensureSkills } from './skill.store.ts';

/** SQL of agents: profile (capacity), skills (the users' skills), state and its log, load. */

export type ChannelTally = Record<Channel, number>;

export interface AgentRecord {
  id: string;
  displayName: string;
  email: string;
  role: string;
  state: AgentStateCode;
  stateReason: string | null;
  stateSince: Date;
  idleSince: Date;
  wrapUpUntil: Date | null;
  skills: { skill: string; level: number }[];
  capacity: ChannelTally;
  load: ChannelTally;
}

/** Statuses in which an interaction holds one of its agent's capacity slots. */
export const HOLDING_STATUSES = ['offered', 'active', 'wrap_up'] as const;

/**
 * Agent profiles of the tenant: all of them, only the given ones, or (for the ACD) only those
 * not offline, whom the engine could consider. One statement: skills and load come with
 * each row.
 */
export async function loadAgents(
  tx: TenantTx,
  filter: { ids?: readonly string[]; notOffline?: boolean } = {},
): Promise<AgentRecord[]> {
  if (filter.ids && filter.ids.length === 0) return [];
  let query = selectAgents(tx);
  if (filter.ids) query = query.where('a.user_id', 'in', [...filter.ids]);
  if (filter.notOffline) query = query.where('a.state', '!=', 'offline');
  const rows = await query.orderBy('u.display_name').orderBy('a.user_id').execute();
  return rows.map(toAgentRecord);
}

/**
 * The query behind `loadAgents`, for a caller to filter and order (the ACD's free agents).
 * The load is counted per agent through `interactions_agent_idx`, so asking for a few agents
 * costs a few index probes, not a count over the tenant.
 */
export function selectAgents(tx: TenantTx) {
  return tx
    .selectFrom('agents as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('interactions as i')
          .select([
            sql<number>`count(*) filter (where i.channel = 'voice')`.as('voice'),
            sql<number>`count(*) filter (where i.channel = 'chat')`.as('chat'),
            sql<number>`count(*) filter (where i.channel = 'email')`.as('email'),
          ])
          .whereRef('i.agent_id', '=', 'a.user_id')
          .where(sql<boolean>`i.status in ('offered', 'active', 'wrap_up')`)
          .as('l'),
      (join) => join.onTrue(),
    )
    .select([
      'a.user_id',
      'u.display_name',
      'u.email',
      'u.role',
      'a.state',
      'a.state_reason',
      'a.state_since',
      'a.idle_since',
      'a.wrap_up_until',
      'a.capacity_voice',
      'a.capacity_chat',
      'a.capacity_email',
      'l.voice as load_voice',
      'l.chat as load_chat',
      'l.email as load_email',
      sql<{ skill: string; level: number }[]>`(
        select coalesce(json_agg(json_build_object('skill', s.code, 'level', us.level) order by s.code), '[]')
        from user_skills us join skills s on s.id = us.skill_id
        where us.user_id = a.user_id
      )`.as('skills'),
    ])
    .where('u.disabled_at', 'is', null);
}

type AgentRow = Awaited<ReturnType<ReturnType<typeof selectAgents>['execute']>>[number];

export function toAgentRecord(r: AgentRow): AgentRecord {
  return {
    id: r.user_id,
    displayName: r.display_name,
    email: r.email,
    role: r.role,
    state: r.state,
    stateReason: r.state_reason,
    stateSince: r.state_since,
    idleSince: r.idle_since,
    wrapUpUntil: r.wrap_up_until,
    skills: r.skills,
    capacity: { voice: r.capacity_voice, chat: r.capacity_chat, email: r.capacity_email },
    load: { voice: Number(r.load_voice), chat: Number(r.load_chat), email: Number(r.load_email) },
  };
}

/** The agent as the ACD engine sees them. */
export function toRoutingAgent(agent: AgentRecord): RoutingAgent {
  return {
    id: agent.id,
    state: agent.state,
    breakReason: agent.stateReason,
    stateSince: agent.stateSince,
    idleSince: agent.idleSince,
    skills: Object.fromEntries(agent.skills.map((s) => [s.skill, s.level])),
    capacity: { ...agent.capacity },
    load: { ...agent.load },
  };
}

/**
 * Locks the agent's row until the transaction ends and returns it with its current load.
 * Everything that hands an agent work (a routing pass, a transfer, a reassignment) or
 * changes their state locks the row first, so two of them never both see a free slot.
 * Lock order everywhere: agent, then interaction, then offer.
 */
export async function lockAgent(tx: TenantTx, id: string): Promise<AgentRecord | undefined> {
  if (!(await lockAgentRow(tx, id))) return undefined;
  return (await loadAgents(tx, { ids: [id] }))[0];
}

/** `lockAgent` for several agents, locked in id order (two passes never wait on each other in a circle). */
export async function lockAgents(tx: TenantTx, ids: readonly string[]): Promise<AgentRecord[]> {
  const unique = [...new Set(ids)].sort();
  if (unique.length === 0) return [];
  await tx
    .selectFrom('agents')
    .select('user_id')
    .where('user_id', 'in', unique)
    .orderBy('user_id')
    .forUpdate()
    .execute();
  return loadAgents(tx, { ids: unique });
}

/** Just the lock of `lockAgent`, for a change that does not need the agent's details. */
export async function lockAgentRow(tx: TenantTx, id: string): Promise<boolean> {
  const locked = await tx
    .selectFrom('agents')
    .select('user_id')
    .where('user_id', '=', id)
    .forUpdate()
    .execute();
  return locked.length > 0;
}

export interface StateChange {
  state: AgentStateCode;
  reason: string | null;
  /** Null when the ACD changes it. */
  changedBy: string | null;
  at: Date;
  wrapUpUntil?: Date | null;
}

/** Writes the new state and its log row; the caller emits the event. Returns the old state. */
export async function writeAgentState(
  tx: TenantTx,
  tenantId: string,
  agent: Pick<AgentRecord, 'id' | 'state'>,
  change: StateChange,
) {
  const becomesFree = change.state === 'available' && agent.state !== 'available';
  await tx
    .updateTable('agents')
    .set({
      state: change.state,
      state_reason: change.reason,
      state_since: change.at,
      wrap_up_until: change.state === 'wrap_up' ? (change.wrapUpUntil ?? null) : null,
      updated_at: change.at,
      // Longest idle first: the wait counts from the moment they turned available.
      ...(becomesFree ? { idle_since: change.at } : {}),
    })
    .where('user_id', '=', agent.id)
    .execute();
  await tx
    .insertInto('agent_state_log')
    .values({
      tenant_id: tenantId,
      agent_id: agent.id,
      from_state: agent.state,
      state: change.state,
      reason: change.reason,
      changed_by: change.changedBy,
      at: change.at,
    })
    .execute();
}

/** Creates the profile with default capacity when the user has none; returns whether it did. */
export async function ensureAgentProfile(tx: TenantTx, tenantId: string, userId: string): Promise<boolean> {
  const inserted = await tx
    .insertInto('agents')
    .values({ user_id: userId, tenant_id: tenantId })
    .onConflict((oc) => oc.column('user_id').doNothing())
    .returning('user_id')
    .execute();
  return inserted.length > 0;
}

export async function saveAgentProfile(
  tx: TenantTx,
  tenantId: string,
  userId: string,
  profile: { skills: readonly { skill: string; level: number }[]; capacity: ChannelTally },
) {
  const capacity = {
    capacity_voice: profile.capacity.voice,
    capacity_chat: profile.capacity.chat,
    capacity_email: profile.capacity.email,
  };
  await tx
    .insertInto('agents')
    .values({ user_id: userId, tenant_id: tenantId, ...capacity })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ ...capacity, updated_at: new Date() }))
    .execute();
  await tx.deleteFrom('user_skills').where('user_id', '=', userId).execute();
  if (profile.skills.length === 0) return;
  const ids = await ensureSkills(
    tx,
    tenantId,
    profile.skills.map((s) => s.skill),
  );
  await tx
    .insertInto('user_skills')
    .values(
      profile.skills.map((s) => ({
        tenant_id: tenantId,
        user_id: userId,
        skill_id: ids.get(s.skill)!,
        level: s.level,
      })),
    )
    .execute();
}

/** The tenant user behind an agent id (any role but the operator's), for creating a profile. */
export async function findTenantUser(tx: TenantTx, userId: string) {
  return tx
    .selectFrom('users')
    .select(['id', 'role', 'display_name'])
    .where('id', '=', userId)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
}
