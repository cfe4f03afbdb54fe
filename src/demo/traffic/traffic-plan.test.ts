import { describe, expect, it } from 'vitest';
import { seededRandom } from './seeded-random.ts';
import {
  DEFAULT_TIMING,
  liveChannels,
  type PlannedContact,
  pickContact,
  planContact,
  type TrafficTenant,
} from './traffic-plan.ts';

const huaxin: TrafficTenant = {
  slug: 'demo',
  weight: 4,
  channels: ['calls', 'chats', 'emails'],
  contacts: [
    { name: '张伟', phone: '+8613800000001', email: 'zhangwei@example.cn' },
    { name: '李娜', phone: '+8613800000002', email: null },
  ],
};
const acme: TrafficTenant = {
  slug: 'acme-insurance',
  weight: 1,
  channels: ['calls'],
  contacts: [{ name: '王芳', phone: '+8613900000003', email: 'wangfang@example.cn' }],
};

function plans(seed: number, n: number, mix = { calls: 2, chats: 2, emails: 1 }, tenants = [huaxin, acme]) {
  const rng = seededRandom(seed);
  return Array.from({ length: n }, () => planContact(rng, mix, tenants)!);
}

describe('traffic plan', () => {
  it('follows the mix between channels', () => {
    const all = plans(1, 10_000);
    const share = (c: PlannedContact['channel']) => all.filter((p) => p.channel === c).length / all.length;
    expect(share('calls')).toBeCloseTo(0.4, 1);
    expect(share('chats')).toBeCloseTo(0.4, 1);
    expect(share('emails')).toBeCloseTo(0.2, 1);
  });

  it('sends a channel only to tenants that take it, in proportion to their weight', () => {
    const all = plans(2, 10_000);
    expect(all.filter((p) => p.channel !== 'calls').every((p) => p.tenantSlug === 'demo')).toBe(true);
    const calls = all.filter((p) => p.channel === 'calls');
    const toAcme = calls.filter((p) => p.tenantSlug === 'acme-insurance').length / calls.length;
    expect(toAcme).toBeGreaterThan(0.17);
    expect(toAcme).toBeLessThan(0.23);
  });

  it('plans nothing for a channel weighted 0 or that no tenant takes', () => {
    expect(plans(3, 500, { calls: 0, chats: 1, emails: 0 }).every((p) => p.channel === 'chats')).toBe(true);
    expect(liveChannels({ calls: 1, chats: 1, emails: 1 }, [acme])).toEqual(['calls']);
    expect(planContact(seededRandom(1), { calls: 0, chats: 1, emails: 1 }, [acme])).toBeNull();
  });

  it('calls from a customer with a phone and writes from one with an email address', () => {
    for (const p of plans(4, 2000)) {
      if (p.channel === 'calls') expect(p.contact.phone).toMatch(/^\+86\d{11}$/);
      if (p.channel === 'emails') expect(p.contact).toEqual(huaxin.contacts[0]);
    }
  });

  it('makes up a stranger when no customer can use the channel', () => {
    const rng = seededRandom(5);
    const contact = pickContact(rng, [{ name: 'x', phone: '+8613800000009', email: null }], 'emails');
    expect(contact.name).not.toBe('x');
    expect(contact.email).toMatch(/^visitor\d{4}@example\.com$/);
    expect(contact.phone).toMatch(/^\+86139000\d{4}$/);
  });

  it('keeps times within their ranges and a chat visitor quiet once gone', () => {
    for (const p of plans(6, 3000)) {
      if (p.channel === 'calls') {
        expect(p.hangUpAfterMs).toBeGreaterThanOrEqual(DEFAULT_TIMING.callMs[0]);
        expect(p.hangUpAfterMs).toBeLessThanOrEqual(DEFAULT_TIMING.callMs[1]);
        for (const d of p.digits) expect(d.afterMs).toBeLessThan(p.hangUpAfterMs);
      }
      if (p.channel === 'chats') {
        expect(p.opening.length).toBeGreaterThan(0);
        let last = 0;
        for (const f of p.followUps) {
          expect(f.afterMs).toBeGreaterThan(last);
          expect(f.afterMs).toBeLessThan(p.leaveAfterMs);
          last = f.afterMs;
        }
      }
      if (p.channel === 'emails') expect(p.body).toContain(p.contact.name);
    }
  });

  it('plans the same traffic for the same seed', () => {
    expect(plans(9, 50)).toEqual(plans(9, 50));
    expect(plans(9, 50)).not.toEqual(plans(10, 50));
  });
});
