import { type Kysely, sql, type Transaction } from 'kysely';
import { reversed } from '../customers/contact-value.ts';
import { hashPassword } from '../kernel/auth/password.ts';
import type { DB } from '../kernel/db/schema.ts';
import { replayStandingHistory } from '../lifecycle/standing-history.ts';
import { type DemoData, type DemoTenant, generateDemoData } from './demo-data.ts';

/**
 * Loads the demo tenants into an empty database: each tenant in one transaction (a crash
 * mid-load leaves nothing half-loaded, and the next start loads it again), in batches,
 * then replays a year of value tiers and lifecycle stages so the analytics have a past.
 * Does nothing when the demo tenant exists.
 */
export interface DemoLogin {
  role: string;
  tenant: string;
  email: string;
  password: string;
}

export interface LoadDemoOptions {
  log?: (line: string) => void;
  now?: Date;
  /** Smaller tenants for tests (1 = the full 5,000 customers and 20,000 orders). */
  scale?: number;
}

const BATCH = 500;

export function demoLogins(data: DemoData): DemoLogin[] {
  const logins: DemoLogin[] = [
    { role: 'operator_admin', tenant: '(all)', email: data.operator.email, password: data.operator.password },
  ];
  for (const t of data.tenants) {
    const seen = new Set<string>();
    for (const u of t.users) {
      // One login per role in the banner; the other agents share the agent password.
      if (seen.has(u.role)) continue;
      seen.add(u.role);
      logins.push({ role: u.role, tenant: t.name, email: u.email, password: u.password });
    }
  }
  return logins;
}

export function formatDemoLogins(logins: DemoLogin[]): string {
  const width = Math.max(...logins.map((l) => l.email.length));
  return logins
    .map((l) => `  ${l.role.padEnd(15)} ${l.email.padEnd(width)}  ${l.password.padEnd(20)} ${l.tenant}`)
    .join('\n');
}

