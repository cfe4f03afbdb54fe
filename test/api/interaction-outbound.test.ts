import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/kernel/db/tenant-scope.ts';
import { startOutboundInteraction } from '../../src/routing/interaction-outbound.ts';
import { addAgent, addQueue, type TestAgent } from '../support/routing-helpers.ts';
import {
  call,
  DATABASES,
  seedTenant,
  startTestServer,
  type TestServer,
  type TestTenant,
} from '../support/test-server.ts';

/** An interaction an agent starts (an outbound call): active in their hands at once, ended by their wrap-up. */
describe.each(DATABASES)('outbound interactions on %s', (kind) => {
  let t: TestServer;
  let acme: TestTenant;
  let alice: TestAgent;
  let queueId: string;
  let customerId: string;

  beforeAll(async () => {
    t = await startTestServer(kind);
    acme = await seedTenant(t, 'acme');
    queueId = (
      await addQueue(t, acme.tokens.supervisor, {
        code: 'out',
        name: '外呼',
        channels: ['voice'],
        wrapUpSeconds: 0,
      })
    ).id;
    alice = await addAgent(t, acme, 'alice');
    const customer = await call<{ id: string }>(t, 'POST', '/api/v1/customers', {
      token: acme.tokens.supervisor,
      json: { name: '王芳', contacts: [{ kind: 'phone', value: '13912345678' }] },
    });
    customerId = customer.body.id;
  });
  afterAll(() => t?.close());

  const start = (draft: Partial<Parameters<typeof startOutboundInteraction>[1]>) =>
    withTenant(t.server.database.db, acme.id, (tx) =>
      startOutboundInteraction(
        { tx, tenantId: acme.id, offerTimeoutSeconds: 20 },
        { channel: 'voice', queueId, agentId: alice.id, createdBy: alice.id, ...draft },
      ),
    );

  it('is active for the agent at once, finds the customer by phone, holds a slot and closes with the wrap-up', async () => {
    const row = await start({ contact: { phone: '139 1234 5678', name: null } });
    expect(row).toMatchObject({
      status: 'active',
      direction: 'outbound',
      agent_id: alice.id,
      customer_id: customerId,
      contact_phone: '+8613912345678',
      created_by: alice.id,
    });
    expect(row.accepted_at).toBeInstanceOf(Date);
    const event = await t.server.database.db
      .selectFrom('outbox_events')
      .select(['type', 'payload'])
      .where('aggregate_id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({
      type: 'interaction.accepted',
      payload: { agentId: alice.id, direction: 'outbound' },
    });

    const agent = await call<{ load: { voice: number } }>(t, 'GET', `/api/v1/agents/${alice.id}`, {
      token: alice.token,
    });
    expect(agent.body.load.voice).toBe(1);
    const seen = await call<{ id: string; status: string }>(t, 'GET', `/api/v1/interactions/${row.id}`, {
      token: alice.token,
    });
    expect(seen.body).toMatchObject({ id: row.id, status: 'active' });
    const wrap = await call<{ status: string }>(t, 'POST', `/api/v1/interactions/${row.id}/wrap-up`, {
      token: alice.token,
      json: { code: 'resolved' },
    });
    expect(wrap.body.status).toBe('closed');
  });

  it('refuses a queue that does not take the channel and an unknown customer', async () => {
    const chat = await addQueue(t, acme.tokens.supervisor, {
      code: 'chat',
      name: 'Chat',
      channels: ['chat'],
    });
    await expect(start({ queueId: chat.id })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(start({ customerId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});
