import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAgent, addQueue, newInteraction, offered, setState } from '../support/routing-helpers.ts';
import { call, DATABASES, seedTenant, startTestServer, type TestServer } from '../support/test-server.ts';

interface Figures {
  offered: number;
  answered: number;
  answeredWithinTarget: number;
  abandoned: number;
  serviceLevel: number | null;
  asaSeconds: number | null;
  waiting: number;
  longestWaitSeconds: number | null;
}
interface Contact {
  id: string;
  status: string;
  queueId: string;
  label: string | null;
  seconds: number;
  agentId: string | null;
}
interface WallboardBody {
  since: string;
  timeZone: string;
  totals: Figures;
  queues: (Figures & { id: string; code: string; standing: string; target: { percent: number } })[];
  agentsByState: Record<string, number>;
  agents: { id: string; state: string; secondsInState: number; interactions: Contact[] }[];
  waiting: Contact[];
}

/** GET /api/v1/wallboard: the day's figures per queue, agents with their work, who waits. */
describe.each(DATABASES)('wallboard on %s', (kind) => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer(kind, { HOTLINE_OFFER_TIMEOUT_SECONDS: '30', HOTLINE_ROUTING_SWEEP_MS: '100' });
  });
  afterAll(() => t?.close());

  const backdate = (id: string, seconds: number) =>
    t.server.database.db
      .updateTable('interactions')
      .set({ enqueued_at: new Date(Date.now() - seconds * 1000) })
      .where('id', '=', id)
      .execute();

  it('counts offered, answered, abandoned, service level and ASA per queue, and shows who waits', async () => {
    const acme = await seedTenant(t, `wb-${kind}`);
    const sup = acme.tokens.supervisor;
    const sales = await addQueue(t, sup, {
      code: 'sales',
      name: '销售咨询',
      serviceLevel: { percent: 80, withinSeconds: 20 },
    });
    const quiet = await addQueue(t, sup, { code: 'quiet', name: 'Quiet' });
    const li = await addAgent(t, acme, 'li', { capacity: { chat: 1 } });

    // Answered within the target: offered at once to the only agent, accepted.
    const fast = await newInteraction(t, sup, { queueId: sales.id, contact: { name: '王芳' } });
    await setState(t, li.token, li.id, 'available');
    await offered(t, sup, fast.id, [li.id]);
    expect(
      (await call(t, 'POST', `/api/v1/interactions/${fast.id}/accept`, { token: li.token })).status,
    ).toBe(200);
    // Waits (the agent is full), then the customer leaves.
    const gone = await newInteraction(t, sup, { queueId: sales.id, contact: { email: 'gone@example.com' } });
    expect((await call(t, 'POST', `/api/v1/interactions/${gone.id}/abandon`, { token: sup })).status).toBe(
      200,
    );
    // Waiting now, for a minute already.
    const waiting = await newInteraction(t, sup, { queueId: sales.id, contact: { phone: '13812345678' } });
    await backdate(waiting.id, 60);
    // Arrived yesterday and still waiting: waits, but is not today's traffic.
    const old = await newInteraction(t, sup, { queueId: sales.id, contact: { name: '老客户' } });
    await backdate(old.id, 2 * 86_400);

    const board = await call<WallboardBody>(t, 'GET', '/api/v1/wallboard', { token: sup });
    expect(board.status).toBe(200);
    expect(board.body.timeZone).toBe('Asia/Shanghai');
    const q = board.body.queues.find((x) => x.id === sales.id)!;
    expect(q).toMatchObject({
      offered: 3,
      answered: 1,
      answeredWithinTarget: 1,
      abandoned: 1,
      serviceLevel: 0.5,
      waiting: 2,
      standing: 'breach',
    });
    expect(q.asaSeconds).toBeGreaterThanOrEqual(0);
    expect(q.asaSeconds).toBeLessThan(20);
    expect(q.longestWaitSeconds).toBeGreaterThanOrEqual(2 * 86_400);
    expect(board.body.queues.find((x) => x.id === quiet.id)).toMatchObject({
      offered: 0,
      waiting: 0,
      serviceLevel: null,
      asaSeconds: null,
      standing: 'none',
    });
    expect(board.body.totals).toMatchObject({ offered: 3, answered: 1, abandoned: 1, waiting: 2 });
    // Longest wait first; the supervisor sees the phone in full.
    expect(board.body.waiting.map((w) => w.id)).toEqual([old.id, waiting.id]);
    expect(board.body.waiting[1]!.label).toBe('+8613812345678');
    const agent = board.body.agents.find((a) => a.id === li.id)!;
    expect(agent.state).toBe('available');
    expect(agent.interactions.map((i) => [i.id, i.status])).toEqual([[fast.id, 'active']]);
    expect(board.body.agentsByState.available).toBe(1);

    // The answer came a minute after arrival: now outside the 20 s target.
    await backdate(fast.id, 60);
    await t.server.database.db
      .updateTable('offers')
      .set({ answered_at: new Date() })
      .where('interaction_id', '=', fast.id)
      .execute();
    const later = await call<WallboardBody>(t, 'GET', '/api/v1/wallboard', { token: sup });
    const q2 = later.body.queues.find((x) => x.id === sales.id)!;
    expect(q2).toMatchObject({ answered: 1, answeredWithinTarget: 0, serviceLevel: 0 });
    expect(q2.asaSeconds).toBeGreaterThanOrEqual(59);
  });

  it('shows analysts the floor with phones masked; agents may not open it', async () => {
    const acme = await seedTenant(t, `wb-roles-${kind}`);
    const queue = await addQueue(t, acme.tokens.supervisor, { code: 'general', name: 'General' });
    await newInteraction(t, acme.tokens.supervisor, { queueId: queue.id, contact: { phone: '13900001111' } });
    const card = await call<{ id: string }>(t, 'POST', '/api/v1/customers', {
      token: acme.tokens.supervisor,
      json: { name: '赵敏' },
    });
    const known = await newInteraction(t, acme.tokens.supervisor, {
      queueId: queue.id,
      customerId: card.body.id,
      contact: { name: 'zm' },
    });
    const analyst = await call<WallboardBody>(t, 'GET', '/api/v1/wallboard', { token: acme.tokens.analyst });
    expect(analyst.status).toBe(200);
    const byId = new Map(analyst.body.waiting.map((w) => [w.id, w]));
    const phoned = analyst.body.waiting.find((w) => w.id !== known.id)!;
    expect(phoned.label).not.toContain('0000');
    expect(phoned.label).toContain('1111');
    // A contact linked to a card goes by the card's name.
    expect(byId.get(known.id)!.label).toBe('赵敏');
    const agent = await call(t, 'GET', '/api/v1/wallboard', { token: acme.tokens.agent });
    expect(agent.status).toBe(403);
    expect((await call(t, 'GET', '/api/v1/wallboard')).status).toBe(401);
  });

  it("never shows another tenant's queues, agents or contacts", async () => {
    const acme = await seedTenant(t, `wb-a-${kind}`);
    const globex = await seedTenant(t, `wb-g-${kind}`);
    const queue = await addQueue(t, acme.tokens.supervisor, { code: 'general', name: 'Acme general' });
    const waiting = await newInteraction(t, acme.tokens.supervisor, { queueId: queue.id });
    await addAgent(t, acme, `acme-agent-${kind}`);
    const board = await call<WallboardBody>(t, 'GET', '/api/v1/wallboard', {
      token: globex.tokens.supervisor,
    });
    expect(board.status).toBe(200);
    expect(board.body.queues).toEqual([]);
    expect(board.body.agents).toEqual([]);
    expect(board.body.waiting).toEqual([]);
    expect(board.body.totals.offered).toBe(0);
    expect(JSON.stringify(board.body)).not.toContain(waiting.id);
  });

  it('follows the floor: a contact ringing at one agent, reassigned by a supervisor to another', async () => {
    const acme = await seedTenant(t, `wb-move-${kind}`);
    const sup = acme.tokens.supervisor;
    const queue = await addQueue(t, sup, { code: 'general', name: 'General' });
    const wang = await addAgent(t, acme, `wang-${kind}`);
    const zhao = await addAgent(t, acme, `zhao-${kind}`);
    await setState(t, sup, wang.id, 'available');
    const item = await newInteraction(t, sup, { queueId: queue.id });
    await offered(t, sup, item.id, [wang.id]);
    await setState(t, sup, zhao.id, 'available');
    const moved = await call(t, 'POST', `/api/v1/interactions/${item.id}/reassign`, {
      token: sup,
      json: { agentId: zhao.id, note: 'VIP' },
    });
    expect(moved.status).toBe(200);
    const board = await call<WallboardBody>(t, 'GET', '/api/v1/wallboard', { token: sup });
    const byId = new Map(board.body.agents.map((a) => [a.id, a]));
    expect(byId.get(wang.id)!.interactions).toEqual([]);
    expect(byId.get(zhao.id)!.interactions.map((i) => [i.id, i.status])).toEqual([[item.id, 'offered']]);
    expect(board.body.waiting.map((w) => [w.id, w.status, w.agentId])).toEqual([
      [item.id, 'offered', zhao.id],
    ]);
  });
});
