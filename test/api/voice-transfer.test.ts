import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAgent, setState, type TestAgent, waitFor } from '../support/routing-helpers.ts';
import { sipp, sippPorts, toneWav } from '../support/sipp.ts';
import { call, DATABASES } from '../support/test-server.ts';
import { startVoiceHarness, tonesBySecond, type VoiceHarness } from '../support/voice-harness.ts';

/**
 * What an agent does to a call in progress, against real phones (sipp) on loopback: hold and
 * resume, a blind transfer, a consultation that becomes an attended transfer, and a supervisor
 * listening in. Each party sends a tone of its own, so the recording shows who was heard when.
 */
const NUMBER = '4008001234';
const TONES = { caller: 440, alice: 1000, bob: 1500, supervisor: 2000 };

describe.each(DATABASES)('voice transfers on %s', (kind) => {
  let h: VoiceHarness;
  let alice: TestAgent;
  let bob: TestAgent;
  let supervisorId: string;
  const audio = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-tones-'));
  const wav = Object.fromEntries(
    Object.entries(TONES).map(([who, hz]) => [who, toneWav(path.join(audio, `${who}.wav`), hz, 10)]),
  ) as Record<keyof typeof TONES, string>;

  beforeAll(async () => {
    h = await startVoiceHarness(kind, { number: NUMBER });
    alice = await addAgent(h.t, h.acme, 'alice');
    bob = await addAgent(h.t, h.acme, 'bob');
    const supervisor = await h.t.server.database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', h.acme.emails.supervisor)
      .executeTakeFirstOrThrow();
    supervisorId = supervisor.id;
    await h.addSipAccount(alice.id, 'acme.alice');
    await h.addSipAccount(bob.id, 'acme.bob');
    await h.addSipAccount(supervisorId, 'acme.sup');
  });

  afterAll(async () => {
    await h?.close();
    fs.rmSync(audio, { recursive: true, force: true });
  });

  /** A phone registered for `username` that answers after a short ring and sends `tone`. */
  async function phone(username: string, tone: string) {
    const ports = sippPorts();
    const registered = await h.register(username, ports.sip);
    expect(registered.code, registered.output).toBe(0);
    return sipp('agent-answers.xml', {
      ports,
      keys: { ring_ms: 300, agent_audio: tone },
      timeoutSeconds: 60,
    });
  }

  const db = () => h.t.server.database.db;

  async function latestCall() {
    return waitFor('the call to be answered', async () =>
      db()
        .selectFrom('voice_calls')
        .selectAll()
        .where('answered_at', 'is not', null)
        .where('ended_at', 'is', null)
        .orderBy('arrived_at', 'desc')
        .executeTakeFirst(),
    );
  }

  async function eventsOf(callId: string) {
    return db()
      .selectFrom('voice_call_events')
      .select(['kind', 'agent_id', 'detail'])
      .where('call_id', '=', callId)
      .orderBy('id')
      .execute();
  }

  const waitForEvent = (callId: string, kind: string, agentId?: string) =>
    waitFor(`the call event ${kind}`, async () =>
      (await eventsOf(callId)).find((e) => e.kind === kind && (!agentId || e.agent_id === agentId)),
    );

  async function endedCall(callId: string) {
    return waitFor('the call record to end with its recording', async () => {
      const row = await db()
        .selectFrom('voice_calls')
        .selectAll()
        .where('id', '=', callId)
        .executeTakeFirst();
      return row?.ended_at && row.recording_id ? row : undefined;
    });
  }

  async function wrapUpAll() {
    await db().deleteFrom('sip_registrations').execute();
    const active = await db()
      .selectFrom('interactions')
      .select(['id', 'agent_id'])
      .where('status', '=', 'active')
      .execute();
    for (const row of active) {
      const token = row.agent_id === alice.id ? alice.token : bob.token;
      await call(h.t, 'POST', `/api/v1/interactions/${row.id}/wrap-up`, {
        token,
        json: { code: 'resolved' },
      });
    }
    await setState(h.t, alice.token, alice.id, 'offline');
    await setState(h.t, bob.token, bob.id, 'offline');
  }

  it("holds the caller when the agent's own phone presses hold (re-INVITE sendonly) and resumes on sendrecv", async () => {
    const ports = sippPorts();
    expect((await h.register('acme.alice', ports.sip)).code).toBe(0);
    // The edge as the phone's remote end: sipp sends its re-INVITEs there.
    const alicePhone = sipp('agent-holds.xml', {
      target: h.edge(),
      ports,
      keys: { ring_ms: 300, agent_audio: wav.alice, hold_after_ms: 1500, hold_ms: 2500 },
      timeoutSeconds: 40,
    });
    await setState(h.t, alice.token, alice.id, 'available');
    const caller = sipp('caller.xml', {
      target: h.edge(),
      service: NUMBER,
      keys: { caller_audio: wav.caller, talk_ms: 8000 },
      timeoutSeconds: 40,
    });
    const answered = await latestCall();
    const [customer, phoneDone] = await Promise.all([caller.done, alicePhone.done]);
    expect(customer.code, customer.output).toBe(0);
    // The phone's scenario checks that the hold was answered with a=recvonly.
    expect(phoneDone.code, phoneDone.output).toBe(0);
    const events = await eventsOf(answered.id);
    expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(['held', 'resumed']));
    expect(events.find((e) => e.kind === 'held')?.detail).toEqual({ by: 'phone' });
    const ended = await endedCall(answered.id);
    expect(ended.ended_by).toBe('caller');
    await wrapUpAll();
  });

  it('blind-transfers a call to another agent: the first phone is hung up, the caller waits, the next phone rings', async () => {
    const alicePhone = await phone('acme.alice', wav.alice);
    const bobPhone = await phone('acme.bob', wav.bob);
    await setState(h.t, alice.token, alice.id, 'available');
    const caller = sipp('caller.xml', {
      target: h.edge(),
      service: NUMBER,
      keys: { caller_audio: wav.caller, talk_ms: 9000 },
      timeoutSeconds: 40,
    });
    const answered = await latestCall();
    expect(answered.agent_id).toBe(alice.id);
    await new Promise((r) => setTimeout(r, 2000)); // alice and the caller talk a little
    await setState(h.t, bob.token, bob.id, 'available');
    const moved = await call(h.t, 'POST', `/api/v1/interactions/${answered.interaction_id}/transfer`, {
      token: alice.token,
      json: { agentId: bob.id, note: '转技术支持' },
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    // Alice's phone is hung up on (its scenario ends on our BYE); Bob's rings and answers.
    const aliceDone = await alicePhone.done;
    expect(aliceDone.code, aliceDone.output).toBe(0);
    const [customer, bobDone] = await Promise.all([caller.done, bobPhone.done]);
    expect(customer.code, customer.output).toBe(0);
    expect(bobDone.code, bobDone.output).toBe(0);

    const ended = await endedCall(answered.id);
    expect(ended).toMatchObject({ agent_id: bob.id, ended_by: 'caller' });
    expect(ended.answered_at?.getTime()).toBe(answered.answered_at?.getTime());
    const kinds = (await eventsOf(answered.id)).map((e) => `${e.kind}${e.agent_id ? `:${e.agent_id}` : ''}`);
    expect(kinds).toEqual([
      'arrived',
      'queued',
      `offered:${alice.id}`,
      `ringing:${alice.id}`,
      `answered:${alice.id}`,
      `transferred:${alice.id}`,
      `offered:${bob.id}`,
      `ringing:${bob.id}`,
      `answered:${bob.id}`,
      'ended',
    ]);
    const transferred = (await eventsOf(answered.id)).find((e) => e.kind === 'transferred');
    expect(transferred?.detail).toMatchObject({ mode: 'blind', agentId: bob.id });
    const interaction = await db()
      .selectFrom('interactions')
      .select(['status', 'agent_id'])
      .where('id', '=', answered.interaction_id!)
      .executeTakeFirstOrThrow();
    expect(interaction).toEqual({ status: 'active', agent_id: bob.id });

    // One recording of the whole call: Alice's voice, then Bob's, on the agent's side.
    const { left, right } = await h.readRecording(ended.recording_id!);
    const agents = tonesBySecond(right, { alice: TONES.alice, bob: TONES.bob });
    expect(agents).toContain('alice');
    expect(agents).toContain('bob');
    expect(agents.lastIndexOf('alice')).toBeLessThan(agents.indexOf('bob'));
    expect(
      tonesBySecond(left, TONES)
        .filter((s) => s !== '-')
        .every((s) => s === 'caller'),
    ).toBe(true);
    await wrapUpAll();
  });

  it('holds, consults a colleague and completes an attended transfer while a supervisor listens in unheard', async () => {
    const alicePhone = await phone('acme.alice', wav.alice);
    const bobPhone = await phone('acme.bob', wav.bob);
    const supervisorPhone = await phone('acme.sup', wav.supervisor);
    await setState(h.t, alice.token, alice.id, 'available');
    const caller = sipp('caller.xml', {
      target: h.edge(),
      service: NUMBER,
      keys: { caller_audio: wav.caller, talk_ms: 16000 },
      timeoutSeconds: 50,
    });
    const answered = await latestCall();
    const calls = `/api/v1/voice/calls/${answered.id}`;
    const as = (token: string, action: string, json?: unknown) =>
      call(h.t, 'POST', `${calls}/${action}`, { token, ...(json ? { json } : {}) });

    // Hold and resume from the desktop; a second hold is refused while held.
    expect((await as(alice.token, 'hold')).status).toBe(202);
    await waitForEvent(answered.id, 'held');
    const twice = await as(alice.token, 'hold');
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ error: { message: 'The call is on hold already' } });
    const view = await call<{ onHold: boolean }>(h.t, 'GET', calls, { token: alice.token });
    expect(view.body.onHold).toBe(true);
    expect((await as(alice.token, 'resume')).status).toBe(202);
    await waitForEvent(answered.id, 'resumed');

    // The supervisor listens in; an agent may not.
    expect((await as(alice.token, 'listen')).status).toBe(403);
    expect((await as(h.acme.tokens.supervisor, 'listen')).status).toBe(202);
    await waitForEvent(answered.id, 'listen_started', supervisorId);

    // Consulting oneself is refused; consulting Bob rings his phone and holds the caller.
    expect((await as(alice.token, 'consult', { agentId: alice.id })).status).toBe(400);
    await setState(h.t, bob.token, bob.id, 'available');
    expect((await as(alice.token, 'consult', { agentId: bob.id })).status).toBe(202);
    await waitForEvent(answered.id, 'consult_answered', bob.id);
    const consulting = await call<{ onHold: boolean; consult: unknown; listeners: string[] }>(
      h.t,
      'GET',
      calls,
      {
        token: alice.token,
      },
    );
    expect(consulting.body).toMatchObject({
      onHold: true,
      consult: { agentId: bob.id, answered: true },
      listeners: [supervisorId],
    });
    await new Promise((r) => setTimeout(r, 1500)); // alice tells bob about the caller

    // Transferring to the colleague on the line completes it: Alice is hung up on, Bob takes over.
    const moved = await call(h.t, 'POST', `/api/v1/interactions/${answered.interaction_id}/transfer`, {
      token: alice.token,
      json: { agentId: bob.id },
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const aliceDone = await alicePhone.done;
    expect(aliceDone.code, aliceDone.output).toBe(0);
    const [customer, bobDone, supervisorDone] = await Promise.all([
      caller.done,
      bobPhone.done,
      supervisorPhone.done,
    ]);
    expect(customer.code, customer.output).toBe(0);
    expect(bobDone.code, bobDone.output).toBe(0);
    expect(supervisorDone.code, supervisorDone.output).toBe(0);

    const ended = await endedCall(answered.id);
    expect(ended).toMatchObject({ agent_id: bob.id, ended_by: 'caller' });
    const events = await eventsOf(answered.id);
    const kinds = events.map((e) => e.kind);
    expect(kinds.slice(kinds.indexOf('answered'))).toEqual([
      'answered',
      'held',
      'resumed',
      'listen_started',
      'held',
      'consult_started',
      'consult_answered',
      'transferred',
      'answered',
      'ended',
    ]);
    expect(events.find((e) => e.kind === 'transferred')?.detail).toMatchObject({ mode: 'attended' });
    expect(events.at(-2)).toMatchObject({ agent_id: bob.id, detail: { transfer: 'attended' } });
    const interaction = await db()
      .selectFrom('interactions')
      .select(['status', 'agent_id'])
      .where('id', '=', answered.interaction_id!)
      .executeTakeFirstOrThrow();
    expect(interaction).toEqual({ status: 'active', agent_id: bob.id });

    // Alice then Bob on the agent's side; the supervisor's voice is nowhere in the call.
    const { left, right } = await h.readRecording(ended.recording_id!);
    const agents = tonesBySecond(right, TONES);
    expect(agents).toContain('alice');
    expect(agents).toContain('bob');
    expect(agents.lastIndexOf('alice')).toBeLessThan(agents.indexOf('bob'));
    expect(agents).not.toContain('supervisor');
    expect(tonesBySecond(left, TONES)).not.toContain('supervisor');
    await wrapUpAll();
  });
  it('sums the calls up in the call report: by agent, with holds and transfers, as JSON and CSV', async () => {
    const report = await call<{
      rows: { key: string; inbound: number; answered: number; transfers: number; holds: number }[];
      total: { inbound: number; answered: number; abandoned: number; transfers: number; holds: number };
    }>(h.t, 'GET', '/api/v1/reports/calls?groupBy=agent', { token: h.acme.tokens.supervisor });
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    // The phone's own hold, then the blind and the attended transfer (held twice: hold, consult).
    expect(report.body.total).toMatchObject({
      inbound: 3,
      answered: 3,
      abandoned: 0,
      transfers: 2,
      holds: 3,
    });
    // A call counts for the agent who had it last.
    expect(report.body.rows.find((r) => r.key === bob.id)).toMatchObject({ inbound: 2, transfers: 2 });
    expect(report.body.rows.find((r) => r.key === alice.id)).toMatchObject({ inbound: 1, holds: 1 });

    const csv = await h.t.server.app.inject({
      method: 'GET',
      url: '/api/v1/reports/calls?groupBy=queue&format=csv',
      headers: { authorization: `Bearer ${h.acme.tokens.analyst}` },
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toMatch(/^(队列|Queue),/);
    expect(lines.at(-1)).toMatch(/^(合计|Total),3,0,3,0,/);

    const agent = await call(h.t, 'GET', '/api/v1/reports/calls', { token: alice.token });
    expect(agent.status).toBe(403);
    const tooLong = await call<{ error: { message: string } }>(
      h.t,
      'GET',
      '/api/v1/reports/calls?from=2026-01-01&to=2026-06-30',
      { token: h.acme.tokens.supervisor },
    );
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toContain('at most 93 days');
    const backwards = await call(h.t, 'GET', '/api/v1/reports/calls?from=2026-02-02&to=2026-02-01', {
      token: h.acme.tokens.supervisor,
    });
    expect(backwards.status).toBe(400);
  });
});
