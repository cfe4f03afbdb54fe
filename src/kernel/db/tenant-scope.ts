import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from './schema.ts';

export type TenantTx = Transaction<DB>;

interface CommitScope {
  db: Kysely<DB>;
  hooks: (() => void)[];
}

/** Each running `withTenant` transaction: its handle and what runs once it has committed. */
const scopes = new WeakMap<TenantTx, CommitScope>();

/**
 * Runs `work` in one transaction that can only see `tenantId`'s rows.
 *
 * This is the single place tenant isolation is switched on: the transaction drops to the
 * unprivileged `hotline_app` role, for which row-level security applies to every
 * tenant-owned table, and sets `hotline.tenant_id` for the policies. Both are LOCAL, so
 * they end with the transaction and never leak into a pooled connection. (One statement for
 * both: `set_config('role', …, true)` is `SET LOCAL ROLE`, and every round trip counts when a
 * server runs hundreds of these a second.)
 */
export async function withTenant<T>(db: Kysely<DB>, tenantId: string, work: (tx: TenantTx) => Promise<T>) {
  const scope: CommitScope = { db, hooks: [] };
  const result = await db.transaction().execute(async (tx) => {
    await sql`select set_config('hotline.tenant_id', ${tenantId}, true), set_config('role', 'hotline_app', true)`.execute(
      tx,
    );
    scopes.set(tx, scope);
    return work(tx);
  });
  for (const hook of scope.hooks) {
    try {
      hook();
    } catch {
      // A hook is a hint to this process (wake the ACD now); the commit stands regardless.
    }
  }
  return result;
}

/**
 * The handle a `withTenant` transaction runs on, and a way to run something in this process
 * right after it commits (never if it rolls back). Undefined for other transactions: the
 * caller then relies on what it announces through the database (NOTIFY) alone.
 *
 * @example
 * commitScope(tx)?.afterCommit(() => dispatcher.wake(tenantId)); // route now, not on the NOTIFY
 */
export function commitScope(
  tx: TenantTx,
): { db: Kysely<DB>; afterCommit(hook: () => void): void } | undefined {
  const scope = scopes.get(tx);
  return scope && { db: scope.db, afterCommit: (hook) => scope.hooks.push(hook) };
}
