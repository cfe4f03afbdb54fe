import { MANAGERS, REPORT_READERS } from '../../../kernel/auth/roles.ts';
import type { Role } from '../../../kernel/db/schema.ts';

/**
 * Who may see which calls and hear which recordings: supervisors, admins and analysts all of
 * the tenant's (QA listens to everyone); an agent only the calls they handled.
 *
 * @example seesAllCalls('analyst') // true
 */
export function seesAllCalls(role: Role): boolean {
  return REPORT_READERS.includes(role);
}

/** Whether this user may play a recording handled by `handledBy` (agent ids). */
export function mayPlayRecording(
  user: { userId: string; role: Role },
  handledBy: readonly string[],
): boolean {
  return seesAllCalls(user.role) || handledBy.includes(user.userId);
}

/** The agents who handled a call: the one on its record and the one holding its interaction. */
export function handlersOf(row: { agent_id: string | null; interaction_agent_id: string | null }): string[] {
  return [row.agent_id, row.interaction_agent_id].filter((a) => a !== null);
}

/**
 * Whether this user may act on a call in progress (hang up, hold, consult, listen): the agent
 * who handles it, or a supervisor or admin.
 */
export function mayActOnCall(
  user: { userId: string; role: Role },
  row: { agent_id: string | null; interaction_agent_id: string | null },
): boolean {
  return MANAGERS.includes(user.role) || handlersOf(row).includes(user.userId);
}
