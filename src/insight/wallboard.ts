import { sql } from 'kysely';
import { DateTime } from 'luxon';
import { maskPhone } from '../customers/contact-value.ts';
import type { TenantTx } from '../kernel/db/tenant-scope.ts';
import { HOLDING_STATUSES, loadAgents } from '../routing/agent.store.ts';
import { loadQueues } from '../routing/queue.store.ts';
import type { Channel } from '../routing/routing.engine.ts';
import { figuresOf, type QueueCounts, type QueueFigures, standingOf, totalOf } from './wallboard-figures.ts';

/**
 * The supervisor's live picture of the floor: per queue what waits and how the day went
 * (offered, answered, abandoned, service level against the queue's target, ASA), per agent the
 * state, time in it and what they hold, and the contacts waiting now (to reassign).
 *
 * Queues and agents come from the routing slice's exports; the day's counts are one
 * aggregate over interactions and their accepted offers, read here as a report. "Today"
 * starts at midnight in the tenant's time zone. A contact counts in the queue it is in now
 * (after overflow or transfer), by when it arrived; its wait runs from arrival (`enqueued_at`,
 * reset when a closed conversation is reopened) to the first offer accepted after it.
 */
export interface Wallboard {
  generatedAt: string;
  since: string;
  timeZone: string;
  totals: QueueFigures & { waiting: number; longestWaitSeconds: number | null };
  queues: WallboardQueue[];
  /** How many agents are in each state now (states nobody is in are left out). */
  agentsByState: Record<string, number>;
  agents: WallboardAgent[];
  waiting: WallboardContact[];
}

export interface WallboardQueue extends QueueFigures {
  id: string;
  code: string;
  name: string;
  channels: Channel[];
  target: { percent: number; withinSeconds: number };
  standing: ReturnType<typeof standingOf>;
  waiting: number;
  longestWaitSeconds: number | null;
}

export interface WallboardContact {
  id: string;
  channel: Channel;
  status: 'queued' | 'offered' | 'active' | 'wrap_up';
  queueId: string;
  customerId: string | null;
  /** The customer card's name, else the contact's name, email, (masked unless allowed) phone or chat id. */
  label: string | null;
  subject: string | null;
  valueTier: string | null;
  enqueuedAt: string;
  /** Waiting contacts: since arrival; held ones: since accepted (or offered). */
  seconds: number;
  agentId: string | null;
}

export interface WallboardAgent {
  id: string;
  displayName: string;
  role: string;
  state: string;
  stateReason: string | null;
  stateSince: string;
  secondsInState: number;
  capacity: Record<Channel, number>;
  load: Record<Channel, number>;
  interactions: WallboardContact[];
}

const OPEN_STATUSES = ['queued', 'offered', ...HOLDING_STATUSES] as const;

