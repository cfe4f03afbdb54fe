/**
 * The ticket workflow: which status may follow which, and what a move needs (a resolution to
 * resolve or close). Pure, so the rules read as a table and are tested as one.
 *
 *   new ──► open ◄──► pending_customer / pending_third_party
 *    │       │                 │
 *    └───────┴──► resolved ◄───┘ ──► closed
 *                    │                 │
 *                    └──► reopened ◄───┘ ──► open, pending_*, resolved, closed
 */
import type { TicketStatus } from '../../kernel/db/schema.ts';

const WORKING: TicketStatus[] = ['open', 'pending_customer', 'pending_third_party', 'resolved', 'closed'];

export const TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  new: WORKING,
  open: WORKING.filter((s) => s !== 'open'),
  pending_customer: WORKING.filter((s) => s !== 'pending_customer'),
  pending_third_party: WORKING.filter((s) => s !== 'pending_third_party'),
  reopened: WORKING,
  resolved: ['closed', 'reopened'],
  closed: ['reopened'],
};

/** Waiting on the customer: the SLA clock stops meanwhile. */
export const PAUSING_STATUSES: readonly TicketStatus[] = ['pending_customer'];

/** The ticket is done with (its SLA clocks have stopped). */
export function isDone(status: TicketStatus): boolean {
  return status === 'resolved' || status === 'closed';
}

export type MoveProblem =
  | { kind: 'not_allowed'; from: TicketStatus; to: TicketStatus; allowed: readonly TicketStatus[] }
  | { kind: 'needs_resolution' };

/**
 * Why the ticket cannot move from `from` to `to` (null: it can). Resolving or closing needs a
 * resolution code, on the ticket already or given with the move.
 *
 * @example moveProblem('closed', 'open', null) // { kind: 'not_allowed', …, allowed: ['reopened'] }
 */
export function moveProblem(
  from: TicketStatus,
  to: TicketStatus,
  resolutionCode: string | null,
): MoveProblem | null {
  const allowed = TRANSITIONS[from];
  if (!allowed.includes(to)) return { kind: 'not_allowed', from, to, allowed };
  if ((to === 'resolved' || to === 'closed') && !resolutionCode) return { kind: 'needs_resolution' };
  return null;
}

/** The time stamps a move sets or clears. */
export function stampsFor(
  to: TicketStatus,
  now: Date,
): { resolved_at?: Date | null; closed_at?: Date | null } {
  if (to === 'resolved') return { resolved_at: now, closed_at: null };
  if (to === 'closed') return { closed_at: now };
  if (to === 'reopened') return { resolved_at: null, closed_at: null };
  return {};
}
