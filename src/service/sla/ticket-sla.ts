/**
 * A ticket's SLA as it runs: the policy it was given when opened, its two clocks (first
 * response, resolution) read from its history, and what falls due: the warning, the breach,
 * and the escalation chain after it. Evaluated whenever the ticket changes and by a durable job
 * at the next instant something falls due, so a timer fires once and on time across restarts
 * and instances (each evaluation only acts on what has not been done yet).
 */
import type { TicketPriority } from '../../kernel/db/schema.ts';
import type { TenantTx } from '../../kernel/db/tenant-scope.ts';
import { emitEvent } from '../../kernel/events/outbox.ts';
import { enqueueJob } from '../../kernel/jobs/job-queue.ts';
import type { QueueHours } from '../../routing/business-hours.ts';
import { findQueue, queueHours } from '../../routing/queue.store.ts';
import { customerTiers } from '../../value/customer-tier.ts';
import {
  dueEscalations,
  type EscalationStep,
  nextEscalationAt,
  type SlaClockState,
  slaClock,
} from './sla-clock.ts';
import { choosePolicy, pausesOf } from './sla-policy.ts';

export const SLA_JOB = 'ticket.sla';

/** A ticket without a queue counts every minute. */
const ROUND_THE_CLOCK: QueueHours = { alwaysOpen: true, timeZone: 'UTC', businessHours: {}, holidays: [] };
const PRIORITIES: TicketPriority[] = ['low', 'normal', 'high', 'urgent'];
export type SlaClockName = 'first_response' | 'resolution';

export interface SlaPolicy {
  id: string;
  name: string;
  firstResponseMinutes: number;
  resolutionMinutes: number;
  warnFraction: number;
  escalation: EscalationStep[];
}

export interface TicketSla {
  policy: SlaPolicy;
  firstResponse: SlaClockState;
  resolution: SlaClockState;
}

async function policyById(tx: TenantTx, id: string): Promise<SlaPolicy | undefined> {
  const row = await tx.selectFrom('sla_policies').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    name: row.name,
    firstResponseMinutes: Number(row.first_response_minutes),
    resolutionMinutes: Number(row.resolution_minutes),
    warnFraction: Number(row.warn_fraction),
    escalation: (row.escalation ?? []) as EscalationStep[],
  };
}

/** Gives a new ticket the most specific active policy for its type and its customer's tier. */
export async function assignPolicy(tx: TenantTx, ticketId: string): Promise<void> {
  const ticket = await tx
    .selectFrom('tickets')
    .select(['type', 'customer_id'])
    .where('id', '=', ticketId)
    .executeTakeFirstOrThrow();
  const tier = ticket.customer_id
    ? ((await customerTiers(tx, [ticket.customer_id])).get(ticket.customer_id) ?? null)
    : null;
  const policies = await tx
    .selectFrom('sla_policies')
    .select(['id', 'ticket_type', 'value_tier', 'active'])
    .where('active', '=', true)
    .execute();
  const chosen = choosePolicy(
    policies.map((p) => ({ id: p.id, ticketType: p.ticket_type, valueTier: p.value_tier, active: p.active })),
    { type: ticket.type, tier },
  );
  if (chosen)
    await tx.updateTable('tickets').set({ sla_policy_id: chosen.id }).where('id', '=', ticketId).execute();
}

/** The ticket's clocks at `now`, or undefined when it runs under no policy. */
export async function ticketSla(tx: TenantTx, ticketId: string, now: Date): Promise<TicketSla | undefined> {
  const loaded = await loadForClocks(tx, ticketId, now);
  return loaded && { policy: loaded.policy, ...loaded.clocks };
}

async function loadForClocks(tx: TenantTx, ticketId: string, now: Date) {
  const ticket = await tx.selectFrom('tickets').selectAll().where('id', '=', ticketId).executeTakeFirst();
  if (!ticket?.sla_policy_id) return undefined;
  const policy = await policyById(tx, ticket.sla_policy_id);
  if (!policy) return undefined;
  const queue = ticket.queue_id ? await findQueue(tx, ticket.queue_id) : undefined;
  const hours = queue ? queueHours(queue) : ROUND_THE_CLOCK;
  const changes = await tx
    .selectFrom('ticket_events')
    .select(['detail', 'at'])
    .where('ticket_id', '=', ticketId)
    .where('kind', '=', 'status')
    .orderBy('id')
    .execute();
  const pauses = pausesOf(changes.map((c) => ({ to: (c.detail as { to: never }).to, at: new Date(c.at) })));
  const base = {
    hours,
    startedAt: new Date(ticket.created_at),
    pauses,
    now,
    warnAtFraction: policy.warnFraction,
  };
  const clocks = {
    firstResponse: slaClock({
      ...base,
      targetMinutes: policy.firstResponseMinutes,
      stoppedAt: ticket.first_responded_at,
    }),
    resolution: slaClock({
      ...base,
      targetMinutes: policy.resolutionMinutes,
      stoppedAt: ticket.resolved_at ?? ticket.closed_at,
    }),
  };
  return { ticket, policy, hours, clocks };
}

