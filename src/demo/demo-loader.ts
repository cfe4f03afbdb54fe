import { type Kysely, sql, type Transaction } from 'kysely';
import { ensureDemoVoice } from '../channels/voice/accounts/demo-voice.ts';
import { DEMO_SITE_KEY, ensureDemoChatSite } from '../channels/webchat/demo-site.ts';
import { reversed } from '../customers/contact-value.ts';
import { hashPassword } from '../kernel/auth/password.ts';
import type { DB } from '../kernel/db/schema.ts';
import { replayStandingHistory } from '../lifecycle/standing-history.ts';
import { DEMO_LOGINS, DEMO_SLUG, type DemoLogin, type DemoTenant, generateDemoData } from './demo-data.ts';

export type { DemoLogin } from './demo-data.ts';

/**
 * Loads the demo tenants on first start, then replays a year of value tiers and lifecycle
 * stages so the analytics have a past. Each tenant is one transaction, so a crash mid-load
 * leaves nothing half-loaded and the next start loads what is missing; the `demo` tenant is
 * written last, so once it exists everything does, and a start does nothing but return the
 * logins.
 *
 * @example
 *   const logins = await loadDemo(db, { log: console.log });
 *   console.log(formatDemoLogins(logins));
 */
export interface LoadDemoOptions {
  log?: (line: string) => void;
  /** The reference date the two years of orders lead up to (default: the clock). */
  now?: Date;
  /** Smaller tenants for tests (1 = the full 5,000 customers and 20,000 orders). */
  scale?: number;
}

/** Rows per INSERT: big enough to be fast, well under PostgreSQL's 65,535 parameters. */
const BATCH = 1000;

