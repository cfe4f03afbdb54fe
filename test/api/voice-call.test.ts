import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAgent, addQueue, setState, type TestAgent, waitFor } from '../support/routing-helpers.ts';
import { sipp, sippPorts, tonePower, toneWav } from '../support/sipp.ts';
import { call, DATABASES, type TestServer, type TestTenant } from '../support/test-server.ts';
import { startVoiceHarness, type VoiceHarness } from '../support/voice-harness.ts';

/**
 * Voice calls against real SIP peers on loopback: sipp (Debian's sip-tester) plays the agents'
 * desk phones and the customer's phone; Hotline's edge is the registrar and the B2BUA between.
 */
const HOTLINE_NUMBER = '4008001234';
const IVR_NUMBER = '4008002000';
const CALLBACK_NUMBER = '4008003000';
const CALLER_HZ = 440;
const AGENT_HZ = 1000;

describe.each(DATABASES)('voice calls on %s', (kind) => {
  let t: TestServer;
  let acme: TestTenant;
  let alice: TestAgent;
  let bob: TestAgent;
  let queueId: string;
  let recordings: string;
  const audio = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-tones-'));
  const callerWav = toneWav(path.join(audio, 'caller.wav'), CALLER_HZ, 10);
  const agentWav = toneWav(path.join(audio, 'agent.wav'), AGENT_HZ, 10);

  let h: VoiceHarness;

  beforeAll(async () => {
    h = await startVoiceHarness(kind, { number: HOTLINE_NUMBER });
    ({ t, acme, queueId, recordings } = h);
    alice = await addAgent(t, acme, 'alice');
    bob = await addAgent(t, acme, 'bob');
    await h.addSipAccount(alice.id, 'acme.alice');
    await h.addSipAccount(bob.id, 'acme.bob');
  });

  afterAll(async () => {
    await h?.close();
    fs.rmSync(audio, { recursive: true, force: true });
  });

  const edge = () => h.edge();

  async function register(username: string, password: string, answerPort: number, scenario = 'register.xml') {
    return h.register(username, answerPort, { password, scenario });
  }

  it('registers a phone with digest authentication and refuses a wrong password', async () => {
    const phone = sippPorts();
    const ok = await register('acme.alice', 'acme.alice-secret', phone.sip);
    expect(ok.code, ok.output).toBe(0);
    const bindings = await t.server.database.db
      .selectFrom('sip_registrations')
      .select(['user_id', 'contact', 'expires_at', 'user_agent'])
      .execute();
    expect(bindings).toHaveLength(1);
    expect(bindings[0]).toMatchObject({ user_id: alice.id, user_agent: 'sipp-agent-phone' });
    expect(bindings[0]!.contact).toBe(`sip:acme.alice@127.0.0.1:${phone.sip}`);
    expect(bindings[0]!.expires_at.getTime() - Date.now()).toBeGreaterThan(250_000);

    const wrong = await register('acme.bob', 'not-the-password', sippPorts().sip, 'register-refused.xml');
    expect(wrong.code, wrong.output).toBe(0);
    const unknown = await register('nobody.here', 'whatever', sippPorts().sip, 'register-refused.xml');
    expect(unknown.code, unknown.output).toBe(0);
    expect(
      await t.server.database.db.selectFrom('sip_registrations').select('user_id').execute(),
    ).toHaveLength(1);
  });

  it('queues a call, rings the agent, bridges both sides and records them, then ends on the caller hanging up', async () => {
    const phone = sippPorts();
    expect((await register('acme.alice', 'acme.alice-secret', phone.sip)).code).toBe(0);
    const answering = sipp('agent-answers.xml', {
      ports: phone,
      keys: { ring_ms: 300, agent_audio: agentWav },
      timeoutSeconds: 40,
    });
    await setState(t, alice.token, alice.id, 'available');
    const caller = sipp('caller.xml', {
      target: edge(),
      service: HOTLINE_NUMBER,
      keys: { caller_audio: callerWav, talk_ms: 9000 },
      timeoutSeconds: 40,
    });
    const [customer, agentPhone] = await Promise.all([caller.done, answering.done]);
    expect(customer.code, customer.output).toBe(0);
    expect(agentPhone.code, agentPhone.output).toBe(0);

    const db = t.server.database.db;
    const record = await waitFor('the call record to end', async () => {
      const row = await db
        .selectFrom('voice_calls')
        .selectAll()
        .orderBy('arrived_at', 'desc')
        .executeTakeFirst();
      return row?.ended_at && row.recording_id ? row : undefined;
    });
    expect(record).toMatchObject({
      direction: 'inbound',
      from_number: '13800138000',
      to_number: HOTLINE_NUMBER,
      agent_id: alice.id,
      ended_by: 'caller',
    });
    const stamps = [
      record.arrived_at,
      record.queued_at,
      record.offered_at,
      record.answered_at,
      record.ended_at,
    ];
    expect(stamps.every((s) => s instanceof Date)).toBe(true);
    expect(stamps.map((s) => s!.getTime())).toEqual(
      [...stamps.map((s) => s!.getTime())].sort((a, b) => a - b),
    );
    const events = await db
      .selectFrom('voice_call_events')
      .select('kind')
      .where('call_id', '=', record.id)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.kind)).toEqual([
      'arrived',
      'queued',
      'offered',
      'ringing',
      'answered',
      'ended',
    ]);

    const interaction = await db
      .selectFrom('interactions')
      .select(['status', 'agent_id', 'channel', 'contact_phone'])
      .where('id', '=', record.interaction_id!)
      .executeTakeFirstOrThrow();
    // The agent wraps the call up on the desktop; until then it stays theirs.
    expect(interaction).toMatchObject({ status: 'active', agent_id: alice.id, channel: 'voice' });

    // The recording holds both parties: the caller's tone on the left, the agent's on the right.
    const file = await db
      .selectFrom('voice_recordings')
      .select(['file', 'duration_ms', 'bytes'])
      .where('id', '=', record.recording_id!)
      .executeTakeFirstOrThrow();
    const wav = fs.readFileSync(path.join(recordings, file.file));
    expect(wav.subarray(0, 4).toString()).toBe('RIFF');
    expect(wav.readUInt16LE(22)).toBe(2);
    expect(wav.readUInt32LE(24)).toBe(8000);
    expect(wav.readUInt32LE(40)).toBe(wav.length - 44);
    expect(file.bytes).toBe(wav.length);
    expect(file.duration_ms).toBeGreaterThan(2000);
    const samples = new Int16Array(wav.buffer, wav.byteOffset + 44, (wav.length - 44) / 2);
    const left = samples.filter((_, i) => i % 2 === 0);
    const right = samples.filter((_, i) => i % 2 === 1);
    // The middle second of the conversation, away from its edges.
    const middle = (channel: Int16Array) =>
      channel.subarray(Math.floor(channel.length / 2) - 4000, Math.floor(channel.length / 2) + 4000);
    expect(tonePower(middle(left), CALLER_HZ)).toBeGreaterThan(100 * tonePower(middle(left), AGENT_HZ));
    expect(tonePower(middle(right), AGENT_HZ)).toBeGreaterThan(100 * tonePower(middle(right), CALLER_HZ));
    expect(tonePower(middle(left), CALLER_HZ)).toBeGreaterThan(1e5);
  });

  it('moves the call to the next agent when the first phone refuses it', async () => {
    await t.server.database.db.deleteFrom('sip_registrations').execute();
    const bobPhone = sippPorts();
    const alicePhone = sippPorts();
    expect((await register('acme.bob', 'acme.bob-secret', bobPhone.sip)).code).toBe(0);
    expect((await register('acme.alice', 'acme.alice-secret', alicePhone.sip)).code).toBe(0);
    const busy = sipp('agent-busy.xml', { ports: bobPhone, timeoutSeconds: 40 });
    const answering = sipp('agent-answers.xml', {
      ports: alicePhone,
      keys: { ring_ms: 200, agent_audio: agentWav },
      timeoutSeconds: 40,
    });
    // Alice is still busy with the last call (it waits for her wrap-up): Bob is offered it first.
    await setState(t, bob.token, bob.id, 'available');
    const caller = sipp('caller.xml', {
      target: edge(),
      service: HOTLINE_NUMBER,
      keys: { caller_audio: callerWav, talk_ms: 9000 },
      timeoutSeconds: 40,
    });
    const refused = await busy.done;
    expect(refused.code, refused.output).toBe(0);
    // Alice wraps up the last call and is free: the call moves to her.
    const db = t.server.database.db;
    const last = await db
      .selectFrom('interactions')
      .select('id')
      .where('agent_id', '=', alice.id)
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    const wrap = await fetch(`${t.baseUrl}/api/v1/interactions/${last.id}/wrap-up`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'resolved' }),
    });
    expect(wrap.status).toBe(200);
    await setState(t, alice.token, alice.id, 'available');
    const [customer, agentPhone] = await Promise.all([caller.done, answering.done]);
    expect(customer.code, customer.output).toBe(0);
    expect(agentPhone.code, agentPhone.output).toBe(0);
    const record = await db
      .selectFrom('voice_calls')
      .selectAll()
      .orderBy('arrived_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(record.agent_id).toBe(alice.id);
    const events = await db
      .selectFrom('voice_call_events')
      .select(['kind', 'agent_id'])
      .where('call_id', '=', record.id)
      .orderBy('id')
      .execute();
    expect(events).toContainEqual({ kind: 'no_answer', agent_id: bob.id });
    expect(events).toContainEqual({ kind: 'answered', agent_id: alice.id });
  });

  // sipp's recorded key presses share one RTP timeline (the timestamps of 1 < 2 < 4 < 9), so a
  // test presses keys in that order; a phone's later press always has a later timestamp.
  it('takes the caller through the IVR by DTMF (English, then the sales key) into the chosen queue', async () => {
    const sup = acme.tokens.supervisor;
    const sales = await addQueue(t, sup, {
      code: 'sales',
      name: '销售咨询',
      channels: ['voice'],
      wrapUpSeconds: 0,
    });
    const menu = await call<{ id: string }>(t, 'POST', '/api/v1/voice/ivr-menus', {
      token: acme.tokens.tenant_admin,
      json: {
        name: '主菜单',
        definition: {
          languageChoice: {},
          menu: {
            prompts: [{ builtIn: 'please-hold' }],
            options: [
              { key: '4', label: 'sales', action: { type: 'queue', queueId: sales.id } },
              { key: '5', label: 'service', action: { type: 'queue', queueId } },
              { key: '9', label: 'voicemail', action: { type: 'voicemail', queueId } },
            ],
          },
        },
      },
    });
    expect(menu.status, JSON.stringify(menu.body)).toBe(201);
    const db = t.server.database.db;
    await db
      .insertInto('voice_numbers')
      .values({ number: IVR_NUMBER, tenant_id: acme.id, ivr_menu_id: menu.body.id, queue_id: queueId })
      .execute();

    // Nobody is free: the caller waits in the sales queue, then hangs up (abandoned).
    await db.updateTable('agents').set({ state: 'offline' }).execute();
    const caller = sipp('caller-ivr.xml', {
      target: edge(),
      service: IVR_NUMBER,
      keys: {
        caller_audio: callerWav,
        first_ms: 4000,
        first_key: 2,
        second_ms: 2500,
        second_key: 4,
        talk_ms: 4000,
      },
      timeoutSeconds: 40,
    });
    const customer = await caller.done;
    expect(customer.code, customer.output).toBe(0);
    const record = await waitFor('the call record to end', async () => {
      const row = await db
        .selectFrom('voice_calls')
        .selectAll()
        .where('to_number', '=', IVR_NUMBER)
        .executeTakeFirst();
      return row?.ended_at ? row : undefined;
    });
    const events = await db
      .selectFrom('voice_call_events')
      .select(['kind', 'detail'])
      .where('call_id', '=', record.id)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.kind)).toEqual([
      'arrived',
      'ivr',
      'digit',
      'digit',
      'ivr_done',
      'queued',
      'ended',
    ]);
    expect(
      events.filter((e) => e.kind === 'digit').map((e) => (e.detail as { digit: string }).digit),
    ).toEqual(['2', '4']);
    expect(events.find((e) => e.kind === 'ivr_done')?.detail).toMatchObject({
      path: ['2', '4'],
      result: 'queue',
    });
    expect(record.ivr_at).toBeInstanceOf(Date);
    expect(record.ended_by).toBe('caller');
    const interaction = await db
      .selectFrom('interactions')
      .select(['status', 'queue_id', 'channel', 'contact_phone'])
      .where('id', '=', record.interaction_id!)
      .executeTakeFirstOrThrow();
    // Hung up while waiting: abandoned, and counted so by the wallboard.
    expect(interaction).toMatchObject({ status: 'abandoned', queue_id: sales.id, channel: 'voice' });
    const board = await call<{ queues: { id: string; abandoned: number }[] }>(t, 'GET', '/api/v1/wallboard', {
      token: sup,
    });
    expect(board.body.queues.find((q) => q.id === sales.id)).toMatchObject({ abandoned: 1 });
  });

  it('records a voicemail chosen in the IVR and leaves a callback request with it', async () => {
    const db = t.server.database.db;
    const caller = sipp('caller-ivr.xml', {
      target: edge(),
      service: IVR_NUMBER,
      keys: {
        caller_audio: callerWav,
        first_ms: 4000,
        first_key: 1,
        second_ms: 2500,
        second_key: 9,
        talk_ms: 9000,
      },
      timeoutSeconds: 40,
    });
    const customer = await caller.done;
    expect(customer.code, customer.output).toBe(0);
    const request = await waitFor('the callback request', async () =>
      db
        .selectFrom('voice_callback_requests')
        .selectAll()
        .where('reason', '=', 'voicemail')
        .executeTakeFirst(),
    );
    expect(request).toMatchObject({ number: '13800138000', queue_id: queueId, status: 'open' });
    const recording = await db
      .selectFrom('voice_recordings')
      .select(['file', 'duration_ms'])
      .where('id', '=', request.voicemail_recording_id!)
      .executeTakeFirstOrThrow();
    expect(recording.duration_ms).toBeGreaterThan(1500);
    const wav = fs.readFileSync(path.join(recordings, recording.file));
    expect(wav.readUInt16LE(22)).toBe(1);
    expect(wav.readUInt32LE(40)).toBe(wav.length - 44);
    const voice = new Int16Array(wav.buffer, wav.byteOffset + 44, (wav.length - 44) / 2);
    const middle = voice.subarray(Math.floor(voice.length / 2) - 2000, Math.floor(voice.length / 2) + 2000);
    expect(tonePower(middle, CALLER_HZ)).toBeGreaterThan(1e5);
  });

  it("offers a callback after the queue's maximum wait and books it when the caller presses 1", async () => {
    const sup = acme.tokens.supervisor;
    const db = t.server.database.db;
    const busyLine = await addQueue(t, sup, {
      code: 'busy-line',
      name: '热线',
      channels: ['voice'],
      wrapUpSeconds: 0,
      maxWaitSeconds: 3,
    });
    await db
      .insertInto('voice_numbers')
      .values({ number: CALLBACK_NUMBER, tenant_id: acme.id, queue_id: busyLine.id })
      .execute();
    await db.updateTable('agents').set({ state: 'offline' }).execute();
    const caller = sipp('caller-hung-up-on.xml', {
      target: edge(),
      service: CALLBACK_NUMBER,
      keys: { caller_audio: callerWav, key_ms: 9000, key: 1 },
      timeoutSeconds: 40,
    });
    const customer = await caller.done;
    expect(customer.code, customer.output).toBe(0);
    const request = await waitFor('the callback request', async () =>
      db
        .selectFrom('voice_callback_requests')
        .selectAll()
        .where('reason', '=', 'queue_timeout')
        .executeTakeFirst(),
    );
    expect(request).toMatchObject({ number: '13800138000', queue_id: busyLine.id, status: 'open' });
    const record = await db
      .selectFrom('voice_calls')
      .selectAll()
      .where('to_number', '=', CALLBACK_NUMBER)
      .executeTakeFirstOrThrow();
    expect(record).toMatchObject({ ended_by: 'system', end_reason: 'callback booked' });
    const events = await db
      .selectFrom('voice_call_events')
      .select('kind')
      .where('call_id', '=', record.id)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.kind)).toEqual([
      'arrived',
      'queued',
      'callback_offered',
      'digit',
      'callback_requested',
      'ended',
    ]);
    const interaction = await db
      .selectFrom('interactions')
      .select('status')
      .where('id', '=', request.interaction_id!)
      .executeTakeFirstOrThrow();
    expect(interaction.status).toBe('abandoned');
  });

  it('hangs up a bridged call from the desktop: both phones get BYE, the agent is recorded as ending it', async () => {
    const db = t.server.database.db;
    for (const open of await db
      .selectFrom('interactions')
      .select('id')
      .where('agent_id', '=', alice.id)
      .where('status', '=', 'active')
      .execute()) {
      await call(t, 'POST', `/api/v1/interactions/${open.id}/wrap-up`, {
        token: alice.token,
        json: { code: 'resolved' },
      });
    }
    await db.deleteFrom('sip_registrations').execute();
    const phone = sippPorts();
    expect((await register('acme.alice', 'acme.alice-secret', phone.sip)).code).toBe(0);
    const answering = sipp('agent-answers.xml', {
      ports: phone,
      keys: { ring_ms: 200, agent_audio: agentWav },
      timeoutSeconds: 40,
    });
    await setState(t, alice.token, alice.id, 'available');
    const caller = sipp('caller-waits.xml', {
      target: edge(),
      service: HOTLINE_NUMBER,
      keys: { caller_audio: callerWav },
      timeoutSeconds: 40,
    });
    const record = await waitFor(
      'the call to be answered',
      async () => {
        const row = await db
          .selectFrom('voice_calls')
          .selectAll()
          .where('to_number', '=', HOTLINE_NUMBER)
          .orderBy('arrived_at', 'desc')
          .executeTakeFirst();
        return row?.answered_at && !row.ended_at ? row : undefined;
      },
      30_000,
    );
    // Another agent cannot end it (not theirs: 404); Alice can, once.
    expect(
      (await call(t, 'POST', `/api/v1/voice/calls/${record.id}/hangup`, { token: bob.token })).status,
    ).toBe(404);
    expect(
      (await call(t, 'POST', `/api/v1/voice/calls/${record.id}/hangup`, { token: alice.token })).status,
    ).toBe(202);
    const [customer, agentPhone] = await Promise.all([caller.done, answering.done]);
    expect(customer.code, customer.output).toBe(0);
    expect(agentPhone.code, agentPhone.output).toBe(0);
    const ended = await waitFor('the call record to end', async () => {
      const row = await db
        .selectFrom('voice_calls')
        .selectAll()
        .where('id', '=', record.id)
        .executeTakeFirst();
      return row?.ended_at ? row : undefined;
    });
    expect(ended).toMatchObject({ ended_by: 'agent', end_reason: 'agent hung up on the desktop' });
    expect(
      (await call(t, 'POST', `/api/v1/voice/calls/${record.id}/hangup`, { token: alice.token })).status,
    ).toBe(409);
  });
});