export async function loadDemo(db: Kysely<DB>, options: LoadDemoOptions = {}): Promise<DemoLogin[]> {
  const log = options.log ?? (() => undefined);
  const now = options.now ?? new Date();
  const scale = options.scale ?? 1;
  const data = generateDemoData(now, {
    huaxin: { customers: Math.round(5000 * scale), orders: Math.round(20000 * scale) },
    anxin: {
      customers: Math.max(20, Math.round(300 * scale)),
      orders: Math.max(40, Math.round(700 * scale)),
    },
  });
  const logins = demoLogins(data);
  const exists = await db.selectFrom('tenants').select('id').where('slug', '=', 'demo').executeTakeFirst();
  if (exists) return logins;

  const started = Date.now();
  const hashes = new Map<string, string>();
  const hashOf = async (password: string) => {
    if (!hashes.has(password)) hashes.set(password, await hashPassword(password));
    return hashes.get(password)!;
  };
  const operator = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', data.operator.email)
    .executeTakeFirst();
  if (!operator) {
    await db
      .insertInto('users')
      .values({
        tenant_id: null,
        email: data.operator.email,
        display_name: data.operator.displayName,
        password_hash: await hashOf(data.operator.password),
        role: 'operator_admin',
        locale: 'zh-CN',
      })
      .execute();
  }
  for (const tenant of data.tenants) {
    for (const u of tenant.users) await hashOf(u.password);
    await db.transaction().execute((tx) => loadTenant(tx, tenant, hashes, now));
    log(`demo: loaded ${tenant.name} (${tenant.customers.length} customers, ${tenant.orders.length} orders)`);
  }
  log(`demo: ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return logins;
}

async function loadTenant(tx: Transaction<DB>, t: DemoTenant, hashes: Map<string, string>, now: Date) {
  const tenant = await tx
    .insertInto('tenants')
    .values({
      slug: t.slug,
      name: t.name,
      default_region: 'CN',
      default_currency: 'CNY',
      time_zone: 'Asia/Shanghai',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const tenantId = tenant.id;

  const teams = await tx
    .insertInto('teams')
    .values(t.teams.map((name) => ({ tenant_id: tenantId, name })))
    .returning(['id', 'name'])
    .execute();
  const teamId = new Map(teams.map((x) => [x.name, x.id]));
  const skills = await tx
    .insertInto('skills')
    .values(t.skills.map((s) => ({ tenant_id: tenantId, code: s.code, name: s.name })))
    .returning(['id', 'code'])
    .execute();
  const skillId = new Map(skills.map((x) => [x.code, x.id]));
  await tx
    .insertInto('queues')
    .values(
      t.queues.map((q) => ({
        tenant_id: tenantId,
        code: q.code,
        name: q.name,
        priority: q.priority,
        required_skill_ids: q.skills.map((code) => skillId.get(code)!),
      })),
    )
    .execute();
  for (const u of t.users) {
    const user = await tx
      .insertInto('users')
      .values({
        tenant_id: tenantId,
        email: u.email,
        display_name: u.displayName,
        password_hash: hashes.get(u.password)!,
        role: u.role,
        locale: 'zh-CN',
        team_id: u.team ? (teamId.get(u.team) ?? null) : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (u.skills?.length) {
      await tx
        .insertInto('user_skills')
        .values(
          u.skills.map((s) => ({
            tenant_id: tenantId,
            user_id: user.id,
            skill_id: skillId.get(s.code)!,
            level: s.level,
          })),
        )
        .execute();
    }
  }

  const customerId = new Map<string, string>();
  for (let i = 0; i < t.customers.length; i += BATCH) {
    const batch = t.customers.slice(i, i + BATCH);
    const rows = await tx
      .insertInto('customers')
      .values(
        batch.map((c) => ({
          tenant_id: tenantId,
          external_ref: c.ref,
          name: c.name,
          company: c.company,
          gender: c.gender,
          province: c.province,
          city: c.city,
          tags: c.tags,
          do_not_call: c.doNotCall,
          marketing_opt_in: c.marketingOptIn,
          created_at: c.createdAt,
          updated_at: c.createdAt,
        })),
      )
      .returning(['id', 'external_ref'])
      .execute();
    for (const r of rows) customerId.set(r.external_ref!, r.id);
    const contacts = batch.flatMap((c) => {
      const id = customerId.get(c.ref)!;
      const list: { kind: 'phone' | 'email' | 'chat'; value: string }[] = [{ kind: 'phone', value: c.phone }];
      if (c.email) list.push({ kind: 'email', value: c.email });
      if (c.wechat) list.push({ kind: 'chat', value: c.wechat });
      return list.map((k, n) => ({
        tenant_id: tenantId,
        customer_id: id,
        kind: k.kind,
        value: k.value,
        value_reversed: reversed(k.value),
        label: k.kind === 'chat' ? '微信' : null,
        is_primary: n === 0 || k.kind !== 'phone',
        created_at: c.createdAt,
      }));
    });
    await tx.insertInto('contacts').values(contacts).execute();
  }
  const referrals = t.customers.filter((c) => c.referredByRef);
  if (referrals.length > 0) {
    await sql`
      update customers c set referred_by_id = u.referrer
      from unnest(${referrals.map((c) => customerId.get(c.ref)!)}::uuid[],
                  ${referrals.map((c) => customerId.get(c.referredByRef!)!)}::uuid[]) as u(id, referrer)
      where c.id = u.id
    `.execute(tx);
  }
  for (let i = 0; i < t.orders.length; i += BATCH * 2) {
    await tx
      .insertInto('orders')
      .values(
        t.orders.slice(i, i + BATCH * 2).map((o) => ({
          tenant_id: tenantId,
          customer_id: customerId.get(o.customerRef)!,
          external_ref: o.ref,
          product: o.product,
          category: o.category,
          amount_minor: o.amountMinor,
          margin_minor: o.marginMinor,
          currency: 'CNY',
          status: o.status,
          ordered_at: o.orderedAt,
          created_at: o.orderedAt,
          status_changed_at: o.status === 'completed' ? null : o.orderedAt,
        })),
      )
      .execute();
  }
  // A year of tiers and stages, each transition dated in its month, as the tenant's own role.
  await sql`select set_config('hotline.tenant_id', ${tenantId}, true)`.execute(tx);
  await sql`set local role hotline_app`.execute(tx);
  await replayStandingHistory(tx, tenantId, { now });
}
