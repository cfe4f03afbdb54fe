import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/kernel/db/tenant-scope.ts';
import { rescoreTenant } from '../../src/value/tenant-rescore.ts';
import {
  call,
  DATABASES,
  seedTenant,
  startTestServer,
  type TestServer,
  type TestTenant,
  waitForJob,
} from '../support/test-server.ts';

interface Standing {
  value: {
    tier: string;
    tierName: string;
    explanation: string;
    frequency: number;
    monetaryMinor: number;
    lifetimeRevenueMinor: number;
    expectedIntervalDays: number | null;
    scores: { monetary: number | null };
  } | null;
  stage: { code: string; name: string; explanation: string } | null;
  transitions: { from: string | null; to: string; reason: string; explanation: string }[];
  referrals: { referredBy: { name: string } | null; made: { name: string }[]; revenueMinor: number };
}

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

describe.each(DATABASES)('customer value and lifecycle on %s', (kind) => {
  let t: TestServer;
  let acme: TestTenant;
  let token: string;

  async function customer(name: string, extra: Record<string, unknown> = {}) {
    const res = await call<{ id: string }>(t, 'POST', '/api/v1/customers', {
      token,
      json: { name, ...extra },
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }
  async function order(id: string, amountMinor: number, orderedAt: string) {
    const res = await call<{ id: string }>(t, 'POST', `/api/v1/customers/${id}/orders`, {
      token,
      json: { product: '空调', amountMinor, orderedAt },
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }
  const standing = async (id: string, as = token) =>
    (await call<Standing>(t, 'GET', `/api/v1/customers/${id}/standing`, { token: as })).body;

  beforeAll(async () => {
    t = await startTestServer(kind);
    acme = await seedTenant(t, 'acme');
    token = acme.tokens.supervisor;
    // A population, so quintiles mean something: 20 customers spending 100 … 2,000 yuan.
    for (let i = 1; i <= 20; i++) {
      const id = await customer(`客户${i}`);
      await order(id, i * 10_000, daysAgo(i * 10));
    }
    const job = await call<{ jobId: number }>(t, 'POST', '/api/v1/value/rescore', { token });
    expect(job.status).toBe(202);
    await waitForJob(t, token, job.body.jobId);
  });
  afterAll(() => t?.close());

  it('places a new customer in contact, and scores them potential', async () => {
    const id = await customer('新客户');
    const s = await standing(id);
    expect(s.stage).toMatchObject({ code: 'contact', name: '接触' });
    expect(s.value).toMatchObject({ tier: 'potential', tierName: '潜在价值' });
    expect(s.transitions).toEqual([expect.objectContaining({ from: null, to: 'contact' })]);
  });

  it('moves a customer up at once when they order, and back when the order is refunded', async () => {
    const id = await customer('王芳');
    const first = await order(id, 300_000, daysAgo(40));
    let s = await standing(id);
    expect(s.stage?.code).toBe('conversion');
    // Spent more than anyone, but once and 40 days ago (recency 4, frequency 1): secondary.
    expect(s.value?.tier).toBe('secondary');
    expect(s.value?.explanation).toMatch(/^次要价值：/);
    await order(id, 300_000, daysAgo(5));
    s = await standing(id);
    expect(s.stage?.code).toBe('retention');
    expect(s.value?.tier).toBe('high');
    const events = await t.server.database.db
      .selectFrom('outbox_events')
      .select(['type', 'payload'])
      .where('aggregate_id', '=', id)
      .where('type', 'in', ['customer.tier_changed', 'customer.stage_changed'])
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.type)).toContain('customer.tier_changed');
    const tierChanges = events.filter((e) => e.type === 'customer.tier_changed').map((e) => e.payload);
    expect(tierChanges).toEqual([
      expect.objectContaining({ from: 'potential', to: 'secondary' }),
      expect.objectContaining({ from: 'secondary', to: 'high' }),
    ]);
    expect(s.value?.explanation).toMatch(
      /^高端价值：消费高且购买活跃——近24个月消费¥6,000.00（前20%），购买2次，最近一次在5天前。$/,
    );
    expect(s.value).toMatchObject({ frequency: 2, monetaryMinor: 600_000, expectedIntervalDays: 35 });
    expect(s.transitions.map((x) => x.to)).toEqual(['retention', 'conversion', 'contact']);
    const timeline = await call<{ items: { kind: string; title: string }[] }>(
      t,
      'GET',
      `/api/v1/customers/${id}/timeline`,
      { token },
    );
    expect(timeline.body.items.filter((i) => i.kind === 'stage').map((i) => i.title)).toEqual([
      '转换 → 持续',
      '接触 → 转换',
      '新客户 → 接触',
    ]);

    const refund = await call(t, 'PATCH', `/api/v1/customers/${id}/orders/${first}`, {
      token,
      json: { status: 'refunded' },
    });
    expect(refund.status).toBe(200);
    s = await standing(id);
    expect(s.value).toMatchObject({ frequency: 1, monetaryMinor: 300_000, lifetimeRevenueMinor: 300_000 });
    expect(s.stage?.code).toBe('conversion');
    const audit = await call<{ items: { action: string }[] }>(t, 'GET', `/api/v1/customers/${id}/audit`, {
      token,
    });
    expect(audit.body.items.map((a) => a.action)).toContain('order_status');
  });

  it('churns a customer whose last order is cancelled', async () => {
    const id = await customer('取消客户');
    const o = await order(id, 50_000, daysAgo(3));
    await call(t, 'PATCH', `/api/v1/customers/${id}/orders/${o}`, { token, json: { status: 'cancelled' } });
    const s = await standing(id);
    expect(s.stage).toMatchObject({ code: 'churned' });
    expect(s.stage?.explanation).toContain('取消');
  });

  it('records facts: a qualified lead, a loss with its reason, satisfaction and referrals for loyalty', async () => {
    const lead = await customer('线索');
    const q = await call<Standing>(t, 'POST', `/api/v1/customers/${lead}/facts`, {
      token: acme.tokens.agent,
      json: { kind: 'qualified', refType: 'interaction', refId: 'call-1' },
    });
    expect(q.status).toBe(201);
    expect(q.body.stage?.code).toBe('acquisition');

    const loyal = await customer('老客户');
    for (const d of [200, 120, 30]) await order(loyal, 100_000, daysAgo(d));
    expect((await standing(loyal)).stage?.code).toBe('retention');
    await customer('被推荐人', { referredById: loyal });
    const s = await standing(loyal);
    expect(s.stage?.code).toBe('loyalty');
    expect(s.referrals.made.map((r) => r.name)).toEqual(['被推荐人']);

    const lost = await call<Standing>(t, 'POST', `/api/v1/customers/${loyal}/facts`, {
      token,
      json: { kind: 'lost', note: '转投竞品' },
    });
    expect(lost.body.stage).toMatchObject({ code: 'churned' });
    expect(lost.body.stage?.explanation).toContain('转投竞品');
  });

  it('refuses bad facts and changes nothing', async () => {
    const id = await customer('坏数据');
    for (const json of [
      { kind: 'csat', score: 7 },
      { kind: 'nps', score: 3.5 },
      { kind: 'lost' },
      { kind: 'complaint_opened' },
      { kind: 'qualified', score: 3 },
      { kind: 'qualified', at: '2999-01-01T00:00:00Z' },
      { kind: 'married' },
    ]) {
      const res = await call<{ error: { code: string; message: string } }>(
        t,
        'POST',
        `/api/v1/customers/${id}/facts`,
        {
          token,
          json,
        },
      );
      expect(res.status, JSON.stringify(json)).toBe(400);
      expect(res.body.error.message.length).toBeGreaterThan(5);
    }
    expect((await standing(id)).stage?.code).toBe('contact');
    expect(
      (
        await call(t, 'POST', `/api/v1/customers/${id}/facts`, {
          token: acme.tokens.analyst,
          json: { kind: 'qualified' },
        })
      ).status,
    ).toBe(403);
  });

  it('rejects invalid rules with a clear message and keeps the old ones', async () => {
    const admin = acme.tokens.tenant_admin;
    const before = await call<{ rules: Record<string, unknown> }>(t, 'GET', '/api/v1/value/rules', {
      token: admin,
    });
    const bad = await call<{ error: { message: string } }>(t, 'PUT', '/api/v1/value/rules', {
      token: admin,
      json: { ...before.body.rules, lookbackMonths: -3 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/lookbackMonths/);
    const overlapping = await call<{ error: { message: string } }>(t, 'PUT', '/api/v1/value/rules', {
      token: admin,
      json: {
        ...before.body.rules,
        thresholds: { recencyDays: [30, 90, 180, 365], frequency: [3, 2, 5, 8], monetaryMinor: [1, 2, 3, 4] },
      },
    });
    expect(overlapping.status).toBe(400);
    expect(overlapping.body.error.message).toMatch(/increase/);
    const lifecycle = await call<{ rules: Record<string, unknown> }>(t, 'GET', '/api/v1/lifecycle/rules', {
      token: admin,
    });
    const badLifecycle = await call<{ error: { message: string } }>(t, 'PUT', '/api/v1/lifecycle/rules', {
      token: admin,
      json: { ...lifecycle.body.rules, atRiskIntervalFactor: 4, churnIntervalFactor: 2 },
    });
    expect(badLifecycle.status).toBe(400);
    expect(badLifecycle.body.error.message).toMatch(/churn factor/);
    const after = await call<{ rules: Record<string, unknown> }>(t, 'GET', '/api/v1/value/rules', {
      token: admin,
    });
    expect(after.body.rules).toEqual(before.body.rules);
    expect((await call(t, 'PUT', '/api/v1/value/rules', { token, json: before.body.rules })).status).toBe(
      403,
    );
  });

  it('rescores everyone when the rules change', async () => {
    const admin = acme.tokens.tenant_admin;
    const id = await customer('门槛客户');
    await order(id, 150_000, daysAgo(2));
    const current = await call<{ rules: Record<string, unknown> }>(t, 'GET', '/api/v1/value/rules', {
      token: admin,
    });
    // Fixed thresholds: 1,500 yuan is under the 2,000-yuan bar for 2 points; current value 1 → not high.
    const put = await call<{ jobId: number }>(t, 'PUT', '/api/v1/value/rules', {
      token: admin,
      json: {
        ...current.body.rules,
        method: 'threshold',
        thresholds: {
          recencyDays: [30, 90, 180, 365],
          frequency: [2, 3, 5, 8],
          monetaryMinor: [200_000, 300_000, 800_000, 2_000_000],
        },
      },
    });
    expect(put.status).toBe(200);
    const result = (await waitForJob(t, admin, put.body.jobId)) as { customers: number };
    expect(result.customers).toBeGreaterThan(20);
    const s = await standing(id, admin);
    expect(s.value?.scores.monetary).toBe(1);
    expect(s.value?.tier).toBe('potential');
    const en = await call<{ locale: string }>(t, 'PATCH', '/api/v1/auth/me', {
      token: admin,
      json: { locale: 'en' },
    });
    expect(en.status).toBe(200);
    const inEnglish = await standing(id, admin);
    expect(inEnglish.value?.explanation).toMatch(/^Potential value: spends little so far but buys actively/);
    expect(inEnglish.stage?.name).toBe('Conversion');
  });
  it('serves the analytics page: funnel, flows, tiers, churn, cohorts, at risk, referrals, cost of losing', async () => {
    const admin = acme.tokens.tenant_admin;
    const res = await call<{
      funnel: { stage: string; customers: number }[];
      flows: { from: string | null; to: string; customers: number }[];
      tiers: { tier: string; customers: number; lifetimeRevenueMinor: number }[];
      churn: { month: string; churned: number }[];
      cohorts: { cohort: string; size: number; retention: (number | null)[] }[];
      atRisk: { customers: number };
      referrals: { referrers: number; referred: number };
      costOfLosing: { acquisitionCostMinor: number; ordinaryPerHighValue: number | null };
    }>(t, 'GET', '/api/v1/reports/customer-analytics', { token: acme.tokens.analyst });
    expect(res.status).toBe(200);
    const customers = await call<{ items: unknown[] }>(t, 'GET', '/api/v1/customers?limit=200', {
      token: admin,
    });
    const total = res.body.funnel.reduce((n, f) => n + f.customers, 0);
    expect(total).toBe(customers.body.items.length);
    expect(res.body.tiers.reduce((n, x) => n + x.customers, 0)).toBe(total);
    expect(res.body.flows.some((f) => f.from === null && f.to === 'contact')).toBe(true);
    expect(res.body.churn).toHaveLength(13);
    expect(res.body.churn.reduce((n, m) => n + m.churned, 0)).toBeGreaterThan(0);
    expect(res.body.cohorts.length).toBeGreaterThan(0);
    expect(res.body.cohorts.every((c) => c.retention[0] === 1)).toBe(true);
    expect(res.body.referrals).toMatchObject({ referrers: 1, referred: 1 });
    expect(res.body.costOfLosing.acquisitionCostMinor).toBe(30_000);
    expect(
      (await call(t, 'GET', '/api/v1/reports/customer-analytics', { token: acme.tokens.agent })).status,
    ).toBe(403);
    const bad = await call(t, 'GET', '/api/v1/reports/customer-analytics?from=2026-05-01&to=2026-01-01', {
      token: admin,
    });
    expect(bad.status).toBe(400);
  });

  it('leaves a deleted customer out of the analytics at once', async () => {
    type Counts = { funnel: { customers: number }[]; tiers: { customers: number }[] };
    const counts = async () => {
      const res = await call<Counts>(t, 'GET', '/api/v1/reports/customer-analytics', {
        token: acme.tokens.analyst,
      });
      expect(res.status).toBe(200);
      return {
        staged: res.body.funnel.reduce((n, f) => n + f.customers, 0),
        scored: res.body.tiers.reduce((n, f) => n + f.customers, 0),
      };
    };
    const id = await customer('将删除的客户');
    await order(id, 50_000, daysAgo(3));
    const before = await counts();
    const del = await call(t, 'DELETE', `/api/v1/customers/${id}`, { token: acme.tokens.tenant_admin });
    expect(del.status).toBe(204);
    expect(await counts()).toEqual({ staged: before.staged - 1, scored: before.scored - 1 });
  });

  it('computes the same order facts in the full rescore as in the refresh after each order', async () => {
    // Two orders at the same moment, a cancellation and a refund: the edge cases of "previous order".
    const twin = await customer('同时下单');
    const at = daysAgo(12);
    await order(twin, 10_000, daysAgo(70));
    await order(twin, 20_000, at);
    await order(twin, 30_000, at);
    const mixed = await customer('退单客户');
    const kept = await order(mixed, 40_000, daysAgo(90));
    const refunded = await order(mixed, 50_000, daysAgo(30));
    const cancelled = await order(mixed, 60_000, daysAgo(2));
    await call(t, 'PATCH', `/api/v1/customers/${mixed}/orders/${refunded}`, {
      token,
      json: { status: 'refunded' },
    });
    await call(t, 'PATCH', `/api/v1/customers/${mixed}/orders/${cancelled}`, {
      token,
      json: { status: 'cancelled' },
    });
    expect(kept).toBeTruthy();

    const facts = () =>
      t.server.database.db
        .selectFrom('customer_value')
        .select([
          'customer_id',
          'frequency',
          'monetary_minor',
          'margin_minor',
          'last_counted_at',
          'order_count',
          'first_order_at',
          'last_order_at',
          'previous_order_at',
          'last_cancelled_at',
          'lifetime_revenue_minor',
          'expected_interval_days',
        ])
        .where('tenant_id', '=', acme.id)
        .orderBy('customer_id')
        .execute();
    const incremental = await facts();
    const twinRow = incremental.find((r) => r.customer_id === twin);
    expect(twinRow?.previous_order_at).toEqual(twinRow?.last_order_at);
    const mixedRow = incremental.find((r) => r.customer_id === mixed);
    expect(mixedRow).toMatchObject({ order_count: 1, lifetime_revenue_minor: 40_000 });
    expect(mixedRow?.last_cancelled_at).not.toBeNull();

    const job = await call<{ jobId: number }>(t, 'POST', '/api/v1/value/rescore?rebuild=true', { token });
    await waitForJob(t, token, job.body.jobId);
    expect(await facts()).toEqual(incremental);
  });

  it('counts an order out of the window on the first rescore after it ages out, for that customer only', async () => {
    const id = await customer('老客户');
    await order(id, 70_000, daysAgo(700)); // inside the 24-month window today, outside in 60 days
    const db = t.server.database.db;
    const row = () =>
      db
        .selectFrom('customer_value')
        .select(['frequency', 'monetary_minor', 'lifetime_revenue_minor', 'tier', 'reason'])
        .where('customer_id', '=', id)
        .executeTakeFirstOrThrow();
    expect(await row()).toMatchObject({ frequency: 1, monetary_minor: 70_000 });
    await withTenant(db, acme.id, (tx) => rescoreTenant(tx, acme.id));
    expect(await row()).toMatchObject({ frequency: 1 });

    const later = new Date(Date.now() + 60 * 86_400_000);
    const result = await withTenant(db, acme.id, (tx) => rescoreTenant(tx, acme.id, later));
    expect(result.mode).toBe('rescore');
    // Out of the window, but still part of what they ever spent.
    expect(await row()).toMatchObject({
      frequency: 0,
      monetary_minor: 0,
      lifetime_revenue_minor: 70_000,
      tier: 'low',
      reason: 'no_orders_in_window',
    });
    await withTenant(db, acme.id, (tx) => rescoreTenant(tx, acme.id));
  });
});
