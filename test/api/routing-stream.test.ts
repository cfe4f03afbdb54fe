import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addAgent,
  addQueue,
  newInteraction,
  offered,
  StreamClient,
  setState,
} from '../support/routing-helpers.ts';
import {
  call,
  DATABASES,
  seedTenant,
  startTestServer,
  type TestServer,
  type TestTenant,
} from '../support/test-server.ts';

/** GET /api/v1/stream: sign-in, who sees what, and resuming after a reconnect without a lost event. */
describe.each(DATABASES)('realtime stream on %s', (kind) => {
  let t: TestServer;
  let acme: TestTenant;
  let queueId: string;

  beforeAll(async () => {
    t = await startTestServer(kind, { HOTLINE_OFFER_TIMEOUT_SECONDS: '30', HOTLINE_ROUTING_SWEEP_MS: '100' });
    acme = await seedTenant(t, 'acme');
    queueId = (await addQueue(t, acme.tokens.supervisor, { code: 'q', name: 'Q', wrapUpSeconds: 0 })).id;
  });
  afterAll(() => t?.close());

  /** The tenant's event ids after `afterId` in the order the feed delivers them (commit order). */
  async function eventIdsAfter(afterId: number) {
    const rows = await t.server.database.db
      .selectFrom('outbox_events as e')
      .innerJoin('outbox_commits as c', (j) =>
        j.onRef('c.tx_id', '=', 'e.tx_id').onRef('c.tenant_id', '=', 'e.tenant_id'),
      )
      .select(['e.id', 'c.position'])
      .where('e.tenant_id', '=', acme.id)
      .orderBy('c.position')
      .orderBy('e.id')
      .execute();
    const all = rows.map((r) => Number(r.id));
    return all.slice(all.indexOf(afterId) + 1);
  }

  it('signs in with ?token= or a first message, and refuses a bad token', async () => {
    const byQuery = await StreamClient.open(t, { token: acme.tokens.supervisor });
    await byQuery.until('ready', (c) => c.messages.some((m) => m.kind === 'ready'));
    const byMessage = await StreamClient.open(t, {}, { type: 'auth', token: acme.tokens.analyst });
    await byMessage.until('ready', (c) => c.messages.some((m) => m.kind === 'ready'));
    const bad = await StreamClient.open(t, { token: 'not-a-token' });
    await bad.until('closed', (c) => c.closeCode !== null);
    expect(bad.closeCode).toBe(4401);
    expect(bad.messages).toEqual([{ kind: 'error', code: 'UNAUTHENTICATED', message: 'Sign in first' }]);
    const garbage = await StreamClient.open(t, {}, 'hello');
    await garbage.until('closed', (c) => c.closeCode !== null);
    expect(garbage.closeCode).toBe(4401);
    await byQuery.close();
    await byMessage.close();
  });

  it('sends an agent only their own events, a supervisor everything', async () => {
    const a = await addAgent(t, acme, 'stream-a');
    const b = await addAgent(t, acme, 'stream-b');
    const asA = await StreamClient.open(t, {}, { type: 'auth', token: a.token });
    const asSupervisor = await StreamClient.open(t, { token: acme.tokens.supervisor });
    await asA.until('ready', (c) => c.messages.some((m) => m.kind === 'ready'));
    await asSupervisor.until('ready', (c) => c.messages.some((m) => m.kind === 'ready'));
    await setState(t, b.token, b.id, 'break', 'coffee');
    await setState(t, a.token, a.id, 'available');
    const created = await newInteraction(t, acme.tokens.supervisor, { queueId });
    await offered(t, a.token, created.id, [a.id]);
    await asA.until('offer event', (c) => c.events.some((e) => e.type === 'interaction.offered'));
    await asSupervisor.until('offer event', (c) =>
      c.events.some((e) => e.type === 'interaction.offered' && e.aggregateId === created.id),
    );
    const seenByA = asA.events.map((e) => e.type);
    expect(seenByA).toEqual(['agent.state_changed', 'interaction.offered']);
    expect(asA.events[1]!.payload).toMatchObject({ agentId: a.id, queueId, channel: 'chat' });
    const seenBySupervisor = asSupervisor.events.map((e) => e.type);
    expect(seenBySupervisor).toEqual([
      'agent.state_changed',
      'agent.state_changed',
      'interaction.queued',
      'interaction.offered',
    ]);
    await call(t, 'POST', `/api/v1/interactions/${created.id}/accept`, { token: a.token });
    await call(t, 'POST', `/api/v1/interactions/${created.id}/wrap-up`, {
      token: a.token,
      json: { code: 'ok' },
    });
    await setState(t, a.token, a.id, 'offline');
    await asA.close();
    await asSupervisor.close();
  });

  it('resumes after a reconnect with every missed event, in order, none twice', async () => {
    const agent = await addAgent(t, acme, 'resume', { capacity: { chat: 20 } });
    const first = await StreamClient.open(t, { token: acme.tokens.supervisor });
    await first.until('ready', (c) => c.messages.some((m) => m.kind === 'ready'));
    await newInteraction(t, acme.tokens.supervisor, { queueId, subject: 'before the drop' });
    await first.until('an event', (c) => c.events.length > 0);
    const lastSeen = first.events.at(-1)!.id!;
    await first.close();

    // While disconnected: arrivals, an agent turning available, offers.
    for (let i = 0; i < 3; i++)
      await newInteraction(t, acme.tokens.supervisor, { queueId, subject: `missed ${i}` });
    await setState(t, agent.token, agent.id, 'available');
    const missed = await newInteraction(t, acme.tokens.supervisor, { queueId, subject: 'missed last' });
    await offered(t, acme.tokens.supervisor, missed.id, [agent.id]);

    // Reconnect while more events are being written, so catching up races the live flow.
    const writing = Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        newInteraction(t, acme.tokens.supervisor, { queueId, subject: `during ${i}` }),
      ),
    );
    const second = await StreamClient.open(t, { token: acme.tokens.supervisor, after: lastSeen });
    await writing;
    await second.until('ready', (c) => c.messages.some((m) => m.kind === 'ready'));
    const expected = await waitForOutbox(lastSeen, 4 + 10);
    await second.until('all events', (c) => c.events.length >= expected.length, 20_000);
    // A live event after the catch-up, then everything (offers too) has arrived: the client
    // holds exactly the outbox's events after its resume point, in commit order.
    await newInteraction(t, acme.tokens.supervisor, { queueId, subject: 'after' });
    let all: number[] = [];
    await second.until(
      'every event',
      (c) => c.events.length === all.length && all.length > expected.length,
      20_000,
      async () => {
        all = await eventIdsAfter(lastSeen);
      },
    );
    const got = second.events.map((e) => e.id!);
    expect(got).toEqual(all);
    expect(new Set(got).size).toBe(got.length);
    expect(second.messages.filter((m) => m.kind === 'resync')).toEqual([]);
    await second.close();
  });

  /** Waits until the outbox holds the events of `interactions` more arrivals, returns the ids after `after`. */
  async function waitForOutbox(after: number, interactions: number) {
    for (;;) {
      const ids = await eventIdsAfter(after);
      if (ids.length >= interactions) return ids;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('tells a client with an unknown resume point to reload', async () => {
    const client = await StreamClient.open(t, { token: acme.tokens.supervisor, after: 999_999_999 });
    await client.until('ready', (c) => c.messages.some((m) => m.kind === 'ready'));
    // (Live events may follow: the tenant is busy with the earlier tests' interactions.)
    expect(client.messages.slice(0, 2).map((m) => m.kind)).toEqual(['resync', 'ready']);
    await client.close();
  });
});
