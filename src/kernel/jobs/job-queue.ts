import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { retryDelaySeconds } from './schedule.ts';

/**
 * Durable jobs in the database: a due time, claimed with FOR UPDATE SKIP LOCKED, so a job
 * survives a restart and runs once even with several server instances on one PostgreSQL.
 * A claimed job holds a lease; if its instance dies, the lease expires and another retries it.
 */
export interface Job {
  id: number;
  tenant_id: string | null;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
}

export interface NewJob {
  kind: string;
  tenantId: string | null;
  dueAt?: Date;
  payload?: Record<string, unknown>;
  /** At most one unfinished job per key: enqueueing again returns the pending one. */
  dedupeKey?: string;
}

const MAX_ATTEMPTS = 3;

/** Adds a job (in the caller's transaction when given one); returns its id. */
export async function enqueueJob(db: Kysely<DB>, job: NewJob): Promise<number> {
  const values = {
    tenant_id: job.tenantId,
    kind: job.kind,
    payload: JSON.stringify(job.payload ?? {}),
    due_at: job.dueAt ?? new Date(),
    dedupe_key: job.dedupeKey ?? null,
  };
  if (!job.dedupeKey) {
    const row = await db.insertInto('jobs').values(values).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }
  const inserted = await sql<{ id: number }>`
    insert into jobs (tenant_id, kind, payload, due_at, dedupe_key)
    values (${values.tenant_id}, ${values.kind}, ${values.payload}::jsonb, ${values.due_at}, ${values.dedupe_key})
    on conflict (dedupe_key) where finished_at is null do nothing
    returning id
  `.execute(db);
  if (inserted.rows[0]) return inserted.rows[0].id;
  const pending = await db
    .selectFrom('jobs')
    .select('id')
    .where('dedupe_key', '=', job.dedupeKey)
    .where('finished_at', 'is', null)
    .executeTakeFirstOrThrow();
  return pending.id;
}

/** Claims the next due job for `leaseSeconds`, or returns null. */
export async function claimJob(db: Kysely<DB>, leaseSeconds: number): Promise<Job | null> {
  const result = await sql<Job>`
    update jobs set locked_until = now() + make_interval(secs => ${leaseSeconds}),
      attempts = attempts + 1, started_at = now()
    where id = (
      select id from jobs
      where finished_at is null and due_at <= now() and (locked_until is null or locked_until < now())
      order by due_at, id
      for update skip locked
      limit 1)
    returning id, tenant_id, kind, payload, attempts
  `.execute(db);
  return result.rows[0] ?? null;
}

export async function completeJob(db: Kysely<DB>, id: number, result: unknown) {
  await db
    .updateTable('jobs')
    .set({
      finished_at: new Date(),
      locked_until: null,
      result: JSON.stringify(result ?? null),
      last_error: null,
    })
    .where('id', '=', id)
    .execute();
}

/** Records a failure: retried later with back-off, or given up after the last attempt. */
export async function failJob(db: Kysely<DB>, job: Job, error: string) {
  const giveUp = job.attempts >= MAX_ATTEMPTS;
  await db
    .updateTable('jobs')
    .set({
      last_error: error.slice(0, 2000),
      locked_until: null,
      ...(giveUp
        ? { finished_at: new Date() }
        : { due_at: new Date(Date.now() + retryDelaySeconds(job.attempts) * 1000) }),
    })
    .where('id', '=', job.id)
    .execute();
}
