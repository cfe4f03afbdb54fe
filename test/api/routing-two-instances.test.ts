import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addAgent,
  addQueue,
  type InteractionBody,
  setState,
  type TestAgent,
} from '../support/routing-helpers.ts';
import {
  call,
  seedTenant,
  startTestServer,
  type TestServer,
  type TestTenant,
} from '../support/test-server.ts';

/**
 * Two server instances routing one tenant on one PostgreSQL, with interactions arriving and
 * agents turning available on both at once, agents accepting, declining, ignoring (timeouts)
 * and finishing. Checked all along and from the offer history afterwards: no interaction is
 * ever offered to two agents at once and no agent ever holds more than their capacity.
 */
const AGENTS = 24;
const INTERACTIONS = 240;

describe.skipIf(!process.env.TEST_DATABASE_URL)('two instances on one PostgreSQL', () => {
  let a: TestServer;
  let b: TestServer;
  let acme: TestTenant;
  let queueId: string;
  const agents: (TestAgent & { chat: number })[] = [];

  beforeAll(async () => {
    a = await startTestServer('postgres', {
      HOTLINE_OFFER_TIMEOUT_SECONDS: '1',
      HOTLINE_ROUTING_SWEEP_MS: '200',
    });
    b = await a.another();
    acme = await seedTenant(a, 'acme');
    queueId = (
      await addQueue(a, acme.tokens.supervisor, {
        code: 'chat',
        name: 'Chat',
        channels: ['chat'],
        wrapUpSeconds: 0,
      })
    ).id;
    for (let i = 0; i < AGENTS; i++) {
      const chat = 1 + (i % 3);
      agents.push({ ...(await addAgent(i % 2 ? a : b, acme, `agent${i}`, { capacity: { chat } })), chat });
    }
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  /** Live state that must never be seen: an agent over capacity, an interaction with two live offers. */
  async function violations() {
    const db = a.server.database.db;
    const overCapacity = await sql<{ user_id: string; held: number; capacity: number }>`
      select ag.user_id, count(i.id)::int as held, ag.capacity_chat as capacity
      from agents ag join interactions i on i.agent_id = ag.user_id and i.status in ('offered', 'active', 'wrap_up')
      where ag.tenant_id = ${acme.id}
      group by ag.user_id, ag.capacity_chat
      having count(i.id) > ag.capacity_chat
    `.execute(db);
    const doubleOffers = await sql<{ interaction_id: string }>`
      select interaction_id from offers
      where tenant_id = ${acme.id} and (status = 'pending' or (status = 'accepted' and ended_at is null))
      group by interaction_id having count(*) > 1
    `.execute(db);
    return [
      ...overCapacity.rows.map((r) => `agent ${r.user_id} holds ${r.held} > ${r.capacity}`),
      ...doubleOffers.rows.map((r) => `interaction ${r.interaction_id} has two live offers`),
    ];
  }

  it('never offers one interaction to two agents nor an agent beyond capacity', async () => {
    const servers = [a, b];
    const seen: string[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        seen.push(...(await violations()));
        await new Promise((r) => setTimeout(r, 25));
      }
    })();

    // Everything at once, spread over both instances: arrivals and agents signing in.
    const created: string[] = [];
    await Promise.all([
      ...Array.from({ length: INTERACTIONS }, async (_, i) => {
        const res = await call<InteractionBody>(servers[i % 2]!, 'POST', '/api/v1/interactions', {
          token: acme.tokens.supervisor,
          json: { channel: 'chat', queueId, subject: `chat ${i}` },
        });
        expect(res.status).toBe(201);
        created.push(res.body.id);
      }),
      ...agents.map((agent, i) => setState(servers[i % 2]!, agent.token, agent.id, 'available')),
    ]);

    // Each agent works its offers through alternating instances: most accepted and finished,
    // some declined, some left to time out (the agent then comes back). An offer left once is
    // left for good: routing is quick enough that a later round would otherwise accept it
    // before it times out.
    const ignored = new Set<string>();
    let round = 0;
    const deadline = Date.now() + 90_000;
    for (;;) {
      const open = await openCount();
      if (open === 0) break;
      if (Date.now() > deadline) throw new Error(`${open} interactions still open`);
      round++;
      await Promise.all(
        agents.map(async (agent, i) => {
          const server = servers[(i + round) % 2]!;
          const mine = await call<{ items: InteractionBody[] }>(
            server,
            'GET',
            '/api/v1/interactions?status=offered,active',
            {
              token: agent.token,
            },
          );
          for (const item of mine.body.items) {
            const roll = (i * 7 + round * 13 + item.id.charCodeAt(0)) % 20;
            if (item.offer && ignored.has(item.offer.id)) continue;
            if (item.status === 'active') {
              await call(server, 'POST', `/api/v1/interactions/${item.id}/wrap-up`, {
                token: agent.token,
                json: { code: 'done' },
              });
            } else if (roll === 0) {
              await call(server, 'POST', `/api/v1/interactions/${item.id}/decline`, { token: agent.token });
            } else if (roll !== 1) {
              // 409s are expected now and then: an offer that just expired or moved on.
              await call(server, 'POST', `/api/v1/interactions/${item.id}/accept`, { token: agent.token });
            } else if (item.offer) {
              ignored.add(item.offer.id);
            }
          }
          // Back from a missed offer.
          const me = await call<{ state: string }>(server, 'GET', `/api/v1/agents/${agent.id}`, {
            token: agent.token,
          });
          if (me.body.state === 'busy') await setState(server, agent.token, agent.id, 'available');
        }),
      );
      await new Promise((r) => setTimeout(r, 50));
    }
    sampling = false;
    await sampler;
    expect(seen).toEqual([]);
    expect(created).toHaveLength(INTERACTIONS);

    // Both instances routed; the tenant's routing lock made one skip when the other was at it.
    const stats = [a.server.routing.stats, b.server.routing.stats];
    expect(stats.every((s) => s.passes > 0 && s.offered > 0)).toBe(true);
    expect(stats.every((s) => s.failed === 0)).toBe(true);

    await expectHistoryWithinLimits();
  });

  async function openCount() {
    const row = await a.server.database.db
      .selectFrom('interactions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', acme.id)
      .where('status', '!=', 'closed')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * From every offer ever made: the time each held an agent's slot (offered until answered, or
   * until its end once accepted). Per interaction these never overlap; per agent they never
   * overlap more than their capacity.
   */
  async function expectHistoryWithinLimits() {
    const offers = await a.server.database.db
      .selectFrom('offers')
      .select(['interaction_id', 'agent_id', 'status', 'offered_at', 'answered_at', 'ended_at'])
      .where('tenant_id', '=', acme.id)
      .execute();
    expect(offers.length).toBeGreaterThanOrEqual(INTERACTIONS);
    expect(offers.some((o) => o.status === 'expired')).toBe(true);
    expect(offers.some((o) => o.status === 'declined')).toBe(true);
    const spans = offers.map((o) => ({
      interaction: o.interaction_id,
      agent: o.agent_id,
      from: o.offered_at.getTime(),
      to: (o.status === 'accepted' ? o.ended_at : o.answered_at)?.getTime() ?? Number.POSITIVE_INFINITY,
    }));
    const maxOverlap = (list: typeof spans) => {
      const points = list.flatMap((s) => [
        [s.from, 1],
        [s.to, -1],
      ]);
      // Ends before starts at the same millisecond: a slot freed and reused at once is not an overlap.
      points.sort((x, y) => x[0]! - y[0]! || x[1]! - y[1]!);
      let now = 0;
      let max = 0;
      for (const [, delta] of points) {
        now += delta!;
        max = Math.max(max, now);
      }
      return max;
    };
    const group = (key: 'interaction' | 'agent') => {
      const map = new Map<string, typeof spans>();
      for (const s of spans) map.set(s[key], [...(map.get(s[key]) ?? []), s]);
      return map;
    };
    for (const [interaction, list] of group('interaction')) {
      if (maxOverlap(list) > 1)
        console.log(
          JSON.stringify(
            offers.filter((o) => o.interaction_id === interaction),
            null,
            1,
          ),
        );
      expect([interaction, maxOverlap(list)]).toEqual([interaction, 1]);
    }
    for (const agent of agents) {
      const overlap = maxOverlap(group('agent').get(agent.id) ?? []);
      expect(overlap, `agent${agents.indexOf(agent)}`).toBeLessThanOrEqual(agent.chat);
    }
  }
});