/**
 * Brings the ticket's SLA up to date at `now`: stores the due instants, records each warning
 * and breach once, carries out the escalation steps that fell due, and schedules the next
 * evaluation. Safe to run again at any time: what was done is not done twice.
 */
export async function evaluateTicketSla(
  tx: TenantTx,
  tenantId: string,
  ticketId: string,
  now: Date,
): Promise<void> {
  const loaded = await loadForClocks(tx, ticketId, now);
  if (!loaded) return;
  const { ticket, policy, hours, clocks } = loaded;
  const warned = new Set((ticket.sla_warned ?? []) as SlaClockName[]);
  const done = new Set((ticket.escalations_done ?? []) as number[]);
  const changes: Record<string, unknown> = {
    first_response_due_at: clocks.firstResponse.dueAt,
    resolution_due_at: clocks.resolution.dueAt,
  };
  const sla = async (body: Record<string, unknown>) => {
    await tx
      .insertInto('ticket_events')
      .values({
        tenant_id: tenantId,
        ticket_id: ticketId,
        kind: 'sla',
        author_id: null,
        detail: JSON.stringify(body),
      })
      .execute();
    await emitEvent(tx, tenantId, {
      type: `ticket.sla_${String(body.kind)}`,
      aggregateType: 'ticket',
      aggregateId: ticketId,
      payload: { ...body, number: String(ticket.number), ownerId: ticket.owner_id, queueId: ticket.queue_id },
    });
  };
  for (const [name, clock] of [
    ['first_response', clocks.firstResponse],
    ['resolution', clocks.resolution],
  ] as const) {
    if (clock.warning && !warned.has(name)) {
      warned.add(name);
      await sla({ kind: 'warning', clock: name, dueAt: clock.dueAt?.toISOString() ?? null });
    }
    const column = name === 'first_response' ? 'first_response_breached_at' : 'resolution_breached_at';
    if (clock.breachedAt && !ticket[column]) {
      changes[column] = clock.breachedAt;
      await sla({ kind: 'breached', clock: name, breachedAt: clock.breachedAt.toISOString() });
    }
  }
  // The chain runs from the first breach of either clock.
  const breaches = [clocks.firstResponse.breachedAt, clocks.resolution.breachedAt].filter((d) => d !== null);
  const breachedAt = breaches.sort((a, b) => a.getTime() - b.getTime())[0];
  let priority = ticket.priority;
  if (breachedAt) {
    const input = { hours, chain: policy.escalation, breachedAt, done: [...done], now };
    for (const { index, step } of dueEscalations(input)) {
      done.add(index);
      if (step.action === 'raise_priority') {
        const next = PRIORITIES[Math.min(PRIORITIES.indexOf(priority) + 1, PRIORITIES.length - 1)]!;
        if (next !== priority) {
          changes.priority = next;
          await tx
            .insertInto('ticket_events')
            .values({
              tenant_id: tenantId,
              ticket_id: ticketId,
              kind: 'priority',
              author_id: null,
              detail: JSON.stringify({ from: priority, to: next, reason: 'sla' }),
            })
            .execute();
          priority = next;
        }
      } else if (step.action === 'reassign' && step.queueId && step.queueId !== ticket.queue_id) {
        changes.queue_id = step.queueId;
        changes.owner_id = null;
      }
      await sla({
        kind: 'escalated',
        step: index,
        action: step.action,
        ...(step.queueId ? { queueId: step.queueId } : {}),
      });
    }
  }
  changes.sla_warned = JSON.stringify([...warned]);
  changes.escalations_done = JSON.stringify([...done].sort((a, b) => a - b));
  await tx.updateTable('tickets').set(changes).where('id', '=', ticketId).execute();
  await scheduleNext(tx, tenantId, ticketId, now, [
    ...[clocks.firstResponse, clocks.resolution].flatMap((c) =>
      c.state === 'running' ? [c.warnAt, c.dueAt] : [],
    ),
    breachedAt
      ? nextEscalationAt({ hours, chain: policy.escalation, breachedAt, done: [...done], now })
      : null,
  ]);
}

/** One durable job at the earliest instant still ahead (a later change schedules its own). */
async function scheduleNext(
  tx: TenantTx,
  tenantId: string,
  ticketId: string,
  now: Date,
  instants: readonly (Date | null)[],
): Promise<void> {
  const next = instants
    .filter((d): d is Date => d !== null && d.getTime() > now.getTime())
    .sort((a, b) => a.getTime() - b.getTime())[0];
  if (!next) return;
  await enqueueJob(tx, {
    kind: SLA_JOB,
    tenantId,
    dueAt: next,
    payload: { ticketId },
    dedupeKey: `sla:${ticketId}:${next.toISOString()}`,
  });
}
