import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeWav, readWavAsTelephonePcm } from '../../src/channels/voice/media/wav.ts';
import { addQueue } from '../support/routing-helpers.ts';
import { call, DATABASES, seedTenant, startTestServer, type TestServer } from '../support/test-server.ts';

interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}
interface MenuBody {
  id: string;
  name: string;
  definition: Record<string, unknown>;
  numbers: string[];
}
interface PromptBody {
  id: string;
  name: string;
  language: 'zh' | 'en';
  durationMs: number;
  usedBy: { id: string; name: string }[];
}

/** A tone of `seconds` at `rate` Hz, interleaved over `channels`: what an admin's audio tool saves. */
function toneWav(seconds: number, rate = 44_100, channels = 2): Buffer {
  const frames = Math.round(seconds * rate);
  const samples = new Int16Array(frames * channels);
  for (let f = 0; f < frames; f++) {
    const v = Math.round(8000 * Math.sin((2 * Math.PI * 440 * f) / rate));
    for (let c = 0; c < channels; c++) samples[f * channels + c] = v;
  }
  return Buffer.from(encodeWav(samples, rate, channels));
}

/** IVR menus and voice prompts over HTTP: CRUD, validation, uploads, conflicts, isolation. */
describe.each(DATABASES)('IVR menus and prompts on %s', (kind) => {
  let t: TestServer;
  let tenantNo = 0;
  const tenant = () => seedTenant(t, `ivr-${kind}-${++tenantNo}`);

  beforeAll(async () => {
    t = await startTestServer(kind);
  });
  afterAll(() => t?.close());

  const upload = (token: string, body: Buffer, query = 'language=zh&name=Welcome', type = 'audio/wav') =>
    call<PromptBody & ErrorBody>(t, 'POST', `/api/v1/voice/prompts?${query}`, {
      token,
      body,
      headers: { 'content-type': type },
    });

  const menuOf = (queueId: string, extra: Record<string, unknown> = {}) => ({
    greeting: [{ builtIn: 'welcome' }],
    languageChoice: {},
    menu: {
      prompts: [{ builtIn: 'please-hold' }],
      options: [
        { key: '1', label: 'Sales', action: { type: 'queue', queueId } },
        {
          key: '2',
          action: {
            type: 'menu',
            menu: {
              options: [
                { key: '1', action: { type: 'voicemail', queueId } },
                { key: '*', action: { type: 'repeat' } },
              ],
            },
          },
        },
        { key: '0', action: { type: 'hangup' } },
      ],
    },
    ...extra,
  });

  it('creates, reads, changes and deletes a menu; defaults are filled; changes are audited', async () => {
    const acme = await tenant();
    const admin = acme.tokens.tenant_admin;
    const queue = await addQueue(t, admin, { code: 'hotline', name: '热线', channels: ['voice'] });

    const created = await call<MenuBody>(t, 'POST', '/api/v1/voice/ivr-menus', {
      token: admin,
      json: { name: '主菜单', definition: menuOf(queue.id) },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: '主菜单',
      numbers: [],
      definition: {
        languageChoice: { keys: { zh: '1', en: '2' } },
        timeoutSeconds: 5,
        retries: 2,
        afterHours: { prompts: [{ builtIn: 'after-hours' }], next: { type: 'hangup' } },
      },
    });
    const id = created.body.id;

    // Supervisors read; agents do not see menus at all.
    const list = await call<{ items: MenuBody[] }>(t, 'GET', '/api/v1/voice/ivr-menus', {
      token: acme.tokens.supervisor,
    });
    expect(list.status).toBe(200);
    expect(list.body.items.map((m) => m.id)).toEqual([id]);
    expect((await call(t, 'GET', '/api/v1/voice/ivr-menus', { token: acme.tokens.agent })).status).toBe(403);
    // Supervisors do not write.
    const bySupervisor = await call(t, 'PATCH', `/api/v1/voice/ivr-menus/${id}`, {
      token: acme.tokens.supervisor,
      json: { name: 'x' },
    });
    expect(bySupervisor.status).toBe(403);

    const renamed = await call<MenuBody>(t, 'PATCH', `/api/v1/voice/ivr-menus/${id}`, {
      token: admin,
      json: { name: 'Main menu', definition: menuOf(queue.id, { retries: 4, languageChoice: null }) },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({
      name: 'Main menu',
      definition: { retries: 4, languageChoice: null },
    });
    const one = await call<MenuBody>(t, 'GET', `/api/v1/voice/ivr-menus/${id}`, { token: admin });
    expect(one.body.definition).toEqual(renamed.body.definition);

    const nothing = await call<ErrorBody>(t, 'PATCH', `/api/v1/voice/ivr-menus/${id}`, {
      token: admin,
      json: {},
    });
    expect(nothing.status).toBe(400);
    expect(nothing.body.error.message).toMatch(/Nothing to change/);

    // A retried create with the same Idempotency-Key makes one menu.
    const retry = () =>
      call<MenuBody>(t, 'POST', '/api/v1/voice/ivr-menus', {
        token: admin,
        json: { name: 'Once', definition: menuOf(queue.id) },
        headers: { 'idempotency-key': `ivr-once-${kind}` },
      });
    const [first, second] = [await retry(), await retry()];
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body.id).toBe(first.body.id);
    expect(
      (await call(t, 'DELETE', `/api/v1/voice/ivr-menus/${first.body.id}`, { token: admin })).status,
    ).toBe(204);

    expect((await call(t, 'DELETE', `/api/v1/voice/ivr-menus/${id}`, { token: admin })).status).toBe(204);
    expect((await call(t, 'GET', `/api/v1/voice/ivr-menus/${id}`, { token: admin })).status).toBe(404);
    expect((await call(t, 'DELETE', `/api/v1/voice/ivr-menus/${id}`, { token: admin })).status).toBe(404);

    const audit = await t.server.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_name'])
      .where('entity_id', '=', id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['ivr_menu_create', 'ivr_menu_update', 'ivr_menu_delete']);

    // The recursive menu schema still makes an OpenAPI document.
    const openapi = await call<{ paths: Record<string, unknown> }>(t, 'GET', '/api/openapi.json');
    expect(openapi.status).toBe(200);
    expect(Object.keys(openapi.body.paths)).toContain('/api/v1/voice/ivr-menus/{id}');
  });

  it('refuses bad definitions with the path of the problem, and changes nothing', async () => {
    const acme = await tenant();
    const admin = acme.tokens.tenant_admin;
    const voice = await addQueue(t, admin, { code: 'voice', name: 'Voice', channels: ['voice'] });
    const chatOnly = await addQueue(t, admin, { code: 'chat', name: 'Chat', channels: ['chat'] });
    const deep = (n: number): Record<string, unknown> =>
      n === 1
        ? { options: [{ key: '1', action: { type: 'queue', queueId: voice.id } }] }
        : { options: [{ key: '1', action: { type: 'menu', menu: deep(n - 1) } }] };
    const cases: [string, unknown, RegExp][] = [
      ['no menu', { greeting: [] }, /menu/],
      [
        'a key twice',
        { menu: { options: [...(deep(1).options as unknown[]), ...(deep(1).options as unknown[])] } },
        /key 1 is used twice/,
      ],
      [
        'a non-DTMF key',
        { menu: { options: [{ key: 'a', action: { type: 'repeat' } }] } },
        /menu\.options\.0\.key/,
      ],
      ['too deep', { menu: deep(5) }, /at most 4 levels/],
      ['an unknown prompt id', { greeting: [{ builtIn: 'hello' }], menu: deep(1) }, /greeting/],
      ['a timeout of 0', { menu: deep(1), timeoutSeconds: 0 }, /timeoutSeconds/],
      [
        'the same key for zh and en',
        { menu: deep(1), languageChoice: { keys: { zh: '1', en: '1' } } },
        /different keys/,
      ],
      [
        'a queue of no tenant',
        menuOf('00000000-0000-4000-8000-000000000000'),
        /queue 00000000-.* does not exist/,
      ],
      ['a chat-only queue', menuOf(chatOnly.id), /queue chat does not take voice calls/],
      [
        'an uploaded prompt that does not exist',
        { menu: deep(1), greeting: [{ promptId: '00000000-0000-4000-8000-000000000000' }] },
        /prompt .* does not exist/,
      ],
    ];
    for (const [what, definition, message] of cases) {
      const res = await call<ErrorBody>(t, 'POST', '/api/v1/voice/ivr-menus', {
        token: admin,
        json: { name: what, definition },
      });
      expect(res.status, what).toBe(400);
      expect(res.body.error.code, what).toBe('VALIDATION_FAILED');
      expect(`${res.body.error.message} ${JSON.stringify(res.body.error.details)}`, what).toMatch(message);
    }
    expect(
      (
        await call(t, 'POST', '/api/v1/voice/ivr-menus', {
          token: admin,
          json: { name: '', definition: menuOf(voice.id) },
        })
      ).status,
    ).toBe(400);
    const list = await call<{ items: unknown[] }>(t, 'GET', '/api/v1/voice/ivr-menus', { token: admin });
    expect(list.body.items).toEqual([]);
    expect(deep(4)).toBeTruthy();
    expect(
      (
        await call(t, 'POST', '/api/v1/voice/ivr-menus', {
          token: admin,
          json: { name: 'deep', definition: { menu: deep(4) } },
        })
      ).status,
    ).toBe(201);
  });

  it('uploads a 44.1 kHz stereo WAV as 8 kHz mono, lists it, plays it back and deletes it', async () => {
    const acme = await tenant();
    const admin = acme.tokens.tenant_admin;
    const res = await upload(admin, toneWav(1.5));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Welcome', language: 'zh', usedBy: [] });
    expect(res.body.durationMs).toBeGreaterThanOrEqual(1490);
    expect(res.body.durationMs).toBeLessThanOrEqual(1510);

    const list = await call<{ items: PromptBody[] }>(t, 'GET', '/api/v1/voice/prompts', {
      token: acme.tokens.supervisor,
    });
    expect(list.body.items.map((p) => p.id)).toEqual([res.body.id]);

    const audio = await fetch(`${t.baseUrl}/api/v1/voice/prompts/${res.body.id}/audio`, {
      headers: { authorization: `Bearer ${acme.tokens.supervisor}` },
    });
    expect(audio.status).toBe(200);
    expect(audio.headers.get('content-type')).toMatch(/^audio\/wav/);
    const wav = readWavAsTelephonePcm(new Uint8Array(await audio.arrayBuffer()));
    expect(wav.source).toEqual({ sampleRate: 8000, channels: 1, bitDepth: '16' });
    expect(wav.durationMs).toBe(res.body.durationMs);
    // The tone survives the conversion (peak near 8000 of 32767).
    const peak = wav.pcm.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(peak).toBeGreaterThan(7000);
    expect(peak).toBeLessThan(9000);

    expect(
      (await call(t, 'DELETE', `/api/v1/voice/prompts/${res.body.id}`, { token: acme.tokens.supervisor }))
        .status,
    ).toBe(403);
    expect((await call(t, 'DELETE', `/api/v1/voice/prompts/${res.body.id}`, { token: admin })).status).toBe(
      204,
    );
    expect(
      (await call(t, 'GET', `/api/v1/voice/prompts/${res.body.id}/audio`, { token: admin })).status,
    ).toBe(404);
    const audit = await t.server.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', res.body.id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['voice_prompt_upload', 'voice_prompt_delete']);
  });

  it('takes a multipart form upload too, naming the prompt after the file', async () => {
    const acme = await tenant();
    const form = new FormData();
    form.append(
      'file',
      new Blob([new Uint8Array(toneWav(0.5, 16_000, 1))], { type: 'audio/wav' }),
      '欢迎语.wav',
    );
    const res = await fetch(`${t.baseUrl}/api/v1/voice/prompts?language=en`, {
      method: 'POST',
      headers: { authorization: `Bearer ${acme.tokens.tenant_admin}` },
      body: form,
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ name: '欢迎语', language: 'en', durationMs: 500 });
  });

  it('refuses files it cannot play with a 4xx that names the problem', async () => {
    const acme = await tenant();
    const admin = acme.tokens.tenant_admin;
    const cases: [string, Buffer, string, number, string][] = [
      ['garbage', Buffer.from('this is not audio at all, just text'), 'audio/wav', 415, 'not-wav'],
      ['a header only', toneWav(0), 'audio/wav', 400, 'empty'],
      ['too long', toneWav(121, 8000, 1), 'audio/wav', 400, 'too-long'],
      ['cut short', toneWav(1).subarray(0, 2000), 'audio/wav', 400, 'corrupt'],
    ];
    for (const [what, body, type, status, reason] of cases) {
      const res = await upload(admin, body, 'language=zh', type);
      expect(res.status, what).toBe(status);
      expect(res.body.error.details, what).toEqual({ reason });
      expect(res.body.error.message, what).toMatch(/^The prompt cannot be used: /);
    }
    const noLanguage = await upload(admin, toneWav(0.2), 'name=x');
    expect(noLanguage.status).toBe(400);
    expect(noLanguage.body.error.message).toMatch(/language/);
    const wrongType = await upload(admin, toneWav(0.2), 'language=zh', 'image/png');
    expect(wrongType.status).toBe(415);
    const list = await call<{ items: unknown[] }>(t, 'GET', '/api/v1/voice/prompts', { token: admin });
    expect(list.body.items).toEqual([]);
  });

  it('keeps prompts a menu plays and menus a number uses (409), and lets them go once free', async () => {
    const acme = await tenant();
    const admin = acme.tokens.tenant_admin;
    const queue = await addQueue(t, admin, { code: 'hotline', name: 'Hotline', channels: ['voice', 'chat'] });
    const prompt = (await upload(admin, toneWav(0.3))).body;
    const menu = await call<MenuBody>(t, 'POST', '/api/v1/voice/ivr-menus', {
      token: admin,
      json: {
        name: 'With my prompt',
        definition: menuOf(queue.id, {
          greeting: [{ zh: { promptId: prompt.id }, en: { builtIn: 'welcome' } }],
        }),
      },
    });
    expect(menu.status).toBe(201);
    const listed = await call<{ items: PromptBody[] }>(t, 'GET', '/api/v1/voice/prompts', { token: admin });
    expect(listed.body.items[0]?.usedBy).toEqual([{ id: menu.body.id, name: 'With my prompt' }]);

    const inUse = await call<ErrorBody>(t, 'DELETE', `/api/v1/voice/prompts/${prompt.id}`, { token: admin });
    expect(inUse.status).toBe(409);
    expect(inUse.body.error.message).toMatch(/With my prompt/);

    await t.server.database.db
      .insertInto('voice_numbers')
      .values({
        number: `4008${tenantNo}${kind === 'pglite' ? 1 : 2}0001`,
        tenant_id: acme.id,
        ivr_menu_id: menu.body.id,
      })
      .execute();
    const menuInUse = await call<ErrorBody>(t, 'DELETE', `/api/v1/voice/ivr-menus/${menu.body.id}`, {
      token: admin,
    });
    expect(menuInUse.status).toBe(409);
    expect(menuInUse.body.error.details).toEqual({ numbers: [expect.stringMatching(/^4008/)] });
    expect(
      (await call<MenuBody>(t, 'GET', `/api/v1/voice/ivr-menus/${menu.body.id}`, { token: admin })).body
        .numbers,
    ).toHaveLength(1);

    await t.server.database.db.deleteFrom('voice_numbers').where('tenant_id', '=', acme.id).execute();
    expect(
      (await call(t, 'DELETE', `/api/v1/voice/ivr-menus/${menu.body.id}`, { token: admin })).status,
    ).toBe(204);
    expect((await call(t, 'DELETE', `/api/v1/voice/prompts/${prompt.id}`, { token: admin })).status).toBe(
      204,
    );
  });

  it("keeps tenants apart: no reading, playing, using or deleting another tenant's menus and prompts", async () => {
    const acme = await tenant();
    const other = await tenant();
    const queue = await addQueue(t, acme.tokens.tenant_admin, {
      code: 'hotline',
      name: 'Hotline',
      channels: ['voice'],
    });
    const prompt = (await upload(acme.tokens.tenant_admin, toneWav(0.3))).body;
    const menu = (
      await call<MenuBody>(t, 'POST', '/api/v1/voice/ivr-menus', {
        token: acme.tokens.tenant_admin,
        json: { name: 'Acme', definition: menuOf(queue.id) },
      })
    ).body;
    const admin = other.tokens.tenant_admin;
    expect(
      (await call<{ items: unknown[] }>(t, 'GET', '/api/v1/voice/ivr-menus', { token: admin })).body.items,
    ).toEqual([]);
    expect(
      (await call<{ items: unknown[] }>(t, 'GET', '/api/v1/voice/prompts', { token: admin })).body.items,
    ).toEqual([]);
    expect((await call(t, 'GET', `/api/v1/voice/ivr-menus/${menu.id}`, { token: admin })).status).toBe(404);
    expect(
      (await call(t, 'PATCH', `/api/v1/voice/ivr-menus/${menu.id}`, { token: admin, json: { name: 'x' } }))
        .status,
    ).toBe(404);
    expect((await call(t, 'DELETE', `/api/v1/voice/ivr-menus/${menu.id}`, { token: admin })).status).toBe(
      404,
    );
    expect((await call(t, 'GET', `/api/v1/voice/prompts/${prompt.id}/audio`, { token: admin })).status).toBe(
      404,
    );
    expect((await call(t, 'DELETE', `/api/v1/voice/prompts/${prompt.id}`, { token: admin })).status).toBe(
      404,
    );
    // Nor build a menu on another tenant's queue or prompt.
    const borrowed = await call<ErrorBody>(t, 'POST', '/api/v1/voice/ivr-menus', {
      token: admin,
      json: { name: 'Borrowed', definition: menuOf(queue.id, { greeting: [{ promptId: prompt.id }] }) },
    });
    expect(borrowed.status).toBe(400);
    expect(borrowed.body.error.details).toHaveLength(2);
    // Acme's still stand.
    expect(
      (await call(t, 'GET', `/api/v1/voice/ivr-menus/${menu.id}`, { token: acme.tokens.tenant_admin }))
        .status,
    ).toBe(200);
  });
});
