/**
 * Which SLA policy a ticket runs under, and the ticket's pauses as its status history tells
 * them. Pure: the policies and the history in, the choice and the intervals out.
 */
import type { TicketStatus, TicketType, ValueTierCode } from '../../kernel/db/schema.ts';
import type { SlaPause } from './sla-clock.ts';

export interface PolicyCandidate {
  id: string;
  ticketType: TicketType | null;
  valueTier: ValueTierCode | null;
  active: boolean;
}

/**
 * The most specific active policy for the ticket: its type and its customer's tier first,
 * then its type for any tier, then its tier for any type, then the tenant's catch-all.
 *
 * @example choosePolicy(policies, { type: 'complaint', tier: 'high' })?.id
 */
export function choosePolicy<P extends PolicyCandidate>(
  policies: readonly P[],
  ticket: { type: TicketType; tier: ValueTierCode | null },
): P | undefined {
  const fits = (p: P) =>
    p.active &&
    (p.ticketType === null || p.ticketType === ticket.type) &&
    (p.valueTier === null || p.valueTier === ticket.tier);
  const rank = (p: P) => (p.ticketType ? 2 : 0) + (p.valueTier ? 1 : 0);
  return policies.filter(fits).sort((a, b) => rank(b) - rank(a))[0];
}

/** Statuses that stop the SLA clocks: the ball is in the customer's court. */
export const PAUSING: readonly TicketStatus[] = ['pending_customer'];

/**
 * The intervals the ticket spent waiting on the customer, from its status changes in order
 * (`to` null: still waiting).
 *
 * @example pausesOf([{ to: 'pending_customer', at: t1 }, { to: 'open', at: t2 }]) // [{ from: t1, to: t2 }]
 */
export function pausesOf(changes: readonly { to: TicketStatus; at: Date }[]): SlaPause[] {
  const pauses: SlaPause[] = [];
  let since: Date | null = null;
  for (const change of changes) {
    const pausing = PAUSING.includes(change.to);
    if (pausing && !since) since = change.at;
    else if (!pausing && since) {
      pauses.push({ from: since, to: change.at });
      since = null;
    }
  }
  if (since) pauses.push({ from: since, to: null });
  return pauses;
}
