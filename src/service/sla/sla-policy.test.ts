import { describe, expect, it } from 'vitest';
import { choosePolicy, pausesOf } from './sla-policy.ts';

const p = (
  id: string,
  ticketType: 'complaint' | 'repair' | null,
  valueTier: 'high' | 'low' | null,
  active = true,
) => ({
  id,
  ticketType,
  valueTier,
  active,
});

describe('choosePolicy', () => {
  const policies = [
    p('any', null, null),
    p('high', null, 'high'),
    p('complaint', 'complaint', null),
    p('vip-complaint', 'complaint', 'high'),
  ];

  it.each([
    [{ type: 'complaint' as const, tier: 'high' as const }, 'vip-complaint'],
    [{ type: 'complaint' as const, tier: 'low' as const }, 'complaint'],
    [{ type: 'repair' as const, tier: 'high' as const }, 'high'],
    [{ type: 'repair' as const, tier: null }, 'any'],
  ])('%o → %s', (ticket, want) => {
    expect(choosePolicy(policies, ticket)?.id).toBe(want);
  });

  it('skips inactive policies and may find none', () => {
    expect(choosePolicy([p('off', null, null, false)], { type: 'repair', tier: null })).toBeUndefined();
  });
});

describe('pausesOf', () => {
  const at = (m: number) => new Date(Date.UTC(2026, 10, 23, 8, m));

  it('pairs each wait on the customer with the move that ends it', () => {
    expect(
      pausesOf([
        { to: 'open', at: at(1) },
        { to: 'pending_customer', at: at(5) },
        { to: 'pending_third_party', at: at(9) },
        { to: 'pending_customer', at: at(12) },
        { to: 'resolved', at: at(20) },
      ]),
    ).toEqual([
      { from: at(5), to: at(9) },
      { from: at(12), to: at(20) },
    ]);
  });

  it('leaves a wait that goes on open-ended', () => {
    expect(pausesOf([{ to: 'pending_customer', at: at(3) }])).toEqual([{ from: at(3), to: null }]);
  });
});
