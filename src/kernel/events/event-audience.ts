import type { Role } from '../db/schema.ts';

/**
 * Who receives an outbox event on the realtime feed. Supervisors, admins and analysts watch
 * the whole tenant (the wallboard); an agent receives the events that concern them: those
 * whose payload names them as `agentId` (the agent an offer, an interaction or a state is
 * about now) or `previousAgentId` (the agent it was taken from).
 *
 * @example
 * mayReceive({ userId: 'a1', role: 'agent' }, { type: 'interaction.offered', payload: { agentId: 'a1' } }); // true
 */
export function mayReceive(
  user: { userId: string; role: Role },
  event: { type: string; payload: Record<string, unknown> },
): boolean {
  if (user.role !== 'agent') return true;
  return event.payload.agentId === user.userId || event.payload.previousAgentId === user.userId;
}

/**
 * The agents an event is addressed to: what `mayReceive` checks an agent against. The hub
 * files each agent's client under its user id (`audienceKeyOf`) and hands an event only to
 * the clients filed under these, so a thousand agents cost nothing per event but a lookup.
 *
 * @example
 * audienceKeys({ payload: { agentId: 'a1', previousAgentId: 'a2' } }); // ['a1', 'a2']
 */
export function audienceKeys(event: { payload: Record<string, unknown> }): string[] {
  const { agentId, previousAgentId } = event.payload;
  const keys: string[] = [];
  if (typeof agentId === 'string') keys.push(agentId);
  if (typeof previousAgentId === 'string' && previousAgentId !== agentId) keys.push(previousAgentId);
  return keys;
}

/** The key a user's client is filed under: an agent's user id; undefined for roles that see everything. */
export function audienceKeyOf(user: { userId: string; role: Role }): string | undefined {
  return user.role === 'agent' ? user.userId : undefined;
}
