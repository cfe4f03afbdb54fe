import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGINS, generateDemoData } from '../../src/demo/demo-data.ts';
import { loadDemo } from '../../src/demo/demo-loader.ts';
import type { DB } from '../../src/kernel/db/schema.ts';
import { call, DATABASES, login, startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * The demo loader on a fresh database, at 4% of the full size (200 + 20 customers): loads
 * each tenant whole or not at all, loads once, and the logins and searches work through
 * the real API.
 */
// The clock, not a fixed date: the analytics endpoints read the last twelve months from now.
const NOW = new Date();
const SCALE = 0.04;
const expected = generateDemoData(NOW, { scale: SCALE });
const [huaxin, acme] = expected.tenants as [(typeof expected.tenants)[0], (typeof expected.tenants)[0]];

describe.each(DATABASES)('demo loader on %s', (kind) => {
  let t: TestServer;
  const count = async (table: keyof DB) =>
    Number(
      (
        await t.server.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const slugs = async () =>
    (await t.server.database.db.selectFrom('tenants').select('slug').orderBy('slug').execute()).map(
      (r) => r.slug,
    );
  const idOf = async (ref: string) =>
    (
      await t.server.database.db
        .selectFrom('customers')
        .select('id')
        .where('external_ref', '=', ref)
        .executeTakeFirstOrThrow()
    ).id;

  beforeAll(async () => {
    t = await startTestServer(kind);
  });
  afterAll(() => t?.close());

  it('rolls a failed tenant back whole, and the next run loads only what is missing', async () => {
    const db = t.server.database.db;
    // A failure deep in the retailer's load: its 100th order.
    await sql`
      create function demo_test_fail() returns trigger language plpgsql
      as $$ begin raise exception 'disk full (test)'; end $$
    `.execute(db);
    await sql`
      create trigger demo_test_fail before insert on orders
      for each row when (new.external_ref = 'O0000100') execute function demo_test_fail()
    `.execute(db);
    await expect(loadDemo(db, { now: NOW, scale: SCALE })).rejects.toThrow(/disk full/);
    await sql`drop trigger demo_test_fail on orders`.execute(db);
    await sql`drop function demo_test_fail()`.execute(db);

    // The insurer (loaded first) is whole; of the retailer nothing is left.
    expect(await slugs()).toEqual(['acme-insurance']);
    expect(await count('customers')).toBe(acme.customers.length);
    expect(await count('orders')).toBe(acme.orders.length);

    const lines: string[] = [];
    const logins = await loadDemo(db, { now: NOW, scale: SCALE, log: (line) => lines.push(line) });
    expect(logins).toEqual(DEMO_LOGINS);
    expect(await slugs()).toEqual(['acme-insurance', 'demo']);
    expect(lines.some((l) => l.includes('华信家电'))).toBe(true);
    expect(lines.some((l) => l.includes('安心保险'))).toBe(false);
  });

  it('loads every row once: a second run adds nothing', async () => {
    const db = t.server.database.db;
    const sizes = {
      customers: huaxin.customers.length + acme.customers.length,
      orders: huaxin.orders.length + acme.orders.length,
      contacts: [...huaxin.customers, ...acme.customers].reduce(
        (n, c) => n + 1 + (c.email ? 1 : 0) + (c.wechat ? 1 : 0),
        0,
      ),
      users: 1 + huaxin.users.length + acme.users.length,
      queues: huaxin.queues.length + acme.queues.length,
    };
    const counts = async () => ({
      customers: await count('customers'),
      orders: await count('orders'),
      contacts: await count('contacts'),
      users: await count('users'),
      queues: await count('queues'),
    });
    expect(await counts()).toEqual(sizes);
    expect(sizes.customers).toBe(220);

    const lines: string[] = [];
    await loadDemo(db, { now: NOW, scale: SCALE, log: (line) => lines.push(line) });
    expect(lines).toEqual(['demo: already loaded']);
    expect(await counts()).toEqual(sizes);

    const referred = await db
      .selectFrom('customers')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('referred_by_id', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(Number(referred.n)).toBe(
      [...huaxin.customers, ...acme.customers].filter((c) => c.referredByRef).length,
    );
    const retailer = await db
      .selectFrom('tenants')
      .selectAll()
      .where('slug', '=', 'demo')
      .executeTakeFirstOrThrow();
    expect(retailer).toMatchObject({
      name: '华信家电',
      default_region: 'CN',
      default_currency: 'CNY',
      time_zone: 'Asia/Shanghai',
    });
  });

  it('signs in every listed login through the API, and finds a customer by the last 4 digits of a phone', async () => {
    for (const l of DEMO_LOGINS) await login(t, l.email, l.password);
    const token = await login(t, 'agent@huaxin.demo', 'hotline-agent');
    for (const c of [huaxin.customers[0]!, huaxin.customers[123]!]) {
      const found = await call<{ items: { id: string }[] }>(
        t,
        'GET',
        `/api/v1/customers?q=${c.phone.slice(-4)}&limit=100`,
        { token },
      );
      expect(found.status).toBe(200);
      expect(found.body.items.map((x) => x.id)).toContain(await idOf(c.ref));
    }
  });

  it("keeps the insurer apart: its admin sees none of the retailer's customers", async () => {
    const token = await login(t, 'admin@acme.demo', 'hotline-admin');
    const retailerIds = new Set(
      (
        await t.server.database.db
          .selectFrom('customers')
          .innerJoin('tenants', 'tenants.id', 'customers.tenant_id')
          .select('customers.id')
          .where('tenants.slug', '=', 'demo')
          .execute()
      ).map((r) => r.id),
    );
    expect(retailerIds.size).toBe(huaxin.customers.length);
    const list = await call<{ items: { id: string }[] }>(t, 'GET', '/api/v1/customers?limit=200', { token });
    expect(list.body.items).toHaveLength(acme.customers.length);
    expect(list.body.items.filter((c) => retailerIds.has(c.id))).toEqual([]);

    const theirs = huaxin.customers[0]!;
    const search = await call<{ items: { id: string }[] }>(
      t,
      'GET',
      `/api/v1/customers?q=${encodeURIComponent(theirs.phone)}`,
      { token },
    );
    expect(search.body.items).toEqual([]);
    const card = await call(t, 'GET', `/api/v1/customers/${await idOf(theirs.ref)}`, { token });
    expect(card.status).toBe(404);
  });

  it('gives the analytics a past: tiers, stages and transitions over the year', async () => {
    const token = await login(t, 'analyst@huaxin.demo', 'hotline-analyst');
    const id = await idOf(huaxin.orders[0]!.customerRef);
    const standing = await call<{ value: { tier: string } | null; stage: { code: string } | null }>(
      t,
      'GET',
      `/api/v1/customers/${id}/standing`,
      { token },
    );
    expect(standing.body.value?.tier).toBeTruthy();
    expect(standing.body.stage?.code).toBeTruthy();
    const res = await call<{ churn: { churned: number }[]; cohorts: unknown[] }>(
      t,
      'GET',
      '/api/v1/reports/customer-analytics',
      { token },
    );
    expect(res.body.cohorts.length).toBeGreaterThan(6);
    expect(res.body.churn.filter((m) => m.churned > 0).length).toBeGreaterThan(3);
  });
});
