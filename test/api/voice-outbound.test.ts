import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ha1 } from '../../src/channels/voice/sip/digest-auth.ts';
import { addAgent, addQueue, type TestAgent, waitFor } from '../support/routing-helpers.ts';
import { sipp, sippPorts, tonePower, toneWav } from '../support/sipp.ts';
import {
  call,
  DATABASES,
  seedTenant,
  startTestServer,
  type TestServer,
  type TestTenant,
} from '../support/test-server.ts';

/**
 * Outbound calls, agent's phone first, against real SIP peers on loopback: one sipp is the
 * agent's desk phone, another the SIP trunk with the customer's phone behind it.
 */
const HOTLINE_NUMBER = '4008001234';
const CALLER_ID = '02161234567';
const CUSTOMER_PHONE = '13912345678';
const CUSTOMER_E164 = '+8613912345678';
const REALM = 'hotline';
const CUSTOMER_HZ = 600;
const AGENT_HZ = 1000;
const OUTBOUND = '/api/v1/voice/calls/outbound';

interface Placed {
  callId: string;
  agentId: string;
  customerId: string | null;
  number: string;
  callerId: string;
  status: string;
}

describe.each(DATABASES)('outbound calls on %s', (kind) => {
  let t: TestServer;
  let acme: TestTenant;
  let alice: TestAgent;
  let bob: TestAgent;
  let customerId: string;
  let dncCustomerId: string;
  let recordings: string;
  const trunk = sippPorts();
  const audio = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-tones-'));
  const customerWav = toneWav(path.join(audio, 'customer.wav'), CUSTOMER_HZ, 10);
  const agentWav = toneWav(path.join(audio, 'agent.wav'), AGENT_HZ, 10);

  beforeAll(async () => {
    recordings = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-recordings-'));
    t = await startTestServer(kind, {
      HOTLINE_SIP_PORT: '0',
      HOTLINE_SIP_HOST: '127.0.0.1',
      HOTLINE_SIP_TRUNK: `127.0.0.1:${trunk.sip}`,
      HOTLINE_RECORDINGS_DIR: recordings,
      HOTLINE_ROUTING_SWEEP_MS: '200',
    });
    acme = await seedTenant(t, 'acme');
    const queue = await addQueue(t, acme.tokens.supervisor, {
      code: 'service',
      name: '售后服务',
      channels: ['voice'],
      wrapUpSeconds: 0,
    });
    alice = await addAgent(t, acme, 'alice');
    bob = await addAgent(t, acme, 'bob');
    const db = t.server.database.db;
    for (const [agent, username] of [
      [alice, 'acme.alice'],
      [bob, 'acme.bob'],
    ] as const) {
      await db
        .insertInto('sip_accounts')
        .values({
          user_id: agent.id,
          tenant_id: acme.id,
          username,
          ha1_md5: ha1(username, REALM, `${username}-secret`, 'MD5'),
          ha1_sha256: ha1(username, REALM, `${username}-secret`, 'SHA-256'),
        })
        .execute();
    }
    await db
      .insertInto('voice_numbers')
      .values({
        number: HOTLINE_NUMBER,
        tenant_id: acme.id,
        queue_id: queue.id,
        label: '客服热线',
        outbound_caller_id: CALLER_ID,
      })
      .execute();
    const customer = await call<{ id: string }>(t, 'POST', '/api/v1/customers', {
      token: acme.tokens.supervisor,
      json: { name: '王芳', contacts: [{ kind: 'phone', value: CUSTOMER_PHONE }] },
    });
    expect(customer.status, JSON.stringify(customer.body)).toBe(201);
    customerId = customer.body.id;
    const dnc = await call<{ id: string }>(t, 'POST', '/api/v1/customers', {
      token: acme.tokens.supervisor,
      json: { name: '李静', doNotCall: true, contacts: [{ kind: 'phone', value: '13700001111' }] },
    });
    expect(dnc.status, JSON.stringify(dnc.body)).toBe(201);
    dncCustomerId = dnc.body.id;
  });

  afterAll(async () => {
    await t?.close();
    fs.rmSync(recordings, { recursive: true, force: true });
    fs.rmSync(audio, { recursive: true, force: true });
  });

  const edge = () => `127.0.0.1:${t.server.voice.port}`;

  async function registerAlice() {
    const phone = sippPorts();
    const registered = await sipp('register.xml', {
      target: edge(),
      service: 'acme.alice',
      auth: { username: 'acme.alice', password: 'acme.alice-secret' },
      keys: { answer_port: phone.sip },
      timeoutSeconds: 15,
    }).done;
    expect(registered.code, registered.output).toBe(0);
    return phone;
  }

  async function lastCall() {
    return waitFor('the call record to end', async () => {
      const row = await t.server.database.db
        .selectFrom('voice_calls')
        .selectAll()
        .where('direction', '=', 'outbound')
        .orderBy('arrived_at', 'desc')
        .executeTakeFirst();
      return row?.ended_at ? row : undefined;
    });
  }

  async function eventsOf(callId: string) {
    return t.server.database.db
      .selectFrom('voice_call_events')
      .select(['kind', 'detail', 'agent_id'])
      .where('call_id', '=', callId)
      .orderBy('id')
      .execute();
  }

  it("rings the agent's phone, dials the customer with the caller ID, bridges and records both sides", async () => {
    const phone = await registerAlice();
    const agentPhone = sipp('agent-answers.xml', {
      ports: phone,
      keys: { ring_ms: 300, agent_audio: agentWav },
      timeoutSeconds: 40,
    });
    const customer = sipp('trunk-customer-answers.xml', {
      ports: trunk,
      keys: {
        dialled: CUSTOMER_E164.slice(1),
        caller_id: CALLER_ID,
        ring_ms: 500,
        customer_audio: customerWav,
        talk_ms: 6000,
      },
      timeoutSeconds: 40,
    });
    const placed = await call<Placed>(t, 'POST', OUTBOUND, { token: alice.token, json: { customerId } });
    expect(placed.status, JSON.stringify(placed.body)).toBe(202);
    expect(placed.body).toMatchObject({
      agentId: alice.id,
      customerId,
      callerId: CALLER_ID,
      status: 'ringing_agent',
      // Agents see phone numbers masked.
      number: '*********5678',
    });
    const [trunkSide, agentSide] = await Promise.all([customer.done, agentPhone.done]);
    expect(trunkSide.code, trunkSide.output).toBe(0);
    expect(agentSide.code, agentSide.output).toBe(0);

    const db = t.server.database.db;
    const record = await lastCall();
    expect(record).toMatchObject({
      id: placed.body.callId,
      direction: 'outbound',
      from_number: CALLER_ID,
      to_number: CUSTOMER_E164,
      agent_id: alice.id,
      ended_by: 'caller',
    });
    const stamps = [record.arrived_at, record.offered_at, record.answered_at, record.ended_at];
    expect(stamps.every((s) => s instanceof Date)).toBe(true);
    expect(stamps.map((s) => s!.getTime())).toEqual(
      [...stamps.map((s) => s!.getTime())].sort((a, b) => a - b),
    );
    expect((await eventsOf(record.id)).map((e) => e.kind)).toEqual([
      'requested',
      'offered',
      'ringing',
      'agent_answered',
      'dialling',
      'customer_ringing',
      'answered',
      'ended',
    ]);

    // The interaction: active in Alice's hands (she wraps it up), on the customer's card.
    const interaction = await db
      .selectFrom('interactions')
      .selectAll()
      .where('id', '=', record.interaction_id!)
      .executeTakeFirstOrThrow();
    expect(interaction).toMatchObject({
      status: 'active',
      direction: 'outbound',
      channel: 'voice',
      agent_id: alice.id,
      customer_id: customerId,
      contact_phone: CUSTOMER_E164,
    });
    const desk = await call<{ items: { id: string }[] }>(
      t,
      'GET',
      `/api/v1/interactions?status=active&agentId=${alice.id}`,
      { token: alice.token },
    );
    expect(desk.body.items.map((i) => i.id)).toContain(interaction.id);

    // Both parties in the recording: the customer's tone on the left, the agent's on the right.
    const file = await waitFor('the recording', async () => {
      const row = await db
        .selectFrom('voice_calls')
        .select('recording_id')
        .where('id', '=', record.id)
        .executeTakeFirst();
      return row?.recording_id
        ? db.selectFrom('voice_recordings').selectAll().where('id', '=', row.recording_id).executeTakeFirst()
        : undefined;
    });
    const wav = fs.readFileSync(path.join(recordings, file.file));
    expect(wav.readUInt16LE(22)).toBe(2);
    expect(wav.readUInt32LE(40)).toBe(wav.length - 44);
    expect(file.duration_ms).toBeGreaterThan(2000);
    const samples = new Int16Array(wav.buffer, wav.byteOffset + 44, (wav.length - 44) / 2);
    const left = samples.filter((_, i) => i % 2 === 0);
    const right = samples.filter((_, i) => i % 2 === 1);
    const middle = (channel: Int16Array) =>
      channel.subarray(Math.floor(channel.length / 2) - 4000, Math.floor(channel.length / 2) + 4000);
    expect(tonePower(middle(left), CUSTOMER_HZ)).toBeGreaterThan(100 * tonePower(middle(left), AGENT_HZ));
    expect(tonePower(middle(right), AGENT_HZ)).toBeGreaterThan(100 * tonePower(middle(right), CUSTOMER_HZ));
    expect(tonePower(middle(left), CUSTOMER_HZ)).toBeGreaterThan(1e5);

    // On the call, Alice cannot place another one; wrapped up, she can again.
    const again = await call<{ error: { details: { reason: string } } }>(t, 'POST', OUTBOUND, {
      token: alice.token,
      json: { customerId },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.details.reason).toBe('on_call');
    const wrap = await call(t, 'POST', `/api/v1/interactions/${interaction.id}/wrap-up`, {
      token: alice.token,
      json: { code: 'resolved' },
    });
    expect(wrap.status).toBe(200);

    // The wallboard counts contacts offered to a queue: a call the agent placed is none of them.
    const board = await call<{ queues: { id: string; offered: number }[] }>(t, 'GET', '/api/v1/wallboard', {
      token: acme.tokens.supervisor,
    });
    expect(board.body.queues.find((q) => q.id === interaction.queue_id)).toMatchObject({ offered: 0 });
  });

  it('holds, resumes and hangs up an outbound call from the desktop, through the realtime feed', async () => {
    const phone = await registerAlice();
    const agentPhone = sipp('agent-answers.xml', {
      ports: phone,
      keys: { ring_ms: 300, agent_audio: agentWav },
      timeoutSeconds: 40,
    });
    const customer = sipp('trunk-customer-hung-up-on.xml', {
      ports: trunk,
      keys: {
        dialled: CUSTOMER_E164.slice(1),
        caller_id: CALLER_ID,
        ring_ms: 300,
        customer_audio: customerWav,
      },
      timeoutSeconds: 40,
    });
    const placed = await call<Placed>(t, 'POST', OUTBOUND, { token: alice.token, json: { customerId } });
    expect(placed.status, JSON.stringify(placed.body)).toBe(202);
    const calls = `/api/v1/voice/calls/${placed.body.callId}`;
    const kinds = async () => (await eventsOf(placed.body.callId)).map((e) => e.kind);
    await waitFor('the customer to answer', async () => (await kinds()).includes('answered'));

    expect((await call(t, 'POST', `${calls}/hold`, { token: alice.token })).status).toBe(202);
    await waitFor('the hold', async () => (await kinds()).includes('held'));
    expect((await call(t, 'POST', `${calls}/resume`, { token: alice.token })).status).toBe(202);
    await waitFor('the resume', async () => (await kinds()).includes('resumed'));
    // Consulting and listening in are for inbound calls.
    const consult = await call(t, 'POST', `${calls}/consult`, {
      token: alice.token,
      json: { agentId: bob.id },
    });
    expect(consult.status).toBe(409);

    expect((await call(t, 'POST', `${calls}/hangup`, { token: alice.token })).status).toBe(202);
    const [trunkSide, agentSide] = await Promise.all([customer.done, agentPhone.done]);
    expect(trunkSide.code, trunkSide.output).toBe(0);
    expect(agentSide.code, agentSide.output).toBe(0);
    const record = await lastCall();
    expect(record).toMatchObject({ id: placed.body.callId, ended_by: 'agent' });
    expect(await kinds()).toEqual([
      'requested',
      'offered',
      'ringing',
      'agent_answered',
      'dialling',
      'customer_ringing',
      'answered',
      'held',
      'resumed',
      'ended',
    ]);
    await call(t, 'POST', `/api/v1/interactions/${record.interaction_id}/wrap-up`, {
      token: alice.token,
      json: { code: 'resolved' },
    });
    expect(t.server.voice.outbound?.inProgress).toBe(0);
  });

  it('plays the busy tone to the agent and hangs up when the customer is busy', async () => {
    const phone = await registerAlice();
    const agentPhone = sipp('agent-answers.xml', {
      ports: phone,
      keys: { ring_ms: 200, agent_audio: agentWav },
      timeoutSeconds: 40,
    });
    const busy = sipp('trunk-customer-busy.xml', {
      ports: trunk,
      keys: { dialled: CUSTOMER_E164.slice(1) },
      timeoutSeconds: 40,
    });
    // A number typed by hand that is the customer's: the call is on their card all the same.
    const placed = await call<Placed>(t, 'POST', OUTBOUND, {
      token: alice.token,
      json: { number: '139 1234 5678', callerId: HOTLINE_NUMBER },
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(202);
    expect(placed.body).toMatchObject({ customerId, callerId: HOTLINE_NUMBER });
    const [trunkSide, agentSide] = await Promise.all([busy.done, agentPhone.done]);
    expect(trunkSide.code, trunkSide.output).toBe(0);
    expect(agentSide.code, agentSide.output).toBe(0);

    const record = await lastCall();
    expect(record).toMatchObject({
      id: placed.body.callId,
      from_number: HOTLINE_NUMBER,
      ended_by: 'system',
      answered_at: null,
      recording_id: null,
    });
    expect(record.end_reason).toContain('busy');
    const events = await eventsOf(record.id);
    expect(events.map((e) => e.kind)).toContain('no_answer');
    expect(events.find((e) => e.kind === 'no_answer')?.detail).toMatchObject({ status: 486, reason: 'busy' });
    const messages = await t.server.database.db
      .selectFrom('interaction_messages')
      .select(['author', 'body'])
      .where('interaction_id', '=', record.interaction_id!)
      .execute();
    expect(messages).toContainEqual({ author: 'system', body: '客户忙 · The customer’s line was busy' });
    await call(t, 'POST', `/api/v1/interactions/${record.interaction_id}/wrap-up`, {
      token: alice.token,
      json: { code: 'no_answer' },
    });
  });

  it("lets the agent hear the network's early media (183 with SDP) while the customer's phone rings", async () => {
    const phone = await registerAlice();
    const agentPhone = sipp('agent-answers.xml', {
      ports: phone,
      keys: { ring_ms: 200, agent_audio: agentWav },
      timeoutSeconds: 40,
    });
    const customer = sipp('trunk-customer-early-media.xml', {
      ports: trunk,
      keys: { ring_ms: 1500, customer_audio: customerWav, talk_ms: 3000 },
      timeoutSeconds: 40,
    });
    const placed = await call<Placed>(t, 'POST', OUTBOUND, {
      token: acme.tokens.supervisor,
      json: { customerId, agentId: alice.id },
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(202);
    // A supervisor sees the number in full.
    expect(placed.body.number).toBe(CUSTOMER_E164);
    const [trunkSide, agentSide] = await Promise.all([customer.done, agentPhone.done]);
    expect(trunkSide.code, trunkSide.output).toBe(0);
    expect(agentSide.code, agentSide.output).toBe(0);
    const record = await lastCall();
    expect(record).toMatchObject({ id: placed.body.callId, ended_by: 'caller', agent_id: alice.id });
    const events = await eventsOf(record.id);
    expect(events.find((e) => e.kind === 'customer_ringing')?.detail).toEqual({ earlyMedia: true });
    expect(events.find((e) => e.kind === 'requested')?.detail).toMatchObject({ by: expect.any(String) });
    await call(t, 'POST', `/api/v1/interactions/${record.interaction_id}/wrap-up`, {
      token: alice.token,
      json: { code: 'resolved' },
    });
  });

  it('refuses a do-not-call customer, an agent without a phone, a foreign caller ID, and other agents for agents', async () => {
    const refused = async (token: string, json: unknown) =>
      call<{ error: { code: string; message: string; details?: { reason: string } } }>(t, 'POST', OUTBOUND, {
        token,
        json,
      });
    const dnc = await refused(alice.token, { customerId: dncCustomerId });
    expect(dnc.status).toBe(409);
    expect(dnc.body.error.details?.reason).toBe('do_not_call');
    // Also when the number is typed by hand.
    expect((await refused(alice.token, { number: '13700001111' })).body.error.details?.reason).toBe(
      'do_not_call',
    );

    const noPhone = await refused(bob.token, { customerId });
    expect(noPhone.status).toBe(409);
    expect(noPhone.body.error.details?.reason).toBe('no_phone');
    expect(noPhone.body.error.message).toMatch(/phone/i);
    // A supervisor may place a call for another agent (here refused only for Bob's missing phone).
    const forBob = await refused(acme.tokens.supervisor, { customerId, agentId: bob.id });
    expect(forBob.body.error.details?.reason).toBe('no_phone');
    // An agent may not.
    expect((await refused(alice.token, { customerId, agentId: bob.id })).status).toBe(403);
    expect((await refused(acme.tokens.analyst, { customerId })).status).toBe(403);

    expect((await refused(alice.token, { customerId, callerId: '4009999999' })).status).toBe(400);
    expect((await refused(alice.token, { number: 'not a number' })).status).toBe(400);
    expect((await refused(alice.token, {})).status).toBe(400);
    expect((await refused(alice.token, { customerId: '00000000-0000-4000-8000-000000000000' })).status).toBe(
      404,
    );
    const calls = await t.server.database.db
      .selectFrom('voice_calls')
      .select('id')
      .where('agent_id', '=', bob.id)
      .execute();
    expect(calls).toEqual([]);
  });

  it('answers 409 when no trunk is configured', async () => {
    const bare = await startTestServer(kind, { HOTLINE_SIP_PORT: '0', HOTLINE_SIP_HOST: '127.0.0.1' });
    try {
      const tenant = await seedTenant(bare, 'bare');
      await bare.server.database.db
        .insertInto('voice_numbers')
        .values({
          number: '4008005555',
          tenant_id: tenant.id,
          queue_id: (
            await addQueue(bare, tenant.tokens.supervisor, { code: 'v', name: 'V', channels: ['voice'] })
          ).id,
        })
        .execute();
      const res = await call<{ error: { message: string; details: { reason: string } } }>(
        bare,
        'POST',
        OUTBOUND,
        {
          token: tenant.tokens.agent,
          json: { number: CUSTOMER_PHONE },
        },
      );
      expect(res.status).toBe(409);
      expect(res.body.error.details.reason).toBe('no_trunk');
      expect(res.body.error.message).toMatch(/no trunk configured/i);
    } finally {
      await bare.close();
    }
  });
});
