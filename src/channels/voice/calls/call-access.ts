import { REPORT_READERS } from '../../../kernel/auth/roles.ts';
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
