import { sql } from 'kysely';
import type { TenantTx } from '../kernel/db/tenant-scope.ts';
import type { QueueHours, WeeklyHours } from './business-hours.ts';
import { type Channel, DEFAULT_TIER_RULES, type RoutingQueue, type TierRules } from './routing.engine.ts';
import type { QueueSettings } from './routing.schemas.ts';
import { ensureSkills } from './skill.store.ts';

/** SQL of queues: their settings, required skills (by code) and hours. */

export interface QueueRecord {
  id: string;
  code: string;
  name: string;
  channels: Channel[];
  requiredSkills: { skill: string; minLevel: number }[];
  priority: number;
  /** As set; null means the tenant's zone. */
  timeZone: string | null;
  /** The zone the hours are read in (the queue's, else the tenant's). */
  effectiveTimeZone: string;
  alwaysOpen: boolean;
  businessHours: WeeklyHours;
  holidays: string[];
  serviceLevel: { percent: number; withinSeconds: number };
  maxWaitSeconds: number | null;
  overflowQueueId: string | null;
  stickyWaitSeconds: number;
  wrapUpSeconds: number;
  offlineMessage: string | null;
  emailAutoReply: string | null;
  /** As set; null means DEFAULT_TIER_RULES. */
  tierRules: TierRules | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Live (not deleted) queues of the tenant, or just the given ones; one statement, skills included. */
export async function loadQueues(tx: TenantTx, ids?: readonly string[]): Promise<QueueRecord[]> {
  if (ids && ids.length === 0) return [];
  let query = tx
    .selectFrom('queues as q')
    .innerJoin('tenants as t', 't.id', 'q.tenant_id')
    .select([
      'q.id',
      'q.code',
      'q.name',
      'q.channels',
      'q.priority',
      'q.time_zone',
      't.time_zone as tenant_time_zone',
      'q.always_open',
      'q.business_hours',
      sql<string[]>`q.holidays::text[]`.as('holidays'),
      'q.service_level_percent',
      'q.service_level_seconds',
      'q.max_wait_seconds',
      'q.overflow_queue_id',
      'q.sticky_wait_seconds',
      'q.wrap_up_seconds',
      'q.offline_message',
      'q.email_auto_reply',
      'q.tier_rules',
      'q.created_at',
      'q.updated_at',
      sql<{ skill: string; minLevel: number }[]>`(
        select coalesce(json_agg(json_build_object('skill', s.code, 'minLevel', qs.min_level) order by s.code), '[]')
        from queue_skills qs join skills s on s.id = qs.skill_id
        where qs.queue_id = q.id
      )`.as('required_skills'),
    ])
    .where('q.deleted_at', 'is', null);
  if (ids) query = query.where('q.id', 'in', [...ids]);
  const rows = await query.orderBy('q.priority', 'desc').orderBy('q.code').execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    channels: r.channels,
    requiredSkills: r.required_skills,
    priority: r.priority,
    timeZone: r.time_zone,
    effectiveTimeZone: r.time_zone ?? r.tenant_time_zone,
    alwaysOpen: r.always_open,
    businessHours: (r.business_hours ?? {}) as WeeklyHours,
    holidays: r.holidays ?? [],
    serviceLevel: { percent: r.service_level_percent, withinSeconds: r.service_level_seconds },
    maxWaitSeconds: r.max_wait_seconds,
    overflowQueueId: r.overflow_queue_id,
    stickyWaitSeconds: r.sticky_wait_seconds,
    wrapUpSeconds: r.wrap_up_seconds,
    offlineMessage: r.offline_message,
    emailAutoReply: r.email_auto_reply,
    tierRules: (r.tier_rules ?? null) as TierRules | null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

export async function findQueue(tx: TenantTx, id: string): Promise<QueueRecord | undefined> {
  return (await loadQueues(tx, [id]))[0];
}

export function queueHours(queue: QueueRecord): QueueHours {
  return {
    alwaysOpen: queue.alwaysOpen,
    timeZone: queue.effectiveTimeZone,
    businessHours: queue.businessHours,
    holidays: queue.holidays,
  };
}

/** The queue as the ACD engine sees it. */
export function toRoutingQueue(queue: QueueRecord): RoutingQueue {
  return {
    id: queue.id,
    requiredSkills: queue.requiredSkills,
    basePriority: queue.priority,
    serviceLevel: queue.serviceLevel,
    maxWaitSeconds: queue.maxWaitSeconds,
    overflowQueueId: queue.overflowQueueId,
    stickyWaitSeconds: queue.stickyWaitSeconds,
    tierRules: queue.tierRules ?? DEFAULT_TIER_RULES,
  };
}

function settingsColumns(s: Partial<QueueSettings>) {
  return {
    ...(s.code === undefined ? {} : { code: s.code }),
    ...(s.name === undefined ? {} : { name: s.name }),
    ...(s.channels === undefined ? {} : { channels: s.channels }),
    ...(s.priority === undefined ? {} : { priority: s.priority }),
    ...(s.timeZone === undefined ? {} : { time_zone: s.timeZone }),
    ...(s.alwaysOpen === undefined ? {} : { always_open: s.alwaysOpen }),
    ...(s.businessHours === undefined ? {} : { business_hours: JSON.stringify(s.businessHours) }),
    ...(s.holidays === undefined ? {} : { holidays: s.holidays }),
    ...(s.serviceLevel === undefined
      ? {}
      : {
          service_level_percent: s.serviceLevel.percent,
          service_level_seconds: s.serviceLevel.withinSeconds,
        }),
    ...(s.maxWaitSeconds === undefined ? {} : { max_wait_seconds: s.maxWaitSeconds }),
    ...(s.overflowQueueId === undefined ? {} : { overflow_queue_id: s.overflowQueueId }),
    ...(s.stickyWaitSeconds === undefined ? {} : { sticky_wait_seconds: s.stickyWaitSeconds }),
    ...(s.wrapUpSeconds === undefined ? {} : { wrap_up_seconds: s.wrapUpSeconds }),
    ...(s.offlineMessage === undefined ? {} : { offline_message: s.offlineMessage }),
    ...(s.emailAutoReply === undefined ? {} : { email_auto_reply: s.emailAutoReply }),
    ...(s.tierRules === undefined ? {} : { tier_rules: s.tierRules ? JSON.stringify(s.tierRules) : null }),
  };
}

export async function insertQueue(tx: TenantTx, tenantId: string, settings: QueueSettings): Promise<string> {
  const row = await tx
    .insertInto('queues')
    .values({ tenant_id: tenantId, code: settings.code, name: settings.name, ...settingsColumns(settings) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await replaceQueueSkills(tx, tenantId, row.id, settings.requiredSkills);
  return row.id;
}

export async function updateQueueRow(
  tx: TenantTx,
  tenantId: string,
  id: string,
  settings: Partial<QueueSettings>,
) {
  await tx
    .updateTable('queues')
    .set({ ...settingsColumns(settings), updated_at: new Date() })
    .where('id', '=', id)
    .execute();
  if (settings.requiredSkills) await replaceQueueSkills(tx, tenantId, id, settings.requiredSkills);
}

async function replaceQueueSkills(
  tx: TenantTx,
  tenantId: string,
  queueId: string,
  requirements: readonly { skill: string; minLevel: number }[],
) {
  await tx.deleteFrom('queue_skills').where('queue_id', '=', queueId).execute();
  if (requirements.length === 0) return;
  const ids = await ensureSkills(
    tx,
    tenantId,
    requirements.map((r) => r.skill),
  );
  await tx
    .insertInto('queue_skills')
    .values(
      requirements.map((r) => ({
        tenant_id: tenantId,
        queue_id: queueId,
        skill_id: ids.get(r.skill)!,
        min_level: r.minLevel,
      })),
    )
    .execute();
}

/** Counts what keeps a queue from being deleted: interactions not finished, queues overflowing into it. */
export async function queueUsage(tx: TenantTx, id: string) {
  const open = await tx
    .selectFrom('interactions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('queue_id', '=', id)
    .where('status', 'in', ['queued', 'offered', 'active', 'wrap_up'])
    .executeTakeFirstOrThrow();
  const feeders = await tx
    .selectFrom('queues')
    .select('code')
    .where('overflow_queue_id', '=', id)
    .where('deleted_at', 'is', null)
    .where('id', '!=', id)
    .execute();
  return { openInteractions: Number(open.n), overflowFrom: feeders.map((f) => f.code) };
}

export async function softDeleteQueue(tx: TenantTx, id: string) {
  await tx
    .updateTable('queues')
    .set({ deleted_at: new Date(), overflow_queue_id: null, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}
