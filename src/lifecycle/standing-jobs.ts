import type { Kysely } from 'kysely';
import type { DB } from '../kernel/db/schema.ts';
import { withTenant } from '../kernel/db/tenant-scope.ts';
import { enqueueJob, type Job } from '../kernel/jobs/job-queue.ts';
import { nextDailyRun } from '../kernel/jobs/schedule.ts';
import { rescoreTenant } from '../value/tenant-rescore.ts';
import { restageTenant } from './lifecycle.service.ts';

/**
 * The full rescore (value tiers, then lifecycle stages) as a durable job: nightly at 02:00
 * in each tenant's time zone, on demand, after the rules change, and as a rebuild from the
 * orders after a bulk import.
 */
export const RESCORE_JOB = 'standing.rescore';
const NIGHTLY_HOUR = 2;

export async function runRescoreJob(db: Kysely<DB>, job: Job) {
  if (!job.tenant_id) throw new Error('a rescore names its tenant');
  return withTenant(db, job.tenant_id, async (tx) => {
    const rebuild = (job.payload as { rebuild?: boolean } | null)?.rebuild === true;
    const value = await rescoreTenant(tx, job.tenant_id!, new Date(), { rebuild });
    const stages = await restageTenant(tx, job.tenant_id!);
    return {
      mode: value.mode,
      customers: value.customers,
      tiers: value.tiers,
      stages: stages.stages,
      stageChanges: stages.changed,
      milliseconds: value.milliseconds + stages.milliseconds,
    };
  });
}

/**
 * Asks for a rescore now; a request while one is pending joins it. Returns the job id.
 * `rebuild` aggregates every order again (after a bulk import of orders), instead of
 * rescoring from the order facts kept current by each order write.
 */
export function requestRescore(
  db: Kysely<DB>,
  tenantId: string,
  reason: string,
  options: { rebuild?: boolean } = {},
) {
  return enqueueJob(db, {
    kind: RESCORE_JOB,
    tenantId,
    payload: { reason, rebuild: options.rebuild === true },
    dedupeKey: options.rebuild ? `rebuild:${tenantId}` : `rescore:${tenantId}`,
  });
}

/** Makes sure every tenant has its next nightly rescore queued (run at start and hourly). */
export async function ensureNightlyRescores(db: Kysely<DB>, now = new Date()) {
  const tenants = await db.selectFrom('tenants').select(['id', 'time_zone']).execute();
  for (const t of tenants) {
    await enqueueJob(db, {
      kind: RESCORE_JOB,
      tenantId: t.id,
      dueAt: nextDailyRun(now, t.time_zone, NIGHTLY_HOUR),
      payload: { reason: 'nightly' },
      dedupeKey: `nightly-rescore:${t.id}`,
    });
  }
}
