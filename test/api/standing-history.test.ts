import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/kernel/db/tenant-scope.ts';
import { replayStandingHistory } from '../../src/lifecycle/standing-history.ts';
import {
  call,
  DATABASES,
  seedTenant,
  startTestServer,
  type TestServer,
  type TestTenant,
} from '../support/test-server.ts';

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

describe.each(DATABASES)('replaying standing history on %s', (kind) => {
  let t: TestServer;
  let acme: TestTenant;

  beforeAll(async () => {
    t = await startTestServer(kind);
    acme = await seedTenant(t, 'acme');
    const token = acme.tokens.supervisor;
    // Bought every 30 days for a while, then went quiet 200 days ago.
    const c = await call<{ id: string }>(t, 'POST', '/api/v1/customers', {
      token,
      json: { name: '沉默客户' },
    });
    for (const d of [380, 350, 320, 290, 260, 230, 200])
      await call(t, 'POST', `/api/v1/customers/${c.body.id}/orders`, {
        token,
        json: { product: '净水器滤芯', amountMinor: 19_900, orderedAt: daysAgo(d) },
      });
  });
  afterAll(() => t?.close());

  it('dates each transition in the month it happened', async () => {
    const db = t.server.database.db;
    await withTenant(db, acme.id, (tx) => replayStandingHistory(tx, acme.id));
    const transitions = await withTenant(db, acme.id, (tx) =>
      tx.selectFrom('stage_transitions').select(['to_stage', 'at']).orderBy('id').execute(),
    );
    const path = transitions.map((x) => x.to_stage);
    // contact (on creation today) → … replay walks the past: retention, at risk, churned.
    expect(path).toEqual(expect.arrayContaining(['retention', 'at_risk', 'churned']));
    // The replay's churn (the last one) is dated in the past, not today.
    const churnedAt = new Date(transitions.findLast((x) => x.to_stage === 'churned')!.at);
    expect(Date.now() - churnedAt.getTime()).toBeGreaterThan(30 * 86_400_000);
    const analytics = await call<{ churn: { month: string; churned: number }[] }>(
      t,
      'GET',
      '/api/v1/reports/customer-analytics',
      { token: acme.tokens.supervisor },
    );
    const month = churnedAt.toISOString().slice(0, 7);
    expect(analytics.body.churn.find((m) => m.month === month)?.churned).toBe(1);
  });
});
