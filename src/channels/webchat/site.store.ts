import type { Kysely, Selectable } from 'kysely';
import type { DB, WebchatSitesTable } from '../../kernel/db/schema.ts';
import type { TenantTx } from '../../kernel/db/tenant-scope.ts';

/** SQL of chat sites. */

export type SiteRow = Selectable<WebchatSitesTable>;

export async function listSites(tx: TenantTx): Promise<SiteRow[]> {
  return tx
    .selectFrom('webchat_sites')
    .selectAll()
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function findSite(tx: TenantTx, id: string): Promise<SiteRow | undefined> {
  return tx
    .selectFrom('webchat_sites')
    .selectAll()
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/**
 * A live site by its public key, in any tenant: the widget's first request names no tenant.
 * Runs on the privileged handle (row-level security would hide every row); the caller
 * continues in the site's tenant scope.
 */
export async function findSiteByKey(db: Kysely<DB>, siteKey: string): Promise<SiteRow | undefined> {
  return db
    .selectFrom('webchat_sites')
    .selectAll()
    .where('site_key', '=', siteKey)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}
