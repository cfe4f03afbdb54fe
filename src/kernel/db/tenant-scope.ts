import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from './schema.ts';

export type TenantTx = Transaction<DB>;

/**
 * Runs `work` in one transaction that can only see `tenantId`'s rows.
 *
 * This is the single place tenant isolation is switched on: the transaction drops to the
 * unprivileged `hotline_app` role, for which row-level security applies to every
 * tenant-owned table, and sets `hotline.tenant_id` for the policies. Both are LOCAL, so
 * they end with the transaction and never leak into a pooled connection.
 */
export async function withTenant<T>(db: Kysely<DB>, tenantId: string, work: (tx: TenantTx) => Promise<T>) {
  return db.transaction().execute(async (tx) => {
    await sql`select set_config('hotline.tenant_id', ${tenantId}, true)`.execute(tx);
    await sql`set local role hotline_app`.execute(tx);
    return work(tx);
  });
}
