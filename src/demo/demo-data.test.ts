import { parsePhoneNumberWithError } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import { generateDemoData } from './demo-data.ts';

const NOW = new Date('2026-11-01T00:00:00Z');
const data = generateDemoData(NOW);
const [huaxin, anxin] = data.tenants;

describe('demo data', () => {
  it('is the same on every run', () => {
    const again = generateDemoData(NOW);
    expect(again.tenants[0]!.customers.slice(0, 50)).toEqual(huaxin!.customers.slice(0, 50));
    expect(again.tenants[0]!.orders.length).toBe(huaxin!.orders.length);
  });

  it('has a retailer of about 5,000 customers and 20,000 orders over two years, and an insurer', () => {
    expect(huaxin!.customers).toHaveLength(5000);
    expect(huaxin!.orders.length).toBeGreaterThan(19_000);
    expect(huaxin!.orders.length).toBeLessThan(21_000);
    const oldest = Math.min(...huaxin!.orders.map((o) => o.orderedAt.getTime()));
    expect(NOW.getTime() - oldest).toBeLessThanOrEqual(731 * 86_400_000);
    expect(anxin!.customers).toHaveLength(300);
    expect(anxin!.name).toBe('安心保险');
  });

  it('gives valid Chinese mobile numbers in E.164, unique per tenant, and unique refs', () => {
    for (const t of data.tenants) {
      const phones = t.customers.map((c) => c.phone);
      expect(new Set(phones).size).toBe(phones.length);
      for (const p of phones.slice(0, 500)) {
        const parsed = parsePhoneNumberWithError(p, 'CN');
        expect(parsed.isValid(), p).toBe(true);
        expect(parsed.number).toBe(p);
      }
      expect(new Set(t.customers.map((c) => c.ref)).size).toBe(t.customers.length);
      expect(new Set(t.orders.map((o) => o.ref)).size).toBe(t.orders.length);
    }
  });

  it('concentrates revenue like a real business: the top fifth brings 60–80%', () => {
    const revenue = new Map<string, number>();
    for (const o of huaxin!.orders) {
      if (o.status === 'completed')
        revenue.set(o.customerRef, (revenue.get(o.customerRef) ?? 0) + o.amountMinor);
    }
    const sorted = [...revenue.values()].sort((a, b) => b - a);
    const total = sorted.reduce((a, b) => a + b, 0);
    const top = sorted.slice(0, Math.round(sorted.length / 5)).reduce((a, b) => a + b, 0);
    expect(top / total).toBeGreaterThan(0.6);
    expect(top / total).toBeLessThan(0.8);
    const once = [...new Set(huaxin!.orders.map((o) => o.customerRef))].filter(
      (ref) => huaxin!.orders.filter((o) => o.customerRef === ref).length === 1,
    );
    expect(once.length).toBeGreaterThan(1000);
  });

  it('orders come after the customer joined, and referrers joined before those they referred', () => {
    const byRef = new Map(huaxin!.customers.map((c) => [c.ref, c]));
    for (const o of huaxin!.orders)
      expect(o.orderedAt.getTime()).toBeGreaterThanOrEqual(byRef.get(o.customerRef)!.createdAt.getTime());
    const referred = huaxin!.customers.filter((c) => c.referredByRef);
    expect(referred.length).toBeGreaterThan(20);
    for (const c of referred) expect(byRef.get(c.referredByRef!)!.createdAt < c.createdAt).toBe(true);
  });

  it('has 20 agents in teams with skills, 3 queues, and the README logins', () => {
    const agents = huaxin!.users.filter((u) => u.role === 'agent');
    expect(agents).toHaveLength(20);
    expect(new Set(agents.map((a) => a.team)).size).toBe(3);
    expect(agents.every((a) => (a.skills?.length ?? 0) >= 1)).toBe(true);
    expect(huaxin!.queues).toHaveLength(3);
    const logins = huaxin!.users.map((u) => `${u.email} ${u.password}`);
    expect(logins).toEqual(
      expect.arrayContaining([
        'admin@huaxin.demo hotline-admin',
        'supervisor@huaxin.demo hotline-supervisor',
        'agent@huaxin.demo hotline-agent',
        'analyst@huaxin.demo hotline-analyst',
      ]),
    );
    expect(data.operator).toMatchObject({ email: 'operator@hotline.demo', password: 'hotline-operator' });
    expect(anxin!.users.map((u) => u.email)).toContain('admin@acme.demo');
  });

  it('keeps cities in their provinces', () => {
    const guangdong = huaxin!.customers.filter((c) => c.province === '广东省').map((c) => c.city);
    expect(new Set(guangdong)).toEqual(new Set(['广州市', '深圳市', '佛山市', '东莞市']));
  });
});