export async function loadDemo(db: Kysely<DB>, options: LoadDemoOptions = {}): Promise<DemoLogin[]> {
  const log = options.log ?? (() => undefined);
  const demo = await db.selectFrom('tenants').select('id').where('slug', '=', DEMO_SLUG).executeTakeFirst();
  if (demo) {
    log('demo: already loaded');
    await ensureDemoChatSite(db, DEMO_SLUG);
    for (const line of await ensureDemoVoice(db)) log(line);
    return [...DEMO_LOGINS];
  }

  const started = performance.now();
  const now = options.now ?? new Date();
  const data = generateDemoData(now, { scale: options.scale ?? 1 });
  const tenants = [...data.tenants].sort(
    (a, b) => Number(a.slug === DEMO_SLUG) - Number(b.slug === DEMO_SLUG),
  );
  const loaded = new Set(
    (
      await db
        .selectFrom('tenants')
        .select('slug')
        .where(
          'slug',
          'in',
          tenants.map((t) => t.slug),
        )
        .execute()
    ).map((t) => t.slug),
  );

  // scrypt is slow on purpose: each distinct password once, in parallel on the thread pool.
  const passwords = [data.operator.password, ...tenants.flatMap((t) => t.users.map((u) => u.password))];
  const distinct = [...new Set(passwords)];
  const hashes = new Map(await Promise.all(distinct.map(async (p) => [p, await hashPassword(p)] as const)));
  log(`demo: generated the data and hashed ${distinct.length} passwords in ${seconds(started)}`);

  await db
    .insertInto('users')
    .values({
      tenant_id: null,
      email: data.operator.email,
      display_name: data.operator.displayName,
      password_hash: hashes.get(data.operator.password)!,
      role: 'operator_admin',
      locale: 'zh-CN',
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  for (const tenant of tenants) {
    if (loaded.has(tenant.slug)) continue;
    const begun = performance.now();
    const phases = await db.transaction().execute((tx) => loadTenant(tx, tenant, hashes, now));
    log(
      `demo: ${tenant.name} (${tenant.slug}): ${tenant.customers.length} customers, ${tenant.orders.length} orders, ` +
        `${tenant.users.length} users in ${seconds(begun)} (rows ${phases.rows.toFixed(1)} s, standing history ${phases.history.toFixed(1)} s)`,
    );
  }
  if (await ensureDemoChatSite(db, DEMO_SLUG)) log(`demo: chat site ${DEMO_SITE_KEY} (/widget-demo.html)`);
  for (const line of await ensureDemoVoice(db)) log(line);
  log(`demo: loaded in ${seconds(started)}`);
  return [...DEMO_LOGINS];
}

/** One tenant, in the caller's transaction. Returns the seconds spent on rows and on history. */
async function loadTenant(tx: Transaction<DB>, t: DemoTenant, hashes: Map<string, string>, now: Date) {
  const begun = performance.now();
  const { id: tenantId } = await tx
    .insertInto('tenants')
    .values({
      slug: t.slug,
      name: t.name,
      default_region: t.defaultRegion,
      default_currency: t.currency,
      time_zone: t.timeZone,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // From here on the tenant's own scope, exactly as withTenant sets it: row-level security
  // checks every row below. (withTenant opens its own transaction, and the tenant row above
  // needs the privileged user; both must share this one for the load to be all or nothing.)
  await sql`select set_config('hotline.tenant_id', ${tenantId}, true)`.execute(tx);
  await sql`set local role hotline_app`.execute(tx);

  const teamId = new Map(
    (
      await tx
        .insertInto('teams')
        .values(t.teams.map((name) => ({ tenant_id: tenantId, name })))
        .returning(['id', 'name'])
        .execute()
    ).map((x) => [x.name, x.id]),
  );
  const skillId = new Map(
    (
      await tx
        .insertInto('skills')
        .values(t.skills.map((s) => ({ tenant_id: tenantId, code: s.code, name: s.name })))
        .returning(['id', 'code'])
        .execute()
    ).map((x) => [x.code, x.id]),
  );
  const queueId = new Map(
    (
      await tx
        .insertInto('queues')
        .values(
          t.queues.map((q) => ({ tenant_id: tenantId, code: q.code, name: q.name, priority: q.priority })),
        )
        .returning(['id', 'code'])
        .execute()
    ).map((x) => [x.code, x.id]),
  );
  const queueSkills = t.queues.flatMap((q) =>
    q.skills.map((code) => ({
      tenant_id: tenantId,
      queue_id: queueId.get(q.code)!,
      skill_id: skillId.get(code)!,
      min_level: 1,
    })),
  );
  if (queueSkills.length) await tx.insertInto('queue_skills').values(queueSkills).execute();
  const userId = new Map(
    (
      await tx
        .insertInto('users')
        .values(
          t.users.map((u) => ({
            tenant_id: tenantId,
            email: u.email,
            display_name: u.displayName,
            password_hash: hashes.get(u.password)!,
            role: u.role,
            locale: 'zh-CN' as const,
            team_id: u.team ? teamId.get(u.team)! : null,
          })),
        )
        .returning(['id', 'email'])
        .execute()
    ).map((x) => [x.email, x.id]),
  );
  const userSkills = t.users.flatMap((u) =>
    u.skills.map((s) => ({
      tenant_id: tenantId,
      user_id: userId.get(u.email)!,
      skill_id: skillId.get(s.code)!,
      level: s.level,
    })),
  );
  if (userSkills.length) await tx.insertInto('user_skills').values(userSkills).execute();

  const customerId = new Map<string, string>();
  for (const batch of chunks(t.customers, BATCH)) {
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
  }

  const contacts = t.customers.flatMap((c) => {
    const values = [
      { kind: 'phone' as const, value: c.phone, label: '手机' },
      ...(c.email ? [{ kind: 'email' as const, value: c.email, label: null }] : []),
      ...(c.wechat ? [{ kind: 'chat' as const, value: c.wechat, label: '微信' }] : []),
    ];
    // One of each kind, so each is its kind's primary.
    return values.map((k) => ({
      tenant_id: tenantId,
      customer_id: customerId.get(c.ref)!,
      kind: k.kind,
      value: k.value,
      value_reversed: reversed(k.value),
      label: k.label,
      is_primary: true,
      created_at: c.createdAt,
    }));
  });
  for (const batch of chunks(contacts, BATCH)) await tx.insertInto('contacts').values(batch).execute();

  // Referrals point at other customers, so they are set once every id is known.
  const referred = t.customers.filter((c) => c.referredByRef);
  if (referred.length > 0) {
    await sql`
      update customers c set referred_by_id = r.referrer
      from unnest(${referred.map((c) => customerId.get(c.ref)!)}::uuid[],
                  ${referred.map((c) => customerId.get(c.referredByRef!)!)}::uuid[]) as r(id, referrer)
      where c.id = r.id
    `.execute(tx);
  }

  for (const batch of chunks(t.orders, BATCH)) {
    await tx
      .insertInto('orders')
      .values(
        batch.map((o) => ({
          tenant_id: tenantId,
          customer_id: customerId.get(o.customerRef)!,
          external_ref: o.ref,
          product: o.product,
          category: o.category,
          amount_minor: o.amountMinor,
          margin_minor: o.marginMinor,
          currency: t.currency,
          status: o.status,
          ordered_at: o.orderedAt,
          created_at: o.orderedAt,
          status_changed_at: o.statusChangedAt,
        })),
      )
      .execute();
  }
  const rows = (performance.now() - begun) / 1000;

  // Fresh tables have no planner statistics (PGlite has no autovacuum), and the replay's
  // joins over them run twice as fast with them. ANALYZE needs the owner's rights.
  await sql`set local role none`.execute(tx);
  await sql`analyze customers, contacts, orders`.execute(tx);
  await sql`set local role hotline_app`.execute(tx);

  // A year of tiers and stages, each transition dated in its month.
  await replayStandingHistory(tx, tenantId, { now });
  return { rows, history: (performance.now() - begun) / 1000 - rows };
}

/**
 * The start-up banner: one line per login, columns aligned (CJK characters take two cells).
 *
 * @example
 *   formatDemoLogins(DEMO_LOGINS)
 *   // role            tenant     email                    password
 *   // operator_admin  (all)      operator@hotline.demo    hotline-operator
 */
export function formatDemoLogins(logins: readonly DemoLogin[]): string {
  const rows = [
    ['role', 'tenant', 'email', 'password'],
    ...logins.map((l) => [l.role, l.tenant ?? '(all)', l.email, l.password]),
  ];
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => cells(r[col]!))));
  const lines = rows.map(
    (r) =>
      `  ${r.map((v, col) => (col === r.length - 1 ? v : v + ' '.repeat(widths[col]! - cells(v)))).join('  ')}`,
  );
  if (logins.some((l) => l.email === 'agent@huaxin.demo'))
    lines.push('  (agent02@huaxin.demo … agent20@huaxin.demo sign in with hotline-agent too)');
  return lines.join('\n');
}

/** Terminal cells a string takes: CJK and full-width characters take two. */
function cells(text: string): number {
  let n = 0;
  for (const ch of text)
    n +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        ch,
      )
        ? 2
        : 1;
  return n;
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}
