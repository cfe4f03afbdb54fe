import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ha1 } from '../../src/channels/voice/sip/digest-auth.ts';
import { addAgent, addQueue, setState, type TestAgent, waitFor } from '../support/routing-helpers.ts';
import { sipp, sippPorts, toneWav } from '../support/sipp.ts';
import {
  call,
  DATABASES,
  seedTenant,
  startTestServer,
  type TestServer,
  type TestTenant,
} from '../support/test-server.ts';

/**
 * The call records and recordings API over one real call (sipp as the customer and as the
 * agent's desk phone, as in voice-call.test.ts), plus rows written directly for the cases a
 * live call cannot make: another tenant's call, a second call for paging, a path that escapes.
 */
const HOTLINE_NUMBER = '4008001234';
const CALLER = '13800138000';
const USERNAME = 'acme.alice';
const PASSWORD = 'acme.alice-secret';

interface CallBody {
  id: string;
  interactionId: string | null;
  customerId: string | null;
  direction: string;
  fromNumber: string | null;
  toNumber: string | null;
  agent: { id: string; name: string | null } | null;
  answeredAt: string | null;
  endedAt: string | null;
  endedBy: string | null;
  talkSeconds: number | null;
  durationSeconds: number | null;
  ivrPath: string[];
  recording: { id: string; durationMs: number; bytes: number; url: string } | null;
  events?: { kind: string; at: string; agentId: string | null; detail: Record<string, unknown> }[];
}
type Page = { items: CallBody[]; nextCursor: string | null };

