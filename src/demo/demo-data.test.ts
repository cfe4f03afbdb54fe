import { parsePhoneNumberWithError } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import { DEMO_LOGINS, type DemoOrder, type DemoTenant, generateDemoData, REGIONS } from './demo-data.ts';

const NOW = new Date('2026-11-01T00:00:00Z');
const DAY = 86_400_000;
const data = generateDemoData(NOW);
const [huaxin, acme] = data.tenants as [DemoTenant, DemoTenant];

/** Completed revenue per customer, every customer included (leads count as zero). */
function revenueShareOfTopFifth(tenant: DemoTenant, orders: DemoOrder[] = tenant.orders): number {
  const revenue = new Map(tenant.customers.map((c) => [c.ref, 0]));
  for (const o of orders) {
    if (o.status === 'completed') revenue.set(o.customerRef, revenue.get(o.customerRef)! + o.amountMinor);
  }
  const sorted = [...revenue.values()].sort((a, b) => b - a);
  const total = sorted.reduce((a, b) => a + b, 0);
  return sorted.slice(0, Math.round(sorted.length / 5)).reduce((a, b) => a + b, 0) / total;
}

describe('demo data', () => {
  it('is the same on every run, and differs with the seed', () => {
    expect(generateDemoData(NOW)).toEqual(data);
    const other = generateDemoData(NOW, { seed: 7 });
    expect(other.tenants[0]!.customers[0]!.phone).not.toBe(huaxin.customers[0]!.phone);
  });

  it('has a retailer with 5,000 customers and 20,000 orders, and a smaller insurer', () => {
    expect(huaxin).toMatchObject({
      slug: 'demo',
      name: '华信家电',
      defaultRegion: 'CN',
      currency: 'CNY',
      timeZone: 'Asia/Shanghai',
    });
    expect(huaxin.customers).toHaveLength(5000);
    expect(huaxin.orders.length).toBeGreaterThan(19_500);
    expect(huaxin.orders.length).toBeLessThan(20_500);
    expect(acme).toMatchObject({ slug: 'acme-insurance', name: '安心保险' });
    expect(acme.customers).toHaveLength(300);
    expect(new Set(acme.orders.map((o) => o.category))).toEqual(
      new Set(['车险', '寿险', '健康险', '意外险', '财产险']),
    );
  });

  it('scales down for tests', () => {
    const small = generateDemoData(NOW, { scale: 0.04 });
    expect(small.tenants[0]!.customers).toHaveLength(200);
    expect(small.tenants[0]!.orders.length).toBeGreaterThan(700);
    expect(small.tenants[1]!.customers).toHaveLength(20);
  });

  it('gives every customer a valid Chinese mobile number in E.164, unique in the tenant', () => {
    for (const t of data.tenants) {
      const phones = t.customers.map((c) => c.phone);
      expect(new Set(phones).size).toBe(phones.length);
      for (const p of phones) {
        const parsed = parsePhoneNumberWithError(p, 'CN');
        expect(parsed.isValid(), p).toBe(true);
        expect(parsed.number, p).toBe(p);
        expect(p, p).toMatch(/^\+861\d{10}$/);
      }
    }
  });

  it('keeps external refs, emails and WeChat ids unique in the tenant', () => {
    for (const t of data.tenants) {
      const unique = (values: (string | null)[]) => {
        const present = values.filter((v) => v !== null);
        expect(new Set(present).size).toBe(present.length);
      };
      unique(t.customers.map((c) => c.ref));
      unique(t.orders.map((o) => o.ref));
      unique(t.customers.map((c) => c.email));
      unique(t.customers.map((c) => c.wechat));
    }
    expect(huaxin.customers[0]!.ref).toBe('C000001');
    expect(huaxin.orders[0]!.ref).toBe('O0000001');
    for (const c of huaxin.customers.filter((x) => x.email))
      expect(c.email).toMatch(/^[a-z0-9]+@[a-z0-9.]+$/);
  });

  it('puts the orders in the two years before now, each after its customer joined', () => {
    const joined = new Map(huaxin.customers.map((c) => [c.ref, c.createdAt.getTime()]));
    for (const o of huaxin.orders) {
      const at = o.orderedAt.getTime();
      expect(at).toBeLessThanOrEqual(NOW.getTime());
      expect(NOW.getTime() - at).toBeLessThanOrEqual(730 * DAY);
      expect(at).toBeGreaterThanOrEqual(joined.get(o.customerRef)!);
      if (o.statusChangedAt) {
        expect(o.status).not.toBe('completed');
        expect(o.statusChangedAt.getTime()).toBeGreaterThanOrEqual(at);
        expect(o.statusChangedAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
      }
    }
    // Both years have orders.
    const firstYear = huaxin.orders.filter((o) => NOW.getTime() - o.orderedAt.getTime() > 365 * DAY);
    expect(firstYear.length).toBeGreaterThan(3000);
  });

  it('prices in fen, with margins of 10–30% and mostly completed orders', () => {
    for (const o of huaxin.orders) {
      expect(Number.isInteger(o.amountMinor)).toBe(true);
      expect(o.amountMinor).toBeGreaterThanOrEqual(19_900);
      expect(o.amountMinor).toBeLessThanOrEqual(1_699_900);
      expect(o.marginMinor / o.amountMinor).toBeGreaterThanOrEqual(0.0999);
      expect(o.marginMinor / o.amountMinor).toBeLessThanOrEqual(0.3001);
    }
    const completed = huaxin.orders.filter((o) => o.status === 'completed').length / huaxin.orders.length;
    expect(completed).toBeGreaterThan(0.9);
    expect(completed).toBeLessThan(0.98);
    expect(new Set(huaxin.orders.map((o) => o.category))).toEqual(
      new Set(['空调', '冰箱', '洗衣机', '电视', '热水器', '厨电', '小家电']),
    );
  });

  it('concentrates revenue like a real business: the top fifth of customers bring 60–80%', () => {
    const share = revenueShareOfTopFifth(huaxin);
    expect(share).toBeGreaterThan(0.6);
    expect(share).toBeLessThan(0.8);
    // Counting buyers only (leads left out), it still holds.
    const buyers = new Set(huaxin.orders.map((o) => o.customerRef));
    const buyersOnly = { ...huaxin, customers: huaxin.customers.filter((c) => buyers.has(c.ref)) };
    expect(revenueShareOfTopFifth(buyersOnly)).toBeGreaterThan(0.6);
    // Some never bought; many bought once; nobody bought absurdly often.
    const perCustomer = new Map<string, number>();
    for (const o of huaxin.orders) perCustomer.set(o.customerRef, (perCustomer.get(o.customerRef) ?? 0) + 1);
    const leads = huaxin.customers.length - perCustomer.size;
    expect(leads).toBeGreaterThan(300);
    expect(leads).toBeLessThan(1000);
    expect([...perCustomer.values()].filter((n) => n === 1).length).toBeGreaterThan(1000);
    expect(Math.max(...perCustomer.values())).toBeLessThanOrEqual(80);
  });

  it('has consent flags, companies and tags in realistic shares, and tags that agree with the facts', () => {
    const share = (pick: (c: (typeof huaxin.customers)[number]) => boolean) =>
      huaxin.customers.filter(pick).length / huaxin.customers.length;
    expect(share((c) => c.doNotCall)).toBeCloseTo(0.05, 1);
    expect(share((c) => c.marketingOptIn)).toBeCloseTo(0.6, 1);
    expect(share((c) => c.company !== null)).toBeCloseTo(0.2, 1);
    expect(share((c) => c.email !== null)).toBeGreaterThan(0.2);
    expect(share((c) => c.wechat !== null)).toBeGreaterThan(0.15);
    for (const c of huaxin.customers) expect(c.tags.includes('企业客户')).toBe(c.company !== null);
    const buyers = new Set(huaxin.orders.map((o) => o.customerRef));
    const vips = huaxin.customers.filter((c) => c.tags.includes('VIP'));
    expect(vips.length).toBeGreaterThan(100);
    expect(vips.every((c) => buyers.has(c.ref))).toBe(true);
  });

  it('keeps every city in its province', () => {
    const cities = new Map(REGIONS.map(([province, list]) => [province, new Set(list)]));
    expect(cities.size).toBeGreaterThanOrEqual(15);
    for (const t of data.tenants)
      for (const c of t.customers)
        expect(cities.get(c.province)?.has(c.city), `${c.province} ${c.city}`).toBe(true);
    // The table itself, spot-checked against the map.
    expect(cities.get('广东省')).toEqual(new Set(['广州市', '深圳市', '佛山市', '东莞市']));
    expect(cities.get('山东省')?.has('青岛市')).toBe(true);
    expect(cities.get('江苏省')?.has('杭州市')).toBe(false);
  });

  it('has referrals only from customers who joined earlier', () => {
    const byRef = new Map(huaxin.customers.map((c) => [c.ref, c]));
    const referred = huaxin.customers.filter((c) => c.referredByRef);
    expect(referred.length).toBeGreaterThan(20);
    expect(referred.length).toBeLessThan(200);
    for (const c of referred) {
      expect(c.referredByRef).not.toBe(c.ref);
      expect(byRef.get(c.referredByRef!)!.createdAt < c.createdAt).toBe(true);
    }
  });

  it('staffs the retailer: admin, two supervisors, an analyst, 20 agents in teams with 1–3 skills, 3 queues', () => {
    const agents = huaxin.users.filter((u) => u.role === 'agent');
    expect(agents.map((a) => a.email)).toEqual([
      'agent@huaxin.demo',
      ...Array.from({ length: 19 }, (_, i) => `agent${String(i + 2).padStart(2, '0')}@huaxin.demo`),
    ]);
    expect(new Set(agents.map((a) => a.team))).toEqual(new Set(['售前组', '售后组', '投诉组']));
    const skillCodes = new Set(huaxin.skills.map((s) => s.code));
    for (const a of agents) {
      expect(a.skills.length).toBeGreaterThanOrEqual(1);
      expect(a.skills.length).toBeLessThanOrEqual(3);
      for (const s of a.skills) {
        expect(skillCodes.has(s.code)).toBe(true);
        expect(s.level).toBeGreaterThanOrEqual(1);
        expect(s.level).toBeLessThanOrEqual(5);
      }
    }
    expect(huaxin.users.filter((u) => u.role === 'supervisor')).toHaveLength(2);
    expect(huaxin.queues.map((q) => q.code)).toEqual(['presales', 'aftersales', 'complaints']);
    for (const q of huaxin.queues) for (const s of q.skills) expect(skillCodes.has(s)).toBe(true);
    expect(acme.users.map((u) => u.role)).toEqual(['tenant_admin', 'supervisor', 'agent', 'agent', 'agent']);
  });

  it('lists the README logins, and every one is a generated user with that password', () => {
    const logins = DEMO_LOGINS.map((l) => `${l.email} ${l.password}`);
    expect(logins).toEqual(
      expect.arrayContaining([
        'operator@hotline.demo hotline-operator',
        'admin@huaxin.demo hotline-admin',
        'supervisor@huaxin.demo hotline-supervisor',
        'supervisor2@huaxin.demo hotline-supervisor',
        'analyst@huaxin.demo hotline-analyst',
        'agent@huaxin.demo hotline-agent',
        'admin@acme.demo hotline-admin',
      ]),
    );
    const users = new Map<string, { password: string; role: string; tenant: string | null }>([
      [data.operator.email, { password: data.operator.password, role: 'operator_admin', tenant: null }],
      ...data.tenants.flatMap((t) =>
        t.users.map((u) => [u.email, { password: u.password, role: u.role, tenant: t.name }] as const),
      ),
    ]);
    for (const l of DEMO_LOGINS)
      expect(users.get(l.email)).toEqual({ password: l.password, role: l.role, tenant: l.tenant });
  });
});
