import type { Kysely } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';
import { withTenant } from '../../kernel/db/tenant-scope.ts';

/**
 * The demo tenant's chat site, with a key that never changes so /widget-demo.html (and the
 * README) can name it. Added once; a demo loaded before web chat existed gets it on its next
 * start.
 */
export const DEMO_SITE_KEY = 'wc_demo_huaxin_webchat';

export async function ensureDemoChatSite(db: Kysely<DB>, tenantSlug: string): Promise<boolean> {
  const tenant = await db
    .selectFrom('tenants')
    .select('id')
    .where('slug', '=', tenantSlug)
    .executeTakeFirst();
  if (!tenant) return false;
  // A privileged look: the key is unique across tenants.
  const existing = await db
    .selectFrom('webchat_sites')
    .select('id')
    .where('site_key', '=', DEMO_SITE_KEY)
    .executeTakeFirst();
  if (existing) return false;
  return withTenant(db, tenant.id, async (tx) => {
    const queue = await tx
      .selectFrom('queues')
      .select('id')
      .where('deleted_at', 'is', null)
      .where((eb) => eb(eb.val('chat'), '=', eb.fn.any('channels')))
      .orderBy((eb) => eb.case().when('code', '=', 'presales').then(0).else(1).end())
      .orderBy('code')
      .executeTakeFirst();
    if (!queue) return false;
    await tx
      .insertInto('webchat_sites')
      .values({
        tenant_id: tenant.id,
        name: '华信家电官网',
        site_key: DEMO_SITE_KEY,
        // The demo page is served by Hotline itself (always allowed); these are for a local copy.
        allowed_origins: ['http://localhost:3000', 'http://127.0.0.1:3000', 'http://localhost:5173'],
        queue_id: queue.id,
        default_locale: 'zh-CN',
        greeting: '您好，欢迎光临华信家电！请问有什么可以帮您？',
        pre_chat_form: 'optional',
      })
      .execute();
    return true;
  });
}
