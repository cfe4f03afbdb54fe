import { writeAudit } from '../kernel/audit/audit-log.ts';
import { MANAGERS } from '../kernel/auth/roles.ts';
import { AppError, notFound } from '../kernel/http/errors.ts';
import type { TenantScope } from '../kernel/http/request-context.ts';
import {
  type AgentRecord,
  ensureAgentProfile,
  findTenantUser,
  loadAgents,
  lockAgent,
  saveAgentProfile,
} from './agent.store.ts';
import { changeAgentState } from './agent-state.ts';
import { emitRoutingEvent, requestRoutingPass } from './routing.events.ts';
import type { AgentProfileBody, AgentStateBody } from './routing.schemas.ts';

/**
 * Agents: a profile (skills with levels, capacity per channel) on a tenant user, and the state
 * they work in. Supervisors manage profiles and may set anyone's state; an agent sets their own.
 */
type Scope = Pick<TenantScope, 'tx' | 'tenantId' | 'user' | 'actor'> & { offerTimeoutSeconds: number };

/** Creates or replaces a user's agent profile. */
export async function saveAgent(scope: Scope, userId: string, body: AgentProfileBody): Promise<AgentRecord> {
  const user = await findTenantUser(scope.tx, userId);
  if (!user) throw notFound('User');
  const before = (await loadAgents(scope.tx, { ids: [userId] }))[0];
  await saveAgentProfile(scope.tx, scope.tenantId, userId, body);
  await writeAudit(scope.tx, scope.tenantId, scope.actor, {
    entityType: 'agent',
    entityId: userId,
    action: before ? 'agent_update' : 'agent_create',
    before: before ? { skills: before.skills, capacity: before.capacity } : null,
    after: { skills: body.skills, capacity: body.capacity },
  });
  await emitRoutingEvent(scope.tx, scope.tenantId, 'agent.updated', userId, {
    agentId: userId,
    skills: body.skills,
    capacity: body.capacity,
  });
  // More skills or capacity may let waiting interactions through.
  await requestRoutingPass(scope.tx, scope.tenantId);
  return (await loadAgents(scope.tx, { ids: [userId] }))[0]!;
}

/**
 * Sets an agent's state. An agent signing in for the first time gets a profile with default
 * capacity (voice 1, chat 3, email 5) and no skills, so they can go available at once.
 * Going offline with interactions in hand is refused; any other change withdraws the offers
 * ringing at them (see changeAgentState).
 */
export async function setAgentState(
  scope: Scope,
  agentId: string,
  body: AgentStateBody,
): Promise<AgentRecord> {
  const self = agentId === scope.user.userId;
  if (!self && !MANAGERS.includes(scope.user.role))
    throw new AppError('FORBIDDEN', "Only supervisors change another agent's state");
  if (self && scope.user.role === 'operator_admin') {
    throw new AppError('FORBIDDEN', 'Operator admins do not take interactions');
  }
  if (self) await ensureAgentProfile(scope.tx, scope.tenantId, agentId);
  const agent = await lockAgent(scope.tx, agentId);
  if (!agent) throw notFound('Agent');
  if (body.state === 'offline') {
    const inHand = await scope.tx
      .selectFrom('interactions')
      .select('id')
      .where('agent_id', '=', agentId)
      .where('status', '=', 'active')
      .execute();
    if (inHand.length > 0) {
      throw new AppError('AGENT_HAS_WORK', undefined, { interactionIds: inHand.map((r) => r.id) });
    }
  }
  const changed = await changeAgentState(
    scope.tx,
    { tenantId: scope.tenantId, now: new Date(), offerTimeoutSeconds: scope.offerTimeoutSeconds },
    agent,
    { state: body.state, reason: body.reason ?? null, changedBy: scope.user.userId },
  );
  if (changed) await requestRoutingPass(scope.tx, scope.tenantId);
  return (await loadAgents(scope.tx, { ids: [agentId] }))[0]!;
}
