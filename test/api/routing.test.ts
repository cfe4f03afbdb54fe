import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AgentBody,
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

interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** Queues, agents and the ACD end to end over HTTP: offers, answers, timeouts, capacity, overflow. */
describe.each(DATABASES)('routing on %s', (kind) => {
  let t: TestServer;
  let tenantNo = 0;
  const tenant = () => seedTenant(t, `rt-${kind}-${++tenantNo}`);

  beforeAll(async () => {
    t = await startTestServer(kind, { HOTLINE_OFFER_TIMEOUT_SECONDS: '2', HOTLINE_ROUTING_SWEEP_MS: '100' });
  });
  afterAll(() => t?.close());

  const countRows = async (table: 'queues' | 'agents' | 'interactions' | 'offers', tenantId: string) =>
    Number(
      (
        await t.server.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('tenant_id', '=', tenantId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('creates, reads, changes and deletes queues; bad input is a 4xx and changes nothing', async () => {
    const acme = await tenant();
    const sup = acme.tokens.supervisor;
    const general = await addQueue(t, sup, { code: 'general', name: '综合服务' });
    const created = await call<Record<string, unknown>>(t, 'POST', '/api/v1/queues', {
      token: sup,
      json: {
        code: 'vip',
        name: 'VIP 专线',
        channels: ['chat', 'voice'],
        requiredSkills: [{ skill: 'billing', minLevel: 3 }],
        priority: 20,
        timeZone: 'Asia/Shanghai',
        alwaysOpen: false,
        businessHours: { mon: [{ open: '09:00', close: '18:00' }], sat: [{ open: '10:00', close: '16:00' }] },
        holidays: ['2026-10-01'],
        serviceLevel: { percent: 90, withinSeconds: 15 },
        maxWaitSeconds: 120,
        overflowQueueId: general.id,
        wrapUpSeconds: 45,
        offlineMessage: '我们的服务时间是周一 9:00–18:00',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      code: 'vip',
      channels: ['chat', 'voice'],
      requiredSkills: [{ skill: 'billing', minLevel: 3 }],
      serviceLevel: { percent: 90, withinSeconds: 15 },
      overflowQueueId: general.id,
      stickyWaitSeconds: 30,
      tierRules: { high: { priorityBoost: 30, minSkillLevel: 3 } },
    });
    expect(typeof created.body.open).toBe('boolean');
    const vipId = created.body.id as string;
    // The skill named for the first time now exists.
    const skills = await call<{ items: { code: string }[] }>(t, 'GET', '/api/v1/skills', { token: sup });
    expect(skills.body.items.map((s) => s.code)).toContain('billing');

    const list = await call<{ items: { code: string }[] }>(t, 'GET', '/api/v1/queues', {
      token: acme.tokens.agent,
    });
    expect(list.body.items.map((q) => q.code)).toEqual(['vip', 'general']);

    const patched = await call<Record<string, unknown>>(t, 'PATCH', `/api/v1/queues/${vipId}`, {
      token: sup,
      json: { alwaysOpen: true, requiredSkills: [], maxWaitSeconds: null },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      alwaysOpen: true,
      open: true,
      requiredSkills: [],
      maxWaitSeconds: null,
    });

    const before = await countRows('queues', acme.id);
    const bad: [string, string, string, unknown, number, string][] = [
      ['an agent', 'POST', '/api/v1/queues', { code: 'x', name: 'x' }, 403, 'FORBIDDEN'],
      ['a duplicate code', 'POST', '/api/v1/queues', { code: 'vip', name: 'again' }, 409, 'CONFLICT'],
      ['no name', 'POST', '/api/v1/queues', { code: 'x' }, 400, 'VALIDATION_FAILED'],
      ['an upper-case code', 'POST', '/api/v1/queues', { code: 'X Y', name: 'x' }, 400, 'VALIDATION_FAILED'],
      [
        'an unknown field',
        'POST',
        '/api/v1/queues',
        { code: 'x', name: 'x', colour: 1 },
        400,
        'VALIDATION_FAILED',
      ],
      [
        'an unknown channel',
        'POST',
        '/api/v1/queues',
        { code: 'x', name: 'x', channels: ['fax'] },
        400,
        'VALIDATION_FAILED',
      ],
      [
        'no channel',
        'POST',
        '/api/v1/queues',
        { code: 'x', name: 'x', channels: [] },
        400,
        'VALIDATION_FAILED',
      ],
      [
        'closed without hours',
        'POST',
        '/api/v1/queues',
        { code: 'x', name: 'x', alwaysOpen: false },
        400,
        'VALIDATION_FAILED',
      ],
      [
        'a time of 25:00',
        'POST',
        '/api/v1/queues',
        { code: 'x', name: 'x', businessHours: { mon: [{ open: '09:00', close: '25:00' }] } },
        400,
        'VALIDATION_FAILED',
      ],
      [
        'a window closing before it opens',
        'POST',
        '/api/v1/queues',
        { code: 'x', name: 'x', businessHours: { mon: [{ open: '18:00', close: '09:00' }] } },
        400,
        'VALIDATION_FAILED',
      ],
      [
        'an unknown time zone',
        'POST',
        '/api/v1/queues',
        { code: 'x', name: 'x', timeZone: 'Mars/Base' },
        400,
        'VALIDATION_FAILED',
      ],
      [
        'a skill level of 6',
        'POST',
        '/api/v1/queues',
        { code: 'x', name: 'x', requiredSkills: [{ skill: 'a', minLevel: 6 }] },
        400,
        'VALIDATION_FAILED',
      ],
      [
        'a service level of 120 %',
        'POST',
        '/api/v1/queues',
        { code: 'x', name: 'x', serviceLevel: { percent: 120, withinSeconds: 20 } },
        400,
        'VALIDATION_FAILED',
      ],
      [
        'an unknown overflow queue',
        'POST',
        '/api/v1/queues',
        { code: 'x', name: 'x', overflowQueueId: '00000000-0000-4000-8000-000000000000' },
        400,
        'VALIDATION_FAILED',
      ],
      [
        'overflow into itself',
        'PATCH',
        `/api/v1/queues/${vipId}`,
        { overflowQueueId: vipId },
        400,
        'VALIDATION_FAILED',
      ],
      ['an empty change', 'PATCH', `/api/v1/queues/${vipId}`, {}, 400, 'VALIDATION_FAILED'],
      [
        'switching 7×24 off without hours',
        'PATCH',
        `/api/v1/queues/${general.id}`,
        { alwaysOpen: false },
        400,
        'VALIDATION_FAILED',
      ],
      [
        'a missing queue',
        'PATCH',
        '/api/v1/queues/00000000-0000-4000-8000-000000000000',
        { name: 'y' },
        404,
        'NOT_FOUND',
      ],
      ['a malformed id', 'GET', '/api/v1/queues/not-a-uuid', undefined, 400, 'VALIDATION_FAILED'],
    ];
    for (const [name, method, url, json, status, code] of bad) {
      const res = await call<ErrorBody>(t, method, url, {
        token: name === 'an agent' ? acme.tokens.agent : sup,
        ...(json === undefined ? {} : { json }),
      });
      expect([name, res.status, res.body.error?.code]).toEqual([name, status, code]);
      expect(typeof res.body.error.message).toBe('string');
    }
    expect(await countRows('queues', acme.id)).toBe(before);
    const vip = await call<Record<string, unknown>>(t, 'GET', `/api/v1/queues/${vipId}`, { token: sup });
    expect(vip.body).toMatchObject({ code: 'vip', overflowQueueId: general.id, alwaysOpen: true });

    // A queue with an interaction waiting, or that another overflows into, stays.
    const waiting = await newInteraction(t, sup, { queueId: vipId });
    const inUse = await call<ErrorBody>(t, 'DELETE', `/api/v1/queues/${vipId}`, { token: sup });
    expect([inUse.status, inUse.body.error.code]).toEqual([409, 'QUEUE_IN_USE']);
    const target = await call<ErrorBody>(t, 'DELETE', `/api/v1/queues/${general.id}`, { token: sup });
    expect([target.status, target.body.error.code]).toEqual([409, 'QUEUE_IN_USE']);
    await call(t, 'POST', `/api/v1/interactions/${waiting.id}/abandon`, { token: sup });
    expect((await call(t, 'DELETE', `/api/v1/queues/${vipId}`, { token: sup })).status).toBe(204);
    expect((await call(t, 'GET', `/api/v1/queues/${vipId}`, { token: sup })).status).toBe(404);
    // The code is free again.
    await addQueue(t, sup, { code: 'vip', name: 'VIP 2' });
  });

  it('keeps agent profiles and states; agents set only their own state', async () => {
    const acme = await tenant();
    const a = await addAgent(t, acme, 'li', {
      skills: [{ skill: 'billing', level: 4 }],
      capacity: { chat: 2 },
    });
    const b = await addAgent(t, acme, 'wang');
    const list = await call<{ items: AgentBody[] }>(t, 'GET', '/api/v1/agents', { token: a.token });
    expect(list.body.items.map((x) => x.id).sort()).toEqual([a.id, b.id].sort());
    const li = list.body.items.find((x) => x.id === a.id)!;
    expect(li).toMatchObject({
      state: 'offline',
      capacity: { voice: 1, chat: 2, email: 5 },
      load: { voice: 0, chat: 0, email: 0 },
      skills: [{ skill: 'billing', level: 4 }],
    });

    expect((await setState(t, a.token, a.id, 'available')).state).toBe('available');
    const onBreak = await setState(t, acme.tokens.supervisor, b.id, 'break', 'training');
    expect(onBreak).toMatchObject({ state: 'break', stateReason: 'training' });

    const bad: [string, string, string, string, unknown, number, string][] = [
      [
        "another agent's state",
        a.token,
        'PUT',
        `/api/v1/agents/${b.id}/state`,
        { state: 'offline' },
        403,
        'FORBIDDEN',
      ],
      [
        'a break without a reason',
        a.token,
        'PUT',
        `/api/v1/agents/${a.id}/state`,
        { state: 'break' },
        400,
        'VALIDATION_FAILED',
      ],
      [
        'wrap-up by hand',
        a.token,
        'PUT',
        `/api/v1/agents/${a.id}/state`,
        { state: 'wrap_up' },
        400,
        'VALIDATION_FAILED',
      ],
      [
        'an agent editing a profile',
        a.token,
        'PUT',
        `/api/v1/agents/${a.id}`,
        { skills: [], capacity: { voice: 1, chat: 9, email: 1 } },
        403,
        'FORBIDDEN',
      ],
      [
        'a voice capacity of 2',
        acme.tokens.supervisor,
        'PUT',
        `/api/v1/agents/${a.id}`,
        { skills: [], capacity: { voice: 2, chat: 1, email: 1 } },
        400,
        'VALIDATION_FAILED',
      ],
      [
        'a skill twice',
        acme.tokens.supervisor,
        'PUT',
        `/api/v1/agents/${a.id}`,
        {
          skills: [
            { skill: 'x', level: 1 },
            { skill: 'x', level: 2 },
          ],
          capacity: { voice: 1, chat: 1, email: 1 },
        },
        400,
        'VALIDATION_FAILED',
      ],
      [
        'an unknown user',
        acme.tokens.supervisor,
        'PUT',
        '/api/v1/agents/00000000-0000-4000-8000-000000000000',
        { skills: [], capacity: { voice: 1, chat: 1, email: 1 } },
        404,
        'NOT_FOUND',
      ],
      [
        'the state of an unknown agent',
        acme.tokens.supervisor,
        'PUT',
        '/api/v1/agents/00000000-0000-4000-8000-000000000000/state',
        { state: 'available' },
        404,
        'NOT_FOUND',
      ],
      [
        'an analyst',
        acme.tokens.analyst,
        'PUT',
        `/api/v1/agents/${a.id}/state`,
        { state: 'offline' },
        403,
        'FORBIDDEN',
      ],
    ];
    for (const [name, token, method, url, json, status, code] of bad) {
      const res = await call<ErrorBody>(t, method, url, { token, json });
      expect([name, res.status, res.body.error?.code]).toEqual([name, status, code]);
    }
    const after = await call<AgentBody>(t, 'GET', `/api/v1/agents/${a.id}`, { token: a.token });
    expect(after.body).toMatchObject({ state: 'available', capacity: { chat: 2 } });
    expect((await call<AgentBody>(t, 'GET', `/api/v1/agents/${b.id}`, { token: a.token })).body.state).toBe(
      'break',
    );

    // An agent user without a profile gets a default one on first sign-in to the floor.
    const res = await call<AgentBody>(t, 'PUT', `/api/v1/agents/${await userId(acme.tokens.agent)}/state`, {
      token: acme.tokens.agent,
      json: { state: 'available' },
    });
    expect(res.body).toMatchObject({ state: 'available', capacity: { voice: 1, chat: 3, email: 5 } });
    const log = await t.server.database.db
      .selectFrom('agent_state_log')
      .select(['state', 'from_state', 'reason'])
      .where('agent_id', '=', b.id)
      .execute();
    expect(log).toEqual([{ state: 'break', from_state: 'offline', reason: 'training' }]);
  });

  async function userId(token: string) {
    return (await call<{ id: string }>(t, 'GET', '/api/v1/auth/me', { token })).body.id;
  }

  it('offers, accepts, converses, wraps up and closes onto the customer timeline', async () => {
    const acme = await tenant();
    const sup = acme.tokens.supervisor;
    const queue = await addQueue(t, sup, {
      code: 'support',
      name: '售后服务',
      channels: ['chat'],
      requiredSkills: [{ skill: 'support', minLevel: 1 }],
      wrapUpSeconds: 1,
    });
    const agent = await addAgent(t, acme, 'zhao', { skills: [{ skill: 'support', level: 2 }] });
    await setState(t, agent.token, agent.id, 'available');
    const customer = await call<{ id: string }>(t, 'POST', '/api/v1/customers', {
      token: sup,
      json: { name: '张伟', contacts: [{ kind: 'phone', value: '13812345678' }] },
    });

    const created = await newInteraction(t, sup, {
      queueId: queue.id,
      subject: '退货',
      contact: { name: '张先生', phone: '138 1234 5678' },
      message: { body: '你好，我想退货' },
    });
    expect(created).toMatchObject({ status: 'queued', customerId: customer.body.id });
    const offer = await offered(t, agent.token, created.id);
    expect(offer).toMatchObject({ agentId: agent.id, offer: { agentId: agent.id, status: 'pending' } });

    const accepted = await call<InteractionBody>(t, 'POST', `/api/v1/interactions/${created.id}/accept`, {
      token: agent.token,
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'active', offer: { status: 'accepted' } });
    expect(accepted.body.messages.map((m) => m.body)).toEqual(['你好，我想退货']);
    // Accepting twice, or someone else's offer, is refused.
    const again = await call<ErrorBody>(t, 'POST', `/api/v1/interactions/${created.id}/accept`, {
      token: agent.token,
    });
    expect([again.status, again.body.error.code]).toEqual([409, 'NO_PENDING_OFFER']);

    const reply = await call(t, 'POST', `/api/v1/interactions/${created.id}/messages`, {
      token: agent.token,
      json: {
        body: '您好，请提供订单号',
        attachments: [{ name: 'guide.png', contentType: 'image/png', sizeBytes: 2048 }],
      },
    });
    expect(reply.status).toBe(201);
    const fromCustomer = await call(t, 'POST', `/api/v1/interactions/${created.id}/messages`, {
      token: sup,
      json: { body: 'A-1001', author: 'customer' },
    });
    expect(fromCustomer.status).toBe(201);
    const asCustomer = await call<ErrorBody>(t, 'POST', `/api/v1/interactions/${created.id}/messages`, {
      token: agent.token,
      json: { body: 'x', author: 'customer' },
    });
    expect(asCustomer.status).toBe(403);
    const tooLong = await call<ErrorBody>(t, 'POST', `/api/v1/interactions/${created.id}/messages`, {
      token: agent.token,
      json: { body: 'x'.repeat(10_001) },
    });
    expect(tooLong.status).toBe(400);

    const wrapped = await call<InteractionBody>(t, 'POST', `/api/v1/interactions/${created.id}/wrap-up`, {
      token: agent.token,
      json: { code: 'resolved', notes: '已办理退货' },
    });
    expect(wrapped.body).toMatchObject({
      status: 'wrap_up',
      disposition: { code: 'resolved', notes: '已办理退货' },
    });
    expect((await call<AgentBody>(t, 'GET', `/api/v1/agents/${agent.id}`, { token: sup })).body.state).toBe(
      'wrap_up',
    );

    await waitFor(
      'close after wrap-up',
      async () => (await getInteraction(t, sup, created.id)).status === 'closed',
    );
    const free = await waitFor('agent available again', async () => {
      const a = (await call<AgentBody>(t, 'GET', `/api/v1/agents/${agent.id}`, { token: sup })).body;
      return a.state === 'available' ? a : undefined;
    });
    expect(free.load).toEqual({ voice: 0, chat: 0, email: 0 });

    const timeline = await call<{
      items: {
        kind: string;
        title: string;
        detail: string;
        transcript?: { author: string; body: string }[];
      }[];
    }>(t, 'GET', `/api/v1/customers/${customer.body.id}/timeline`, { token: sup });
    const entry = timeline.body.items.find((i) => i.kind === 'interaction')!;
    expect(entry.title).toBe('在线客服 · 售后服务 · 退货');
    expect(entry.detail).toContain('resolved');
    expect(entry.transcript?.map((m) => [m.author, m.body])).toEqual([
      ['customer', '你好，我想退货'],
      ['agent', '您好，请提供订单号'],
      ['customer', 'A-1001'],
    ]);

    const types = (
      await t.server.database.db
        .selectFrom('outbox_events')
        .select('type')
        .where('aggregate_id', '=', created.id)
        .orderBy('id')
        .execute()
    ).map((e) => e.type);
    expect(types).toEqual([
      'interaction.queued',
      'interaction.offered',
      'interaction.accepted',
      'interaction.message_added',
      'interaction.message_added',
      'interaction.wrap_up',
      'interaction.closed',
    ]);
  });

  it('gives a declined interaction to the next agent', async () => {
    const acme = await tenant();
    const queue = await addQueue(t, acme.tokens.supervisor, { code: 'q', name: 'Q' });
    const a = await addAgent(t, acme, 'a');
    const b = await addAgent(t, acme, 'b');
    await setState(t, a.token, a.id, 'available');
    await setState(t, b.token, b.id, 'available');
    const created = await newInteraction(t, acme.tokens.supervisor, { queueId: queue.id });
    const first = await offered(t, acme.tokens.supervisor, created.id);
    const [firstAgent, secondAgent] = first.agentId === a.id ? [a, b] : [b, a];
    const declined = await call<InteractionBody>(t, 'POST', `/api/v1/interactions/${created.id}/decline`, {
      token: firstAgent.token,
      json: { reason: 'on a call' },
    });
    expect(declined.status).toBe(200);
    const second = await offered(t, acme.tokens.supervisor, created.id, [secondAgent.id]);
    expect(second.offer?.agentId).toBe(secondAgent.id);
    // The agent who declined is still available (a decline is a choice, not a miss).
    expect(
      (await call<AgentBody>(t, 'GET', `/api/v1/agents/${firstAgent.id}`, { token: a.token })).body.state,
    ).toBe('available');
    // The first agent no longer holds an offer to accept.
    const late = await call<ErrorBody>(t, 'POST', `/api/v1/interactions/${created.id}/accept`, {
      token: firstAgent.token,
    });
    expect([late.status, late.body.error.code]).toEqual([409, 'NO_PENDING_OFFER']);
  });

  it('gives an unanswered offer to the next agent after the timeout and sets the silent agent busy', async () => {
    const acme = await tenant();
    const queue = await addQueue(t, acme.tokens.supervisor, { code: 'q', name: 'Q' });
    const a = await addAgent(t, acme, 'a');
    const b = await addAgent(t, acme, 'b');
    await setState(t, a.token, a.id, 'available');
    await setState(t, b.token, b.id, 'available');
    const created = await newInteraction(t, acme.tokens.supervisor, { queueId: queue.id });
    const first = await offered(t, acme.tokens.supervisor, created.id);
    const silent = first.agentId === a.id ? a : b;
    const other = silent === a ? b : a;
    const second = await offered(t, acme.tokens.supervisor, created.id, [other.id]);
    expect(new Date(second.offer!.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const busy = (await call<AgentBody>(t, 'GET', `/api/v1/agents/${silent.id}`, { token: a.token })).body;
    expect(busy).toMatchObject({ state: 'busy', stateReason: 'missed_offer' });
    const statuses = await t.server.database.db
      .selectFrom('offers')
      .select(['agent_id', 'status'])
      .where('interaction_id', '=', created.id)
      .orderBy('offered_at')
      .execute();
    expect(statuses).toEqual([
      { agent_id: silent.id, status: 'expired' },
      { agent_id: other.id, status: 'pending' },
    ]);
    // With nobody else left, the silent agent gets it again once back (no one-agent deadlock).
    const declined = await call(t, 'POST', `/api/v1/interactions/${created.id}/decline`, {
      token: other.token,
    });
    expect(declined.status).toBe(200);
    await setState(t, other.token, other.id, 'offline');
    await setState(t, silent.token, silent.id, 'available');
    const again = await offered(t, acme.tokens.supervisor, created.id, [silent.id]);
    expect(again.offer).toMatchObject({ agentId: silent.id });
  });

  it('never gives an agent more chats than their capacity', async () => {
    const acme = await tenant();
    const sup = acme.tokens.supervisor;
    const queue = await addQueue(t, sup, {
      code: 'chat',
      name: 'Chat',
      channels: ['chat'],
      wrapUpSeconds: 0,
    });
    const agent = await addAgent(t, acme, 'a', { capacity: { chat: 3 } });
    await setState(t, agent.token, agent.id, 'available');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await newInteraction(t, sup, { queueId: queue.id })).id);
    await waitFor('three offers', async () => {
      const all = await Promise.all(ids.map((id) => getInteraction(t, sup, id)));
      return all.filter((i) => i.status === 'offered').length === 3 || undefined;
    });
    // Give the ACD a few more passes: the two others must stay queued.
    await new Promise((r) => setTimeout(r, 400));
    const now = await Promise.all(ids.map((id) => getInteraction(t, sup, id)));
    expect(now.filter((i) => i.status === 'queued').map((i) => i.id)).toEqual(ids.slice(3));
    for (const i of now.filter((x) => x.status === 'offered')) {
      expect(
        (await call(t, 'POST', `/api/v1/interactions/${i.id}/accept`, { token: agent.token })).status,
      ).toBe(200);
    }
    const load = (await call<AgentBody>(t, 'GET', `/api/v1/agents/${agent.id}`, { token: sup })).body.load;
    expect(load.chat).toBe(3);
    // Finishing one frees one slot: the fourth (first in line) comes next.
    await call(t, 'POST', `/api/v1/interactions/${ids[0]}/wrap-up`, {
      token: agent.token,
      json: { code: 'done' },
    });
    await offered(t, sup, ids[3]!, [agent.id]);
    expect((await getInteraction(t, sup, ids[4]!)).status).toBe('queued');
  });

  it('serves the higher value tier first, then the longer wait', async () => {
    const acme = await tenant();
    const sup = acme.tokens.supervisor;
    const queue = await addQueue(t, sup, { code: 'q', name: 'Q', channels: ['voice'] });
    const agent = await addAgent(t, acme, 'a');
    const customers: Record<string, string> = {};
    for (const tier of ['high', 'low'] as const) {
      const c = await call<{ id: string }>(t, 'POST', '/api/v1/customers', {
        token: sup,
        json: { name: `${tier} 客户` },
      });
      customers[tier] = c.body.id;
      // A value tier as the value slice would have scored it.
      await t.server.database.db.deleteFrom('customer_value').where('customer_id', '=', c.body.id).execute();
      await t.server.database.db
        .insertInto('customer_value')
        .values({
          customer_id: c.body.id,
          tenant_id: acme.id,
          tier,
          reason: tier,
          frequency: 1,
          monetary_minor: 100,
          margin_minor: null,
          last_counted_at: null,
          recency_score: null,
          frequency_score: null,
          monetary_score: null,
          margin_score: null,
          current_value: null,
          potential: null,
          order_count: 1,
          first_order_at: null,
          last_order_at: null,
          previous_order_at: null,
          last_cancelled_at: null,
          lifetime_revenue_minor: 100,
          expected_interval_days: null,
          scored_at: new Date(),
        })
        .execute();
    }
    // Arrival order: anonymous, low, anonymous, high. One voice agent takes one call at a time.
    const first = await newInteraction(t, sup, { channel: 'voice', queueId: queue.id });
    const low = await newInteraction(t, sup, {
      channel: 'voice',
      queueId: queue.id,
      customerId: customers.low,
    });
    const second = await newInteraction(t, sup, { channel: 'voice', queueId: queue.id });
    const high = await newInteraction(t, sup, {
      channel: 'voice',
      queueId: queue.id,
      customerId: customers.high,
    });
    expect([low.valueTier, high.valueTier]).toEqual(['low', 'high']);

    await setState(t, agent.token, agent.id, 'available');
    const served: string[] = [];
    for (let n = 0; n < 4; n++) {
      const next = await waitFor('next offer', async () => {
        const list = await call<{ items: InteractionBody[] }>(
          t,
          'GET',
          '/api/v1/interactions?status=offered',
          {
            token: agent.token,
          },
        );
        return list.body.items[0];
      });
      served.push(next.id);
      await call(t, 'POST', `/api/v1/interactions/${next.id}/accept`, { token: agent.token });
      await call(t, 'POST', `/api/v1/interactions/${next.id}/wrap-up`, {
        token: agent.token,
        json: { code: 'ok' },
      });
      // The queue's 30 s wrap-up is ended early by the agent going available again.
      await setState(t, agent.token, agent.id, 'available');
    }
    expect(served).toEqual([high.id, first.id, low.id, second.id]);
  });

  it('moves an interaction to the overflow queue after the maximum wait', async () => {
    const acme = await tenant();
    const sup = acme.tokens.supervisor;
    const backup = await addQueue(t, sup, {
      code: 'backup',
      name: 'Backup',
      requiredSkills: [{ skill: 'general', minLevel: 1 }],
    });
    const sales = await addQueue(t, sup, {
      code: 'sales',
      name: 'Sales',
      requiredSkills: [{ skill: 'sales', minLevel: 1 }],
      maxWaitSeconds: 1,
      overflowQueueId: backup.id,
    });
    const agent = await addAgent(t, acme, 'g', { skills: [{ skill: 'general', level: 1 }] });
    await setState(t, agent.token, agent.id, 'available');
    const created = await newInteraction(t, sup, { queueId: sales.id });
    // Nobody has the sales skill: it waits there until the overflow.
    await new Promise((r) => setTimeout(r, 300));
    expect((await getInteraction(t, sup, created.id)).status).toBe('queued');
    const moved = await offered(t, sup, created.id, [agent.id]);
    expect(moved).toMatchObject({
      queueId: backup.id,
      overflowedFrom: [sales.id],
      enqueuedAt: created.enqueuedAt,
    });
    const event = await t.server.database.db
      .selectFrom('outbox_events')
      .select('payload')
      .where('aggregate_id', '=', created.id)
      .where('type', '=', 'interaction.overflowed')
      .executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({ fromQueueId: sales.id, toQueueId: backup.id });
  });

  it('keeps an interaction waiting outside business hours and tells the channel what to say', async () => {
    const acme = await tenant();
    const sup = acme.tokens.supervisor;
    // Closed all day today (a holiday) in its own zone.
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    const queue = await addQueue(t, sup, {
      code: 'day',
      name: 'Day',
      timeZone: 'Asia/Shanghai',
      alwaysOpen: false,
      businessHours: Object.fromEntries(
        ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [
          d,
          [{ open: '00:00', close: '24:00' }],
        ]),
      ),
      holidays: [today],
      offlineMessage: '请留言，我们明天回复',
      emailAutoReply: '已收到您的邮件',
    });
    const agent = await addAgent(t, acme, 'a');
    await setState(t, agent.token, agent.id, 'available');
    const res = await call<InteractionBody & { afterHours: Record<string, unknown> | null }>(
      t,
      'POST',
      '/api/v1/interactions',
      { token: sup, json: { channel: 'chat', queueId: queue.id } },
    );
    expect(res.body.afterHours).toMatchObject({
      offlineMessage: '请留言，我们明天回复',
      emailAutoReply: '已收到您的邮件',
    });
    expect(res.body.afterHours?.nextOpening).toMatch(/T16:00:00.000Z$/);
    await new Promise((r) => setTimeout(r, 400));
    expect((await getInteraction(t, sup, res.body.id)).status).toBe('queued');
    // Opening the queue (7×24 now) lets it through.
    await call(t, 'PATCH', `/api/v1/queues/${queue.id}`, { token: sup, json: { alwaysOpen: true } });
    await offered(t, sup, res.body.id, [agent.id]);
  });

  it('transfers to a queue or an agent with a note, and lets a supervisor reassign a waiting one', async () => {
    const acme = await tenant();
    const sup = acme.tokens.supervisor;
    const front = await addQueue(t, sup, {
      code: 'front',
      name: 'Front',
      requiredSkills: [{ skill: 'front', minLevel: 1 }],
    });
    const tech = await addQueue(t, sup, {
      code: 'tech',
      name: '技术支持',
      requiredSkills: [{ skill: 'tech', minLevel: 1 }],
    });
    const a = await addAgent(t, acme, 'a', { skills: [{ skill: 'front', level: 1 }] });
    const b = await addAgent(t, acme, 'b', { skills: [{ skill: 'tech', level: 1 }] });
    const c = await addAgent(t, acme, 'c', { skills: [{ skill: 'front', level: 1 }] });
    await setState(t, a.token, a.id, 'available');
    const created = await newInteraction(t, sup, { queueId: front.id });
    await offered(t, sup, created.id, [a.id]);
    await call(t, 'POST', `/api/v1/interactions/${created.id}/accept`, { token: a.token });

    // Only the handling agent (or a supervisor) may transfer.
    const notMine = await call<ErrorBody>(t, 'POST', `/api/v1/interactions/${created.id}/transfer`, {
      token: b.token,
      json: { queueId: tech.id },
    });
    expect(notMine.status).toBe(404);
    const both = await call<ErrorBody>(t, 'POST', `/api/v1/interactions/${created.id}/transfer`, {
      token: a.token,
      json: { queueId: tech.id, agentId: b.id },
    });
    expect(both.status).toBe(400);
    const toBusy = await call<ErrorBody>(t, 'POST', `/api/v1/interactions/${created.id}/transfer`, {
      token: a.token,
      json: { agentId: b.id },
    });
    expect([toBusy.status, toBusy.body.error.code]).toEqual([409, 'AGENT_NOT_FREE']);

    const toQueue = await call<InteractionBody>(t, 'POST', `/api/v1/interactions/${created.id}/transfer`, {
      token: a.token,
      json: { queueId: tech.id, note: '客户问的是路由器设置' },
    });
    expect(toQueue.body).toMatchObject({ status: 'queued', queueId: tech.id, agentId: null });
    expect(toQueue.body.messages.at(-1)).toMatchObject({
      author: 'system',
      body: '→ 技术支持: 客户问的是路由器设置',
    });
    await setState(t, b.token, b.id, 'available');
    await offered(t, sup, created.id, [b.id]);
    await call(t, 'POST', `/api/v1/interactions/${created.id}/accept`, { token: b.token });

    // Straight to an available agent: they get it as an offer.
    await setState(t, c.token, c.id, 'available');
    const toAgent = await call<InteractionBody>(t, 'POST', `/api/v1/interactions/${created.id}/transfer`, {
      token: b.token,
      json: { agentId: c.id, note: 'back to front desk' },
    });
    expect(toAgent.body).toMatchObject({ status: 'offered', agentId: c.id, offer: { agentId: c.id } });
    await call(t, 'POST', `/api/v1/interactions/${created.id}/accept`, { token: c.token });
    expect((await call<AgentBody>(t, 'GET', `/api/v1/agents/${b.id}`, { token: sup })).body.load.chat).toBe(
      0,
    );

    // A supervisor moves a waiting one from a ringing agent to another.
    await setState(t, a.token, a.id, 'break', 'meeting');
    const waiting = await newInteraction(t, sup, { queueId: front.id });
    await setState(t, a.token, a.id, 'available');
    const ringing = await waitFor('an offer', async () => {
      const i = await getInteraction(t, sup, waiting.id);
      return i.status === 'offered' ? i : undefined;
    });
    const other = ringing.agentId === a.id ? c : a;
    const agentTries = await call(t, 'POST', `/api/v1/interactions/${waiting.id}/reassign`, {
      token: a.token,
      json: { agentId: other.id },
    });
    expect(agentTries.status).toBe(403);
    const reassigned = await call<InteractionBody>(t, 'POST', `/api/v1/interactions/${waiting.id}/reassign`, {
      token: sup,
      json: { agentId: other.id, note: 'VIP' },
    });
    expect(reassigned.body).toMatchObject({ status: 'offered', agentId: other.id });
    const offers = await t.server.database.db
      .selectFrom('offers')
      .select(['agent_id', 'status', 'reason'])
      .where('interaction_id', '=', waiting.id)
      .orderBy('offered_at')
      .execute();
    expect(offers).toEqual([
      { agent_id: ringing.agentId, status: 'withdrawn', reason: 'standard' },
      { agent_id: other.id, status: 'pending', reason: 'reassign' },
    ]);
    // An active one cannot be reassigned; an agent cannot go offline while holding it.
    const active = await call<ErrorBody>(t, 'POST', `/api/v1/interactions/${created.id}/reassign`, {
      token: sup,
      json: { queueId: front.id },
    });
    expect([active.status, active.body.error.code]).toEqual([409, 'INVALID_TRANSITION']);
    const offline = await call<ErrorBody>(t, 'PUT', `/api/v1/agents/${c.id}/state`, {
      token: c.token,
      json: { state: 'offline' },
    });
    expect([offline.status, offline.body.error.code]).toEqual([409, 'AGENT_HAS_WORK']);
  });

  it('lists interactions by status and queue; agents see only their own', async () => {
    const acme = await tenant();
    const sup = acme.tokens.supervisor;
    const q1 = await addQueue(t, sup, { code: 'one', name: 'One' });
    const q2 = await addQueue(t, sup, { code: 'two', name: 'Two' });
    const a = await addAgent(t, acme, 'a', { capacity: { chat: 1 } });
    const x = await newInteraction(t, sup, { queueId: q1.id });
    const y = await newInteraction(t, sup, { queueId: q2.id });
    await setState(t, a.token, a.id, 'available');
    await waitFor('one offer', async () => {
      const list = await call<{ items: InteractionBody[] }>(t, 'GET', '/api/v1/interactions?status=offered', {
        token: a.token,
      });
      return list.body.items.length === 1 || undefined;
    });
    const byQueue = await call<{ items: InteractionBody[] }>(
      t,
      'GET',
      `/api/v1/interactions?queueId=${q2.id}`,
      {
        token: sup,
      },
    );
    expect(byQueue.body.items.map((i) => i.id)).toEqual([y.id]);
    const mine = await call<{ items: InteractionBody[] }>(t, 'GET', '/api/v1/interactions', {
      token: a.token,
    });
    expect(mine.body.items).toHaveLength(1);
    const notMine = [x.id, y.id].find((id) => id !== mine.body.items[0]!.id)!;
    expect((await call(t, 'GET', `/api/v1/interactions/${notMine}`, { token: a.token })).status).toBe(404);
    const paged = await call<{ items: InteractionBody[]; nextCursor: string }>(
      t,
      'GET',
      '/api/v1/interactions?limit=1',
      {
        token: sup,
      },
    );
    expect(paged.body.items.map((i) => i.id)).toEqual([y.id]);
    const next = await call<{ items: InteractionBody[] }>(
      t,
      'GET',
      `/api/v1/interactions?limit=1&cursor=${paged.body.nextCursor}`,
      { token: sup },
    );
    expect(next.body.items.map((i) => i.id)).toEqual([x.id]);
    const bad = await call<ErrorBody>(t, 'GET', '/api/v1/interactions?status=lost', { token: sup });
    expect(bad.status).toBe(400);
  });
});