describe.each(DATABASES)('voice calls API on %s', (kind) => {
  let t: TestServer;
  let acme: TestTenant;
  let globex: TestTenant;
  let alice: TestAgent;
  let bob: TestAgent;
  let recordings: string;
  let customerId: string;
  let live: CallBody;
  type Key =
    | 'call'
    | 'recording'
    | 'interaction'
    | 'older'
    | 'escaping'
    | 'absolute'
    | 'missing'
    | 'globexRecording'
    | 'globexCall';
  const ids = {} as Record<Key, string>;
  const audio = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-tones-'));

  beforeAll(async () => {
    recordings = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-recordings-'));
    t = await startTestServer(kind, {
      HOTLINE_SIP_PORT: '0',
      HOTLINE_SIP_HOST: '127.0.0.1',
      HOTLINE_RECORDINGS_DIR: recordings,
      HOTLINE_OFFER_TIMEOUT_SECONDS: '6',
      HOTLINE_ROUTING_SWEEP_MS: '200',
    });
    acme = await seedTenant(t, 'acme');
    globex = await seedTenant(t, 'globex');
    const queue = await addQueue(t, acme.tokens.supervisor, {
      code: 'service',
      name: '售后服务',
      channels: ['voice'],
      wrapUpSeconds: 0,
    });
    alice = await addAgent(t, acme, 'alice');
    bob = await addAgent(t, acme, 'bob');
    const customer = await call<{ id: string }>(t, 'POST', '/api/v1/customers', {
      token: acme.tokens.supervisor,
      json: { name: '张伟', contacts: [{ kind: 'phone', value: CALLER }] },
    });
    expect(customer.status).toBe(201);
    customerId = customer.body.id;
    const db = t.server.database.db;
    await db
      .insertInto('sip_accounts')
      .values({
        user_id: alice.id,
        tenant_id: acme.id,
        username: USERNAME,
        ha1_md5: ha1(USERNAME, 'hotline', PASSWORD, 'MD5'),
        ha1_sha256: ha1(USERNAME, 'hotline', PASSWORD, 'SHA-256'),
      })
      .execute();
    await db
      .insertInto('voice_numbers')
      .values({ number: HOTLINE_NUMBER, tenant_id: acme.id, queue_id: queue.id, label: '客服热线' })
      .execute();

    // One real call: Alice's phone answers, the customer hears the greeting, talks and hangs up.
    const edge = `127.0.0.1:${t.server.voice.port}`;
    const phone = sippPorts();
    const registered = await sipp('register.xml', {
      target: edge,
      service: USERNAME,
      auth: { username: USERNAME, password: PASSWORD },
      keys: { answer_port: phone.sip },
      timeoutSeconds: 15,
    }).done;
    expect(registered.code, registered.output).toBe(0);
    const answering = sipp('agent-answers.xml', {
      ports: phone,
      keys: { ring_ms: 300, agent_audio: toneWav(path.join(audio, 'agent.wav'), 1000, 10) },
      timeoutSeconds: 40,
    });
    await setState(t, alice.token, alice.id, 'available');
    const caller = sipp('caller.xml', {
      target: edge,
      service: HOTLINE_NUMBER,
      keys: { caller_audio: toneWav(path.join(audio, 'caller.wav'), 440, 10), talk_ms: 8000 },
      timeoutSeconds: 40,
    });
    const [customerSide, agentSide] = await Promise.all([caller.done, answering.done]);
    expect(customerSide.code, customerSide.output).toBe(0);
    expect(agentSide.code, agentSide.output).toBe(0);
    const record = await waitFor('the call record to end with its recording', async () => {
      const row = await db.selectFrom('voice_calls').selectAll().executeTakeFirst();
      return row?.ended_at && row.recording_id ? row : undefined;
    });
    ids.call = record.id;
    ids.recording = record.recording_id!;
    ids.interaction = record.interaction_id!;
    const linked = await call(t, 'POST', `/api/v1/interactions/${ids.interaction}/link-customer`, {
      token: alice.token,
      json: { customerId },
    });
    expect(linked.status).toBe(200);
    const wrapped = await call(t, 'POST', `/api/v1/interactions/${ids.interaction}/wrap-up`, {
      token: alice.token,
      json: { code: 'resolved' },
    });
    expect(wrapped.status).toBe(200);

    // An older outbound call of Acme's with no recording (for paging and filters), a recording
    // row whose path escapes the directory, one whose file is gone, and Globex's own call.
    const older = await db
      .insertInto('voice_calls')
      .values({
        tenant_id: acme.id,
        direction: 'outbound',
        sip_call_id: 'older@test',
        from_number: HOTLINE_NUMBER,
        to_number: '13900139000',
        arrived_at: new Date(Date.now() - 3_600_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.older = older.id;
    fs.writeFileSync(path.join(os.tmpdir(), 'hotline-outside.wav'), 'RIFF outside');
    for (const [key, file] of [
      ['escaping', '../hotline-outside.wav'],
      ['absolute', path.join(os.tmpdir(), 'hotline-outside.wav')],
      ['missing', `${acme.id}/gone.wav`],
    ] as const) {
      ids[key] = (
        await db
          .insertInto('voice_recordings')
          .values({ tenant_id: acme.id, file, bytes: 12 })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    }
    fs.mkdirSync(path.join(recordings, globex.id));
    fs.writeFileSync(path.join(recordings, globex.id, 'secret.wav'), 'RIFF globex');
    ids.globexRecording = (
      await db
        .insertInto('voice_recordings')
        .values({ tenant_id: globex.id, file: `${globex.id}/secret.wav`, bytes: 11 })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    ids.globexCall = (
      await db
        .insertInto('voice_calls')
        .values({
          tenant_id: globex.id,
          direction: 'inbound',
          sip_call_id: 'globex@test',
          from_number: '13512340000',
          to_number: '4009990000',
          recording_id: ids.globexRecording,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  }, 90_000);

  afterAll(async () => {
    await t?.close();
    fs.rmSync(recordings, { recursive: true, force: true });
    fs.rmSync(audio, { recursive: true, force: true });
  });

  const list = (token: string, query = '') => call<Page>(t, 'GET', `/api/v1/voice/calls${query}`, { token });

  it('lists the call with its stages, agent, hang-up and recording, newest first', async () => {
    const res = await list(acme.tokens.supervisor);
    expect(res.status).toBe(200);
    expect(res.body.items.map((c) => c.id)).toEqual([ids.call, ids.older]);
    live = res.body.items[0]!;
    expect(live).toMatchObject({
      interactionId: ids.interaction,
      customerId,
      direction: 'inbound',
      fromNumber: CALLER,
      toNumber: HOTLINE_NUMBER,
      agent: { id: alice.id, name: 'alice' },
      endedBy: 'caller',
      ivrPath: [],
      recording: { id: ids.recording, url: `/api/v1/voice/recordings/${ids.recording}/audio` },
    });
    expect(live.talkSeconds).toBeGreaterThanOrEqual(2);
    expect(live.durationSeconds).toBeGreaterThanOrEqual(live.talkSeconds!);
    expect(live.recording!.durationMs).toBeGreaterThan(2000);
  });

  it('shows one call with its events (the CDR)', async () => {
    const res = await call<CallBody>(t, 'GET', `/api/v1/voice/calls/${ids.call}`, {
      token: acme.tokens.supervisor,
    });
    expect(res.status).toBe(200);
    expect(res.body.events!.map((e) => e.kind)).toEqual([
      'arrived',
      'queued',
      'offered',
      'ringing',
      'answered',
      'ended',
    ]);
    expect(res.body.events![0]!.detail).toEqual({ from: CALLER, to: HOTLINE_NUMBER });
    expect(res.body.events!.at(-1)!.detail).toMatchObject({ endedBy: 'caller' });
    expect(res.body.events!.find((e) => e.kind === 'answered')!.agentId).toBe(alice.id);
  });

  it('filters by interaction, customer, direction and time, and pages with a cursor', async () => {
    const ids_ = async (query: string) =>
      (await list(acme.tokens.supervisor, query)).body.items.map((c) => c.id);
    expect(await ids_(`?interactionId=${ids.interaction}`)).toEqual([ids.call]);
    expect(await ids_(`?customerId=${customerId}`)).toEqual([ids.call]);
    expect(await ids_('?direction=outbound')).toEqual([ids.older]);
    const tenMinutesAgo = new Date(Date.now() - 600_000).toISOString();
    expect(await ids_(`?from=${encodeURIComponent(tenMinutesAgo)}`)).toEqual([ids.call]);
    expect(await ids_(`?to=${encodeURIComponent(tenMinutesAgo)}`)).toEqual([ids.older]);
    const first = await list(acme.tokens.supervisor, '?limit=1');
    expect(first.body.items.map((c) => c.id)).toEqual([ids.call]);
    expect(first.body.nextCursor).toBeTruthy();
    const second = await list(acme.tokens.supervisor, `?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((c) => c.id)).toEqual([ids.older]);
    expect(second.body.nextCursor).toBeNull();
    expect((await list(acme.tokens.supervisor, '?cursor=nonsense')).status).toBe(400);
    expect((await list(acme.tokens.supervisor, '?direction=sideways')).status).toBe(400);
    expect((await list(acme.tokens.supervisor, '?from=yesterday')).status).toBe(400);
  });

  it.each([
    ['tenant_admin', CALLER, '13900139000'],
    ['supervisor', CALLER, '13900139000'],
    ['analyst', '*******8000', '*******9000'],
  ] as const)('a %s sees every call, the customer’s number as %s', async (role, caller, dialled) => {
    const res = await list(acme.tokens[role]);
    expect(res.body.items.map((c) => [c.fromNumber, c.toNumber])).toEqual([
      [caller, HOTLINE_NUMBER],
      [HOTLINE_NUMBER, dialled],
    ]);
    const detail = await call<CallBody>(t, 'GET', `/api/v1/voice/calls/${ids.call}`, {
      token: acme.tokens[role],
    });
    expect(detail.body.events![0]!.detail.from).toBe(caller);
    if (role === 'analyst') expect(JSON.stringify(detail.body)).not.toContain(CALLER);
  });

  it('lets an agent see only the calls they handled, masked', async () => {
    const mine = await list(alice.token);
    expect(mine.body.items.map((c) => [c.id, c.fromNumber])).toEqual([[ids.call, '*******8000']]);
    expect(JSON.stringify(mine.body)).not.toContain(CALLER);
    const detail = await call<CallBody>(t, 'GET', `/api/v1/voice/calls/${ids.call}`, { token: alice.token });
    expect(detail.status).toBe(200);
    expect(JSON.stringify(detail.body)).not.toContain(CALLER);
    expect((await list(bob.token)).body.items).toEqual([]);
    expect((await list(bob.token, `?interactionId=${ids.interaction}`)).body.items).toEqual([]);
    expect((await call(t, 'GET', `/api/v1/voice/calls/${ids.call}`, { token: bob.token })).status).toBe(404);
    expect((await call(t, 'GET', `/api/v1/voice/calls/${ids.older}`, { token: alice.token })).status).toBe(
      404,
    );
  });

  it('keeps calls and recordings of another tenant out of sight', async () => {
    const sup = acme.tokens.supervisor;
    expect(JSON.stringify((await list(sup)).body)).not.toContain(ids.globexCall);
    expect((await call(t, 'GET', `/api/v1/voice/calls/${ids.globexCall}`, { token: sup })).status).toBe(404);
    const audio = await call(t, 'GET', `/api/v1/voice/recordings/${ids.globexRecording}/audio`, {
      token: sup,
    });
    expect(audio.status).toBe(404);
    expect(JSON.stringify(audio.body)).not.toContain('globex');
    const theirs = await list(globex.tokens.supervisor);
    expect(theirs.body.items.map((c) => c.id)).toEqual([ids.globexCall]);
    expect(
      (
        await call(t, 'GET', `/api/v1/voice/recordings/${ids.recording}/audio`, {
          token: globex.tokens.analyst,
        })
      ).status,
    ).toBe(404);
  });

  const fetchAudio = (id: string, token: string | null, range?: string) =>
    fetch(`${t.baseUrl}/api/v1/voice/recordings/${id}/audio`, {
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(range ? { range } : {}),
      },
    });

  it('streams the recording as a WAV, whole or by byte range', async () => {
    const file = fs.readFileSync(
      path.join(
        recordings,
        (
          await t.server.database.db
            .selectFrom('voice_recordings')
            .select('file')
            .where('id', '=', ids.recording)
            .executeTakeFirstOrThrow()
        ).file,
      ),
    );
    const whole = await fetchAudio(ids.recording, acme.tokens.analyst);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('audio/wav');
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(Number(whole.headers.get('content-length'))).toBe(file.length);
    const body = Buffer.from(await whole.arrayBuffer());
    expect(body.equals(file)).toBe(true);
    expect(body.subarray(0, 4).toString()).toBe('RIFF');

    const head = await fetchAudio(ids.recording, acme.tokens.supervisor, 'bytes=0-43');
    expect(head.status).toBe(206);
    expect(head.headers.get('content-range')).toBe(`bytes 0-43/${file.length}`);
    expect(Buffer.from(await head.arrayBuffer()).equals(file.subarray(0, 44))).toBe(true);

    const tail = await fetchAudio(ids.recording, alice.token, 'bytes=1000-');
    expect(tail.status).toBe(206);
    expect(tail.headers.get('content-range')).toBe(`bytes 1000-${file.length - 1}/${file.length}`);
    expect(Buffer.from(await tail.arrayBuffer()).equals(file.subarray(1000))).toBe(true);

    const suffix = await fetchAudio(ids.recording, acme.tokens.tenant_admin, 'bytes=-100');
    expect(suffix.status).toBe(206);
    expect(Buffer.from(await suffix.arrayBuffer()).equals(file.subarray(file.length - 100))).toBe(true);

    const past = await fetchAudio(ids.recording, acme.tokens.supervisor, `bytes=${file.length}-`);
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${file.length}`);
  });

  it.each([
    ['an agent who did not handle the call', 'bob', 'recording'],
    ['a path that climbs out of the recordings directory', 'supervisor', 'escaping'],
    ['an absolute path', 'supervisor', 'absolute'],
    ['a file that is gone', 'supervisor', 'missing'],
    ['an unknown id', 'supervisor', 'unknown'],
  ])('answers 404 for %s', async (_, who, key) => {
    const token = who === 'bob' ? bob.token : acme.tokens.supervisor;
    const id = key === 'unknown' ? '00000000-0000-4000-8000-000000000000' : ids[key as Key];
    const res = await fetchAudio(id, token);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('RIFF');
  });

  it('refuses a request without a session', async () => {
    expect((await fetchAudio(ids.recording, null)).status).toBe(401);
    expect((await call(t, 'GET', '/api/v1/voice/calls')).status).toBe(401);
  });

  it('puts the call with its recording on the customer’s timeline', async () => {
    type Timeline = { items: { kind: string; refId: string; call?: CallBody }[] };
    const timeline = (token: string) =>
      call<Timeline>(t, 'GET', `/api/v1/customers/${customerId}/timeline`, { token });
    const entry = (body: Timeline) =>
      body.items.find((i) => i.kind === 'interaction' && i.refId === ids.interaction);
    const bySupervisor = entry((await timeline(acme.tokens.supervisor)).body);
    expect(bySupervisor?.call).toMatchObject({
      id: ids.call,
      fromNumber: CALLER,
      agent: { name: 'alice' },
      endedBy: 'caller',
      recording: { id: ids.recording },
    });
    expect(entry((await timeline(acme.tokens.analyst)).body)?.call).toMatchObject({
      fromNumber: '*******8000',
      recording: { id: ids.recording },
    });
    expect(entry((await timeline(alice.token)).body)?.call?.recording?.id).toBe(ids.recording);
    // Bob did not handle it: he sees that the call happened, not its recording.
    const byBob = entry((await timeline(bob.token)).body);
    expect(byBob?.call).toMatchObject({ id: ids.call, fromNumber: '*******8000', recording: null });
  });
});
