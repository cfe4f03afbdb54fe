import { type Kysely, sql } from 'kysely';
import { OUTBOX_LOCK_NAMESPACE } from '../db/migrations/0004-routing.ts';
import type { DB } from '../db/schema.ts';
import { type TenantTx, withTenant } from '../db/tenant-scope.ts';

/**
 * Reads a tenant's outbox in commit order, for the realtime feed. An event's place is its
 * key: the position of its transaction's commit, then its id. Positions are drawn at commit
 * under the tenant's shared outbox lock (0004-routing, 0007-outbox-commit-lock); each read
 * holds the lock exclusively, so every numbered commit has finished and any later one gets a
 * higher position: reading past a position never skips an event committed afterwards.
 */
export interface EventKey {
  position: number;
  id: number;
}

export interface OutboxEvent {
  key: EventKey;
  id: number;
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
  createdAt: string;
}

/** Orders keys; negative when `a` comes first. */
export function compareKeys(a: EventKey, b: EventKey): number {
  return a.position - b.position || a.id - b.id;
}

/** Before every event. */
export const START: EventKey = { position: 0, id: 0 };

interface Row {
  position: number;
  id: number;
  type: string;
  aggregate_type: string;
  aggregate_id: string;
  payload: unknown;
  created_at: Date;
}

/**
 * Up to `limit` committed events of the tenant after `after`, in commit order. The commits
 * are walked from `after` by their index and each one's events fetched by transaction id, so
 * a read costs what it returns, however long the outbox has grown.
 */
export async function readEventsAfter(
  db: Kysely<DB>,
  tenantId: string,
  after: EventKey,
  limit: number,
): Promise<OutboxEvent[]> {
  return withTenant(db, tenantId, async (tx) => {
    await holdCommitOrder(tx, tenantId);
    // `limit + 1` commits: the first may be the one `after` stopped inside, and every other
    // commit holds at least one event, so they hold `limit` events if the outbox does.
    const { rows } = await sql<Row>`
      select c.position, e.id, e.type, e.aggregate_type, e.aggregate_id, e.payload, e.created_at
      from (
        select position, tx_id from outbox_commits
        where tenant_id = ${tenantId} and position >= ${after.position}
        order by position
        limit ${limit + 1}
      ) c
      cross join lateral (
        select id, type, aggregate_type, aggregate_id, payload, created_at from outbox_events
        where tx_id = c.tx_id and tenant_id = ${tenantId}
      ) e
      where c.position > ${after.position} or e.id > ${after.id}
      order by c.position, e.id
      limit ${limit}
    `.execute(tx);
    return rows.map((r) => ({
      key: { position: Number(r.position), id: Number(r.id) },
      id: Number(r.id),
      type: r.type,
      aggregateType: r.aggregate_type,
      aggregateId: r.aggregate_id,
      payload: (r.payload ?? {}) as Record<string, unknown>,
      createdAt: new Date(r.created_at).toISOString(),
    }));
  });
}

/**
 * Waits until no commit of the tenant's events is in flight, and keeps new ones out until this
 * transaction ends (a few milliseconds: one read). A stuck wait gives up rather than stall
 * the tenant's writers behind it; the feed retries on its next wake-up. One statement: the
 * timeout is set before the lock is asked for (a select list is evaluated in order).
 */
async function holdCommitOrder(tx: TenantTx, tenantId: string) {
  await sql`
    select set_config('lock_timeout', '2s', true),
      pg_advisory_xact_lock(${OUTBOX_LOCK_NAMESPACE}, hashtext(${tenantId}::uuid::text))
  `.execute(tx);
}

/** The key just after the tenant's last committed event: where a live-only reader starts. */
export async function latestKey(db: Kysely<DB>, tenantId: string): Promise<EventKey> {
  return withTenant(db, tenantId, async (tx) => {
    await holdCommitOrder(tx, tenantId);
    const row = await tx
      .selectFrom('outbox_commits')
      .select('position')
      .orderBy('position', 'desc')
      .limit(1)
      .executeTakeFirst();
    return { position: Number(row?.position ?? 0), id: Number.MAX_SAFE_INTEGER };
  });
}

/** Where the event with this id sits, or null when the tenant has no such (ordered) event. */
export async function keyOfEvent(
  db: Kysely<DB>,
  tenantId: string,
  eventId: number,
): Promise<EventKey | null> {
  return withTenant(db, tenantId, async (tx) => {
    const { rows } = await sql<{ position: number }>`
      select c.position from outbox_events e
      join outbox_commits c on c.tx_id = e.tx_id and c.tenant_id = e.tenant_id
      where e.id = ${eventId}
    `.execute(tx);
    return rows[0] ? { position: Number(rows[0].position), id: eventId } : null;
  });
}
