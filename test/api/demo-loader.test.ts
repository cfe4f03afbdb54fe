import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/demo/demo-loader.ts';
import { call, login, startTestServer, type TestServer } from '../support/test-server.ts';

describe('demo loader', () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer('pglite');
    await loadDemo(t.server.database.db, { scale: 0.04 });
  }, 120_000);
  afterAll(() => t?.close());

  it('loads once: a second run adds nothing', async () => {
    const db = t.server.database.db;
    const count = async () =>
      Number(
        (
          await db
            .selectFrom('customers')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    expect(before).toBe(200 + 20);
    await loadDemo(db, { scale: 0.04 });
    expect(await count()).toBe(before);
  });

  it('signs in the README logins and finds a customer by the last digits of a phone', async () => {
    const token = await login(t, 'agent@huaxin.demo', 'hotline-agent');
    const first = await call<{ items: { id: string; primaryPhone: string }[] }>(
      t,
      'GET',
      '/api/v1/customers?limit=1',
      { token },
    );
    const last4 = first.body.items[0]!.primaryPhone.slice(-4);
    const found = await call<{ items: { id: string }[] }>(t, 'GET', `/api/v1/customers?q=${last4}`, {
      token,
    });
    expect(found.body.items.map((c) => c.id)).toContain(first.body.items[0]!.id);
    const standing = await call<{ value: { tier: string } | null; stage: { code: string } | null }>(
      t,
      'GET',
      `/api/v1/customers/${first.body.items[0]!.id}/standing`,
      { token },
    );
    expect(standing.body.value?.tier).toBeTruthy();
    expect(standing.body.stage?.code).toBeTruthy();
    await login(t, 'operator@hotline.demo', 'hotline-operator');
    await login(t, 'supervisor@huaxin.demo', 'hotline-supervisor');
  });

  it('keeps the second tenant apart', async () => {
    const acme = await login(t, 'admin@acme.demo', 'hotline-admin');
    const list = await call<{ items: { name: string }[] }>(t, 'GET', '/api/v1/customers?limit=200', {
      token: acme,
    });
    expect(list.body.items).toHaveLength(20);
    const huaxin = await login(t, 'admin@huaxin.demo', 'hotline-admin');
    const mine = await call<{ items: { id: string }[] }>(t, 'GET', '/api/v1/customers?limit=200', {
      token: huaxin,
    });
    expect(mine.body.items).toHaveLength(200);
  });

  it('gives the analytics a past: transitions spread over the year', async () => {
    const token = await login(t, 'analyst@huaxin.demo', 'hotline-analyst');
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
