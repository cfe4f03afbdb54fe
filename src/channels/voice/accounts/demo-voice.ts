import { type Kysely, sql } from 'kysely';
import { loadConfig } from '../../../kernel/config.ts';
import type { DB } from '../../../kernel/db/schema.ts';
import { withTenant } from '../../../kernel/db/tenant-scope.ts';
import { sipDigests } from './sip-password.ts';
import { usernameCandidates } from './sip-username.ts';

/**
 * The demo's telephone side: a hotline number per demo tenant, leading to a queue that takes
 * voice, and a SIP account for every demo agent with one fixed password, so a softphone can
 * be pointed at `npm start` (README, "Phones and numbers"). Added once, never overwritten: a
 * password an agent changed stays changed, and a demo loaded before voice existed gets them
 * on its next start.
 */
export const DEMO_SIP_PASSWORD = 'hotline-phone';

export const DEMO_NUMBERS = [
  { tenantSlug: 'demo', number: '4008001234', label: '售后服务热线', queueCode: 'aftersales' },
  { tenantSlug: 'acme-insurance', number: '4008005678', label: '理赔服务热线', queueCode: 'claims' },
] as const;

/** Returns a line for the start-up log per tenant that got something; none when all was there. */
export async function ensureDemoVoice(
  db: Kysely<DB>,
  realm: string = loadConfig().voice.realm,
): Promise<string[]> {
  const lines: string[] = [];
  for (const demo of DEMO_NUMBERS) {
    const tenant = await db
      .selectFrom('tenants')
      .select(['id', 'slug'])
      .where('slug', '=', demo.tenantSlug)
      .executeTakeFirst();
    if (!tenant) continue;
    const done = await withTenant(db, tenant.id, async (tx) => {
      const queue = await tx
        .selectFrom('queues')
        .select(['id', 'name'])
        .where('code', '=', demo.queueCode)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      let number = false;
      if (queue) {
        await tx
          .updateTable('queues')
          .set({ channels: sql`array_append(channels, 'voice')` })
          .where('id', '=', queue.id)
          .where(sql<boolean>`not ('voice' = any(channels))`)
          .execute();
        const added = await tx
          .insertInto('voice_numbers')
          .values({ number: demo.number, tenant_id: tenant.id, label: demo.label, queue_id: queue.id })
          .onConflict((oc) => oc.doNothing())
          .returning('number')
          .executeTakeFirst();
        number = added !== undefined;
      }
      const agents = await tx
        .selectFrom('users as u')
        .leftJoin('sip_accounts as s', 's.user_id', 'u.id')
        .select(['u.id', 'u.email'])
        .where('u.role', '=', 'agent')
        .where('u.disabled_at', 'is', null)
        .where('s.user_id', 'is', null)
        .orderBy('u.email')
        .execute();
      const accounts = agents.map((a) => {
        const username = usernameCandidates(tenant.slug, a.email, a.id)[0]!;
        const digests = sipDigests(username, realm, DEMO_SIP_PASSWORD);
        return {
          user_id: a.id,
          tenant_id: tenant.id,
          username,
          ha1_md5: digests.ha1Md5,
          ha1_sha256: digests.ha1Sha256,
        };
      });
      const made = accounts.length
        ? await tx
            .insertInto('sip_accounts')
            .values(accounts)
            .onConflict((oc) => oc.doNothing())
            .returning('username')
            .execute()
        : [];
      return {
        number: number ? `${demo.number} → ${queue!.name}` : null,
        accounts: made.map((m) => m.username),
      };
    });
    if (done.number || done.accounts.length) {
      const parts = [
        ...(done.number ? [`hotline ${done.number}`] : []),
        ...(done.accounts.length
          ? [`SIP accounts ${done.accounts[0]} … (${done.accounts.length}, password ${DEMO_SIP_PASSWORD})`]
          : []),
      ];
      lines.push(`demo: ${tenant.slug} phones: ${parts.join(', ')}`);
    }
  }
  return lines;
}
