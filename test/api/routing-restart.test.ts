import { afterAll, describe, expect, it } from 'vitest';
import {
  addAgent,
  addQueue,
  getInteraction,
  type InteractionBody,
  newInteraction,
  offered,
  setState,
  waitFor,
} from '../support/routing-helpers.ts';
import { call, DATABASES, seedTenant, startTestServer, type TestServer } from '../support/test-server.ts';

/** Queued interactions are rows: they survive a restart in their place and are routed after it. */
describe.each(DATABASES)('routing across a restart on %s', (kind) => {
  let t: TestServer | undefined;
  afterAll(() => t?.close());

  it('keeps queued interactions in their place and routes them after the restart', async () => {
    // Long enough that the offer still rings when the new server reads it, on a busy machine too
    // (2 s failed once: a PGlite restart under load took longer).
    t = await startTestServer(kind, { HOTLINE_OFFER_TIMEOUT_SECONDS: '8', HOTLINE_ROUTING_SWEEP_MS: '100' });
    const acme = await seedTenant(t, 'acme');
    const sup = acme.tokens.supervisor;
    const queue = await addQueue(t, sup, { code: 'q', name: 'Q', channels: ['voice'], wrapUpSeconds: 0 });
    const agent = await addAgent(t, acme, 'a');
    const other = await addAgent(t, acme, 'b');
    // Nobody available: three calls wait, in arrival order.
    const waiting: InteractionBody[] = [];
    for (let i = 0; i < 3; i++) {
      waiting.push(
        await newInteraction(t, sup, { channel: 'voice', queueId: queue.id, subject: `call ${i}` }),
      );
    }
    // The first is ringing at an agent when the server stops: its offer must still run out after.
    await setState(t, other.token, other.id, 'available');
    const ringing = await offered(t, sup, waiting[0]!.id, [other.id]);
    expect(ringing.offer?.agentId).toBe(other.id);

    t = await t.restart();
    const after = await Promise.all(waiting.map((w) => getInteraction(t!, sup, w.id)));
    expect(after.map((i) => [i.status, i.enqueuedAt])).toEqual([
      ['offered', waiting[0]!.enqueuedAt],
      ['queued', waiting[1]!.enqueuedAt],
      ['queued', waiting[2]!.enqueuedAt],
    ]);

    // The unanswered offer expires on the new server; the next agent gets the oldest call.
    await waitFor(
      'the offer to expire',
      async () => (await getInteraction(t!, sup, waiting[0]!.id)).status === 'queued',
    );
    const missed = await call<{ state: string; stateReason: string }>(
      t,
      'GET',
      `/api/v1/agents/${other.id}`,
      {
        token: sup,
      },
    );
    expect(missed.body).toMatchObject({ state: 'busy', stateReason: 'missed_offer' });
    await setState(t, agent.token, agent.id, 'available');
    const first = await offered(t, sup, waiting[0]!.id, [agent.id]);
    expect(first.offer?.agentId).toBe(agent.id);
    expect((await getInteraction(t, sup, waiting[1]!.id)).status).toBe('queued');
    const served: string[] = [first.id];
    for (const next of [waiting[1]!, waiting[2]!]) {
      await call(t, 'POST', `/api/v1/interactions/${served.at(-1)}/accept`, { token: agent.token });
      await call(t, 'POST', `/api/v1/interactions/${served.at(-1)}/wrap-up`, {
        token: agent.token,
        json: { code: 'ok' },
      });
      const offer = await waitFor('next call', async () => {
        const i = await getInteraction(t!, sup, next.id);
        return i.status === 'offered' && i.agentId === agent.id ? i : undefined;
      });
      served.push(offer.id);
    }
    expect(served).toEqual(waiting.map((w) => w.id));
  });
});