export async function loadWallboard(
  tx: TenantTx,
  tenantId: string,
  options: { now: Date; fullPhones: boolean },
): Promise<Wallboard> {
  const { now } = options;
  const tenant = await tx
    .selectFrom('tenants')
    .select('time_zone')
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
  const since = DateTime.fromJSDate(now).setZone(tenant.time_zone).startOf('day').toJSDate();
  // One transaction, one connection: the reads run one after another.
  const queues = await loadQueues(tx);
  const agents = await loadAgents(tx);
  const counts = await dayCounts(tx, since);
  const open = await openInteractions(tx);
  const secondsSince = (d: Date) => Math.max(0, Math.round((now.getTime() - d.getTime()) / 1000));
  const contacts = open.map(
    (r): WallboardContact => ({
      id: r.id,
      channel: r.channel,
      status: r.status as WallboardContact['status'],
      queueId: r.queue_id,
      customerId: r.customer_id,
      label:
        r.customer_name ??
        r.contact_name ??
        r.contact_email ??
        (r.contact_phone ? (options.fullPhones ? r.contact_phone : maskPhone(r.contact_phone)) : null) ??
        r.contact_chat_id,
      subject: r.subject,
      valueTier: r.value_tier,
      enqueuedAt: r.enqueued_at.toISOString(),
      seconds: secondsSince(
        r.status === 'queued' || r.status === 'offered' ? r.enqueued_at : (r.accepted_at ?? r.enqueued_at),
      ),
      agentId: r.agent_id,
    }),
  );
  const waiting = contacts.filter((c) => c.status === 'queued' || c.status === 'offered');
  const longest = (list: readonly WallboardContact[]) =>
    list.length === 0 ? null : Math.max(...list.map((c) => c.seconds));
  const agentsByState: Record<string, number> = {};
  for (const a of agents) agentsByState[a.state] = (agentsByState[a.state] ?? 0) + 1;

  const queueViews = queues.map((q): WallboardQueue => {
    const figures = figuresOf(counts.get(q.id) ?? emptyCounts());
    const queued = waiting.filter((c) => c.queueId === q.id);
    return {
      id: q.id,
      code: q.code,
      name: q.name,
      channels: q.channels,
      target: q.serviceLevel,
      standing: standingOf(figures.serviceLevel, q.serviceLevel.percent),
      waiting: queued.length,
      longestWaitSeconds: longest(queued),
      ...figures,
    };
  });

  return {
    generatedAt: now.toISOString(),
    since: since.toISOString(),
    timeZone: tenant.time_zone,
    totals: {
      ...totalOf([...counts.values()]),
      waiting: waiting.length,
      longestWaitSeconds: longest(waiting),
    },
    queues: queueViews,
    agentsByState,
    agents: agents.map((a) => ({
      id: a.id,
      displayName: a.displayName,
      role: a.role,
      state: a.state,
      stateReason: a.stateReason,
      stateSince: a.stateSince.toISOString(),
      secondsInState: secondsSince(a.stateSince),
      capacity: a.capacity,
      load: a.load,
      interactions: contacts.filter(
        (c) => c.agentId === a.id && (HOLDING_STATUSES as readonly string[]).includes(c.status),
      ),
    })),
    waiting: waiting.sort((a, b) => b.seconds - a.seconds),
  };
}

const emptyCounts = (): QueueCounts => ({
  offered: 0,
  answered: 0,
  answeredWithinTarget: 0,
  abandoned: 0,
  answerWaitSeconds: 0,
});

/** The day's counts per queue: one pass over the contacts that arrived since `since`. */
async function dayCounts(tx: TenantTx, since: Date): Promise<Map<string, QueueCounts>> {
  const rows = await sql<{
    queue_id: string;
    offered: string;
    answered: string;
    within: string;
    abandoned: string;
    wait_seconds: string | null;
  }>`
    with arrived as (
      select i.queue_id, i.status, i.enqueued_at, q.service_level_seconds,
             (select min(o.answered_at) from offers o
               where o.interaction_id = i.id and o.status = 'accepted'
                 and o.answered_at >= i.enqueued_at) as answered_at
        from interactions i
        join queues q on q.id = i.queue_id
       where i.enqueued_at >= ${since}
         -- A call the agent placed never waited: it is no contact offered to the queue.
         and i.direction = 'inbound'
    )
    select queue_id,
           count(*) as offered,
           count(answered_at) as answered,
           count(*) filter (
             where extract(epoch from answered_at - enqueued_at) <= service_level_seconds
           ) as within,
           count(*) filter (where status = 'abandoned' and answered_at is null) as abandoned,
           sum(extract(epoch from answered_at - enqueued_at)) as wait_seconds
      from arrived
     group by queue_id`.execute(tx);
  return new Map(
    rows.rows.map((r) => [
      r.queue_id,
      {
        offered: Number(r.offered),
        answered: Number(r.answered),
        answeredWithinTarget: Number(r.within),
        abandoned: Number(r.abandoned),
        answerWaitSeconds: Number(r.wait_seconds ?? 0),
      },
    ]),
  );
}

/** Contacts waiting or held by an agent now, with the name on the linked customer card. */
function openInteractions(tx: TenantTx) {
  return tx
    .selectFrom('interactions as i')
    .leftJoin('customers as c', 'c.id', 'i.customer_id')
    .select([
      'i.id',
      'i.channel',
      'i.status',
      'i.queue_id',
      'i.customer_id',
      'c.name as customer_name',
      'i.contact_name',
      'i.contact_email',
      'i.contact_phone',
      'i.contact_chat_id',
      'i.subject',
      'i.value_tier',
      'i.enqueued_at',
      'i.accepted_at',
      'i.agent_id',
    ])
    .where('i.status', 'in', [...OPEN_STATUSES])
    .orderBy('i.enqueued_at')
    .execute();
}
