import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SIP_PASSWORD, ensureDemoVoice } from '../../src/channels/voice/accounts/demo-voice.ts';
import { numberAuditId } from '../../src/channels/voice/numbers/number-audit-id.ts';
import { type DigestAlgorithm, digestResponse, ha1 } from '../../src/channels/voice/sip/digest-auth.ts';
import { addQueue } from '../support/routing-helpers.ts';
import {
  call,
  DATABASES,
  seedTenant,
  startTestServer,
  type TestServer,
  type TestTenant,
} from '../support/test-server.ts';

interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

interface SipAccountBody {
  agentId: string;
  username: string | null;
  realm: string;
  serverAddress: string | null;
  serverPort: number | null;
  transports: string[];
  registered: boolean;
  registrations: { userAgent: string | null; expiresAt: string; transport: string }[];
  passwordSetAt: string | null;
  password?: string;
  created?: boolean;
}

interface NumberBody {
  number: string;
  label: string | null;
  queueId: string | null;
  ivrMenuId: string | null;
  outboundCallerId: string | null;
}

const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

/** Agents' SIP credentials and a tenant's hotline numbers over HTTP, on each database engine. */
describe.each(DATABASES)('voice accounts and numbers on %s', (kind) => {
  let t: TestServer;
  let tenantNo = 0;
  const tenant = () => seedTenant(t, `va-${kind}-${++tenantNo}`);
  const me = async (token: string) =>
    (await call<{ id: string }>(t, 'GET', '/api/v1/auth/me', { token })).body.id;
  const accountRow = (userId: string) =>
    t.server.database.db
      .selectFrom('sip_accounts')
      .selectAll()
      .where('user_id', '=', userId)
      .executeTakeFirst();
  const auditOf = (tenantId: string, entityType: string) =>
    t.server.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('entity_type', '=', entityType)
      .orderBy('id')
      .execute();

  beforeAll(async () => {
    t = await startTestServer(kind);
  });
  afterAll(() => t?.close());

  describe('SIP credentials', () => {
    let acme: TestTenant;
    let agentId: string;

    beforeAll(async () => {
      acme = await tenant();
      agentId = await me(acme.tokens.agent);
    });

    it('goes from no account to a generated password, shown once and stored only as HA1 digests', async () => {
      const before = await call<SipAccountBody>(t, 'GET', `/api/v1/agents/${agentId}/sip-account`, {
        token: acme.tokens.agent,
      });
      expect(before.status).toBe(200);
      expect(before.headers.get('cache-control')).toBe('no-store');
      expect(before.body).toEqual({
        agentId,
        username: null,
        realm: 'hotline',
        // The test server runs without the SIP edge.
        serverAddress: null,
        serverPort: null,
        transports: ['udp', 'tcp'],
        registered: false,
        registrations: [],
        passwordSetAt: null,
      });

      const made = await call<SipAccountBody>(t, 'POST', `/api/v1/agents/${agentId}/sip-account/password`, {
        token: acme.tokens.agent,
      });
      expect(made.status).toBe(200);
      expect(made.headers.get('cache-control')).toBe('no-store');
      expect(made.body).toMatchObject({
        agentId,
        username: `${acme.slug}.agent`,
        created: true,
        realm: 'hotline',
      });
      const password = made.body.password!;
      expect(password).toMatch(/^[A-Za-z2-9]{20}$/);

      const row = (await accountRow(agentId))!;
      expect(row).toMatchObject({
        tenant_id: acme.id,
        username: `${acme.slug}.agent`,
        ha1_md5: ha1(`${acme.slug}.agent`, 'hotline', password, 'MD5'),
        ha1_sha256: ha1(`${acme.slug}.agent`, 'hotline', password, 'SHA-256'),
      });
      expect(JSON.stringify(row)).not.toContain(password);

      // GET never returns the password, not even to the agent who just made it.
      const after = await call<SipAccountBody>(t, 'GET', `/api/v1/agents/${agentId}/sip-account`, {
        token: acme.tokens.agent,
      });
      expect(after.body.username).toBe(`${acme.slug}.agent`);
      expect(after.body.passwordSetAt).not.toBeNull();
      expect(after.body).not.toHaveProperty('password');
      expect(JSON.stringify(after.body)).not.toContain(password);
      expect(JSON.stringify(after.body)).not.toContain(row.ha1_md5);

      // A password of one's own replaces the digests; the username stays.
      const chosen = await call<SipAccountBody>(t, 'POST', `/api/v1/agents/${agentId}/sip-account/password`, {
        token: acme.tokens.agent,
        json: { password: 'my-own-Phone-pw!' },
      });
      expect(chosen.status).toBe(200);
      expect(chosen.body).toMatchObject({
        username: `${acme.slug}.agent`,
        created: false,
        password: 'my-own-Phone-pw!',
      });
      expect(await accountRow(agentId)).toMatchObject({
        ha1_md5: ha1(`${acme.slug}.agent`, 'hotline', 'my-own-Phone-pw!', 'MD5'),
        ha1_sha256: ha1(`${acme.slug}.agent`, 'hotline', 'my-own-Phone-pw!', 'SHA-256'),
      });

      // Both changes are audited, with who did it and neither the password nor a digest.
      const audit = await auditOf(acme.id, 'sip_account');
      expect(audit.map((a) => [a.action, a.entity_id, a.actor_name])).toEqual([
        ['sip_account_create', agentId, `agent ${acme.slug}`],
        ['sip_password_change', agentId, `agent ${acme.slug}`],
      ]);
      expect(audit.map((a) => a.after)).toEqual([
        { username: `${acme.slug}.agent`, password: 'generated' },
        { username: `${acme.slug}.agent`, password: 'chosen' },
      ]);
      const text = JSON.stringify(audit);
      for (const secret of [password, 'my-own-Phone-pw!', row.ha1_md5, row.ha1_sha256])
        expect(text).not.toContain(secret);
    });

    it('shows the live registration, and a new password signs the old phone out', async () => {
      const db = t.server.database.db;
      const now = Date.now();
      const binding = {
        tenant_id: acme.id,
        user_id: agentId,
        transport: 'udp' as const,
        source_address: '192.0.2.10',
        source_port: 5062,
        call_id: 'reg-1',
        cseq: 1,
      };
      await db
        .insertInto('sip_registrations')
        .values([
          {
            ...binding,
            contact: 'sip:agent@192.0.2.10:5062',
            user_agent: 'Linphone/5.2',
            expires_at: new Date(now + 3_600_000),
          },
          // Expired: the registrar has not swept it yet, but it no longer counts.
          {
            ...binding,
            contact: 'sip:old@192.0.2.11',
            user_agent: 'MicroSIP',
            expires_at: new Date(now - 1000),
          },
        ])
        .execute();
      const seen = await call<SipAccountBody>(t, 'GET', `/api/v1/agents/${agentId}/sip-account`, {
        token: acme.tokens.supervisor,
      });
      expect(seen.body.registered).toBe(true);
      expect(seen.body.registrations).toEqual([
        {
          contact: 'sip:agent@192.0.2.10:5062',
          transport: 'udp',
          sourceAddress: '192.0.2.10',
          sourcePort: 5062,
          userAgent: 'Linphone/5.2',
          expiresAt: new Date(now + 3_600_000).toISOString(),
        },
      ]);

      const reset = await call<SipAccountBody>(t, 'POST', `/api/v1/agents/${agentId}/sip-account/password`, {
        token: acme.tokens.tenant_admin,
      });
      expect(reset.status).toBe(200);
      expect(reset.body).toMatchObject({ registered: false, registrations: [], created: false });
      const left = await db
        .selectFrom('sip_registrations')
        .select('id')
        .where('user_id', '=', agentId)
        .execute();
      expect(left).toEqual([]);
      const last = (await auditOf(acme.id, 'sip_account')).at(-1)!;
      expect(last.actor_name).toBe(`tenant_admin ${acme.slug}`);
    });

    it('lets an agent reach only their own; supervisors and admins any agent of their tenant, never another tenant', async () => {
      const globex = await tenant();
      const supervisorId = await me(acme.tokens.supervisor);
      const analystId = await me(acme.tokens.analyst);
      const globexAgent = await me(globex.tokens.agent);
      const get = (id: string, token: string) =>
        call<ErrorBody>(t, 'GET', `/api/v1/agents/${id}/sip-account`, { token });
      const post = (id: string, token: string, json?: unknown) =>
        call<ErrorBody>(t, 'POST', `/api/v1/agents/${id}/sip-account/password`, {
          token,
          ...(json === undefined ? {} : { json }),
        });

      const cases: [string, () => ReturnType<typeof get>, number, string?][] = [
        ["an agent reads a supervisor's", () => get(supervisorId, acme.tokens.agent), 403, 'FORBIDDEN'],
        ["an agent resets a supervisor's", () => post(supervisorId, acme.tokens.agent), 403, 'FORBIDDEN'],
        ['an analyst reads', () => get(agentId, acme.tokens.analyst), 403, 'FORBIDDEN'],
        ['an analyst resets', () => post(agentId, acme.tokens.analyst), 403, 'FORBIDDEN'],
        ["another tenant's admin reads", () => get(agentId, globex.tokens.tenant_admin), 404, 'NOT_FOUND'],
        [
          "another tenant's supervisor resets",
          () => post(agentId, globex.tokens.supervisor),
          404,
          'NOT_FOUND',
        ],
        ["an agent of another tenant's id", () => get(globexAgent, acme.tokens.agent), 403, 'FORBIDDEN'],
        ['an unknown agent', () => post(NO_SUCH_ID, acme.tokens.tenant_admin), 404, 'NOT_FOUND'],
        ['a malformed id', () => get('agent-1', acme.tokens.tenant_admin), 400, 'VALIDATION_FAILED'],
        ['no sign-in', () => call<ErrorBody>(t, 'GET', `/api/v1/agents/${agentId}/sip-account`), 401],
        ['an analyst as the holder', () => post(analystId, acme.tokens.tenant_admin), 409, 'CONFLICT'],
        [
          'an 11-character password',
          () => post(agentId, acme.tokens.agent, { password: 'short-pw-11' }),
          400,
        ],
        [
          'a password with a space',
          () => post(agentId, acme.tokens.agent, { password: 'has a space in it' }),
          400,
        ],
        [
          'a non-ASCII password',
          () => post(agentId, acme.tokens.agent, { password: '密码密码密码密码密码密码' }),
          400,
        ],
        [
          'a 129-character password',
          () => post(agentId, acme.tokens.agent, { password: 'x'.repeat(129) }),
          400,
        ],
        [
          'an unknown field',
          () => post(agentId, acme.tokens.agent, { password: 'long-enough-pw', pin: 1 }),
          400,
        ],
        ['a number as password', () => post(agentId, acme.tokens.agent, { password: 123456789012 }), 400],
      ];
      const before = await accountRow(agentId);
      const failures: string[] = [];
      for (const [name, run, status, code] of cases) {
        const res = await run();
        if (res.status !== status) failures.push(`${name}: ${res.status} ${JSON.stringify(res.body)}`);
        else if (code && res.body.error?.code !== code)
          failures.push(`${name}: code ${res.body.error?.code}`);
        else if (status === 400 && !res.body.error?.message) failures.push(`${name}: no message`);
        if (JSON.stringify(res.body).includes(`${acme.slug}.agent`))
          failures.push(`${name}: reveals the username`);
      }
      expect(failures).toEqual([]);
      // Nothing refused changed anything.
      expect(await accountRow(agentId)).toEqual(before);
      expect(await accountRow(analystId)).toBeUndefined();
      expect(await accountRow(globexAgent)).toBeUndefined();

      // A supervisor has a phone too (listening in), and sets their own.
      const own = await call<SipAccountBody>(
        t,
        'POST',
        `/api/v1/agents/${supervisorId}/sip-account/password`,
        {
          token: acme.tokens.supervisor,
        },
      );
      expect(own.status).toBe(200);
      expect(own.body.username).toBe(`${acme.slug}.supervisor`);
    });

    it('keeps usernames unique across tenants without saying whose a taken one is', async () => {
      const initech = await tenant();
      const agent = await me(initech.tokens.agent);
      // Another tenant already holds the name this agent would get first.
      const other = await tenant();
      const otherAgent = await me(other.tokens.agent);
      await t.server.database.db
        .insertInto('sip_accounts')
        .values({
          user_id: otherAgent,
          tenant_id: other.id,
          username: `${initech.slug}.agent`,
          ha1_md5: 'x',
          ha1_sha256: 'y',
        })
        .execute();
      const made = await call<SipAccountBody>(t, 'POST', `/api/v1/agents/${agent}/sip-account/password`, {
        token: initech.tokens.agent,
      });
      expect(made.status).toBe(200);
      expect(made.body.username).toBe(`${initech.slug}.${agent.replaceAll('-', '').slice(0, 8)}`);
      expect(JSON.stringify(made.body)).not.toContain(other.id);
      const row = (await accountRow(agent))!;
      expect(row.ha1_md5).toBe(ha1(made.body.username!, 'hotline', made.body.password!));
      expect(row.username).toMatch(/^[a-z0-9][a-z0-9._-]{2,63}$/);
    });
  });

  describe('hotline numbers', () => {
    let acme: TestTenant;
    let globex: TestTenant;
    let voiceQueue: string;
    let chatQueue: string;
    let globexQueue: string;
    let menuId: string;
    const admin = () => acme.tokens.tenant_admin;

    beforeAll(async () => {
      acme = await tenant();
      globex = await tenant();
      voiceQueue = (await addQueue(t, acme.tokens.supervisor, { code: 'aftersales', name: '售后服务' })).id;
      chatQueue = (
        await addQueue(t, acme.tokens.supervisor, { code: 'chat-only', name: 'Chat', channels: ['chat'] })
      ).id;
      globexQueue = (await addQueue(t, globex.tokens.supervisor, { code: 'globex-q', name: 'Globex queue' }))
        .id;
      // IVR menus are built by their own slice; a row is enough to refer to.
      menuId = (
        await t.server.database.db
          .insertInto('ivr_menus')
          .values({ tenant_id: acme.id, name: '主菜单', definition: JSON.stringify({ greeting: null }) })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    });

    it('adds, lists, reads, changes and removes numbers, each audited', async () => {
      const created = await call<NumberBody>(t, 'POST', '/api/v1/voice/numbers', {
        token: admin(),
        json: {
          number: '4001002000',
          label: '售后热线',
          queueId: voiceQueue,
          outboundCallerId: '+864001002000',
        },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        number: '4001002000',
        label: '售后热线',
        queueId: voiceQueue,
        ivrMenuId: null,
        outboundCallerId: '+864001002000',
      });
      const byMenu = await call<NumberBody>(t, 'POST', '/api/v1/voice/numbers', {
        token: admin(),
        json: { number: '8001', ivrMenuId: menuId },
      });
      expect(byMenu.status).toBe(201);
      expect(byMenu.body).toMatchObject({ number: '8001', label: null, queueId: null, ivrMenuId: menuId });

      // Supervisors read; agents and analysts do not.
      const list = await call<{ items: NumberBody[] }>(t, 'GET', '/api/v1/voice/numbers', {
        token: acme.tokens.supervisor,
      });
      expect(list.body.items.map((n) => n.number)).toEqual(['4001002000', '8001']);
      const one = await call<NumberBody>(t, 'GET', '/api/v1/voice/numbers/8001', {
        token: acme.tokens.supervisor,
      });
      expect(one.body.ivrMenuId).toBe(menuId);
      for (const token of [acme.tokens.agent, acme.tokens.analyst])
        expect((await call(t, 'GET', '/api/v1/voice/numbers', { token })).status).toBe(403);
      // Another tenant sees none of them.
      const theirs = await call<{ items: NumberBody[] }>(t, 'GET', '/api/v1/voice/numbers', {
        token: globex.tokens.tenant_admin,
      });
      expect(theirs.body.items).toEqual([]);

      const patched = await call<NumberBody>(t, 'PATCH', '/api/v1/voice/numbers/8001', {
        token: admin(),
        json: { queueId: voiceQueue, label: '总机' },
      });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ queueId: voiceQueue, ivrMenuId: menuId, label: '总机' });
      const menuDropped = await call<NumberBody>(t, 'PATCH', '/api/v1/voice/numbers/8001', {
        token: admin(),
        json: { ivrMenuId: null, outboundCallerId: null },
      });
      expect(menuDropped.body).toMatchObject({ queueId: voiceQueue, ivrMenuId: null });

      const removed = await call(t, 'DELETE', '/api/v1/voice/numbers/8001', { token: admin() });
      expect(removed.status).toBe(204);
      expect((await call(t, 'GET', '/api/v1/voice/numbers/8001', { token: admin() })).status).toBe(404);

      const audit = await auditOf(acme.id, 'voice_number');
      expect(audit.map((a) => [a.action, a.entity_id])).toEqual([
        ['voice_number_create', numberAuditId('4001002000')],
        ['voice_number_create', numberAuditId('8001')],
        ['voice_number_update', numberAuditId('8001')],
        ['voice_number_update', numberAuditId('8001')],
        ['voice_number_delete', numberAuditId('8001')],
      ]);
      expect(audit[2]).toMatchObject({
        before: { number: '8001', queueId: null, label: null },
        after: { number: '8001', queueId: voiceQueue, label: '总机' },
        actor_name: `tenant_admin ${acme.slug}`,
      });
    });

    it('refuses a number in use, here or in another tenant, without naming the other tenant', async () => {
      await call(t, 'POST', '/api/v1/voice/numbers', {
        token: globex.tokens.tenant_admin,
        json: { number: '4006660000', label: 'Globex secret line', queueId: globexQueue },
      });
      const clash = await call<ErrorBody>(t, 'POST', '/api/v1/voice/numbers', {
        token: admin(),
        json: { number: '4006660000', queueId: voiceQueue },
      });
      expect(clash.status).toBe(409);
      expect(clash.body.error.code).toBe('CONFLICT');
      const text = JSON.stringify(clash.body);
      for (const secret of [globex.id, globex.slug, 'Globex', globexQueue])
        expect(text).not.toContain(secret);

      const own = await call<ErrorBody>(t, 'POST', '/api/v1/voice/numbers', {
        token: admin(),
        json: { number: '4001002000', queueId: voiceQueue },
      });
      expect(own.status).toBe(409);
      expect(own.body.error.message).toContain('already one of your');

      // Another tenant's number cannot be read, changed or removed either: it does not exist here.
      for (const [method, json] of [
        ['GET', undefined],
        ['PATCH', { label: 'hijacked' }],
        ['DELETE', undefined],
      ] as const) {
        const res = await call(t, method, '/api/v1/voice/numbers/4006660000', {
          token: admin(),
          ...(json ? { json } : {}),
        });
        expect(res.status, method).toBe(404);
      }
      const still = await t.server.database.db
        .selectFrom('voice_numbers')
        .selectAll()
        .where('number', '=', '4006660000')
        .executeTakeFirstOrThrow();
      expect(still).toMatchObject({
        tenant_id: globex.id,
        label: 'Globex secret line',
        queue_id: globexQueue,
      });
    });

    it('refuses bad input with a 4xx that names the field, and changes nothing', async () => {
      const post = (json: unknown, token = admin()) =>
        call<ErrorBody>(t, 'POST', '/api/v1/voice/numbers', { token, json });
      const patch = (number: string, json: unknown) =>
        call<ErrorBody>(t, 'PATCH', `/api/v1/voice/numbers/${number}`, { token: admin(), json });
      const cases: [string, () => Promise<{ status: number; body: ErrorBody }>, number, string][] = [
        [
          'a supervisor adds',
          () => post({ number: '4001', queueId: voiceQueue }, acme.tokens.supervisor),
          403,
          'FORBIDDEN',
        ],
        [
          'an agent adds',
          () => post({ number: '4001', queueId: voiceQueue }, acme.tokens.agent),
          403,
          'FORBIDDEN',
        ],
        ['a plus sign', () => post({ number: '+864001', queueId: voiceQueue }, admin()), 400, 'number'],
        ['dashes', () => post({ number: '400-800-1234', queueId: voiceQueue }), 400, 'number'],
        ['one digit', () => post({ number: '1', queueId: voiceQueue }), 400, 'number'],
        ['21 digits', () => post({ number: '1'.repeat(21), queueId: voiceQueue }), 400, 'number'],
        ['letters', () => post({ number: '400ABC', queueId: voiceQueue }), 400, 'number'],
        ['a number as a JSON number', () => post({ number: 4001, queueId: voiceQueue }), 400, 'number'],
        ['neither queue nor menu', () => post({ number: '4001', label: 'x' }), 400, 'queueId'],
        ['both null', () => post({ number: '4001', queueId: null, ivrMenuId: null }), 400, 'queueId'],
        ['a queue without voice', () => post({ number: '4001', queueId: chatQueue }), 400, 'voice'],
        [
          "another tenant's queue",
          () => post({ number: '4001', queueId: globexQueue }),
          400,
          'no such queue',
        ],
        ['an unknown queue', () => post({ number: '4001', queueId: NO_SUCH_ID }), 400, 'no such queue'],
        ['an unknown menu', () => post({ number: '4001', ivrMenuId: NO_SUCH_ID }), 400, 'no such IVR menu'],
        ['a malformed queue id', () => post({ number: '4001', queueId: 'aftersales' }), 400, 'queueId'],
        [
          'an unknown field',
          () => post({ number: '4001', queueId: voiceQueue, trunk: 'x' }),
          400,
          'VALIDATION',
        ],
        [
          'a bad caller id',
          () => post({ number: '4001', queueId: voiceQueue, outboundCallerId: '400 800' }),
          400,
          'outboundCallerId',
        ],
        [
          'a 101-character label',
          () => post({ number: '4001', queueId: voiceQueue, label: 'x'.repeat(101) }),
          400,
          'label',
        ],
        ['an empty change', () => patch('4001002000', {}), 400, 'Nothing'],
        ['removing the only target', () => patch('4001002000', { queueId: null }), 400, 'queueId'],
        ['changing the number itself', () => patch('4001002000', { number: '4009' }), 400, 'VALIDATION'],
        ['a patch to a chat queue', () => patch('4001002000', { queueId: chatQueue }), 400, 'voice'],
        ['a malformed number in the path', () => patch('40x', { label: 'x' }), 400, 'number'],
        ['an unknown number', () => patch('4009999999', { label: 'x' }), 404, 'NOT_FOUND'],
      ];
      const snapshot = async () =>
        JSON.stringify(
          await t.server.database.db
            .selectFrom('voice_numbers')
            .selectAll()
            .where('tenant_id', '=', acme.id)
            .execute(),
        );
      const before = await snapshot();
      const failures: string[] = [];
      for (const [name, run, status, mention] of cases) {
        const res = await run();
        const text = JSON.stringify(res.body);
        if (res.status !== status) failures.push(`${name}: ${res.status} ${text}`);
        else if (!text.includes(mention)) failures.push(`${name}: does not mention ${mention}: ${text}`);
      }
      expect(failures).toEqual([]);
      expect(await snapshot()).toBe(before);
    });
  });
  describe('demo voice', () => {
    it('gives the demo tenant its hotline on a voice queue and its agents SIP accounts, once', async () => {
      const db = t.server.database.db;
      const demo = await seedTenant(t, 'demo');
      const queue = await addQueue(t, demo.tokens.supervisor, {
        code: 'aftersales',
        name: '售后服务',
        channels: ['chat'],
      });
      const agentId = await me(demo.tokens.agent);

      const lines = await ensureDemoVoice(db, 'hotline');
      expect(lines).toEqual([
        `demo: demo phones: hotline 4008001234 → 售后服务, SIP accounts demo.agent … (1, password ${DEMO_SIP_PASSWORD})`,
      ]);
      const number = await call<NumberBody>(t, 'GET', '/api/v1/voice/numbers/4008001234', {
        token: demo.tokens.supervisor,
      });
      expect(number.body).toMatchObject({ queueId: queue.id, label: '售后服务热线' });
      const channels = await call<{ channels: string[] }>(t, 'GET', `/api/v1/queues/${queue.id}`, {
        token: demo.tokens.supervisor,
      });
      expect(channels.body.channels).toEqual(['chat', 'voice']);
      expect(await accountRow(agentId)).toMatchObject({
        username: 'demo.agent',
        ha1_md5: ha1('demo.agent', 'hotline', DEMO_SIP_PASSWORD, 'MD5'),
        ha1_sha256: ha1('demo.agent', 'hotline', DEMO_SIP_PASSWORD, 'SHA-256'),
      });

      // A password the agent changed stays changed; a second run adds nothing and says nothing.
      await call(t, 'POST', `/api/v1/agents/${agentId}/sip-account/password`, { token: demo.tokens.agent });
      const changed = (await accountRow(agentId))!.ha1_md5;
      expect(await ensureDemoVoice(db, 'hotline')).toEqual([]);
      expect((await accountRow(agentId))!.ha1_md5).toBe(changed);
    });
  });
  describe('a phone registering with the credentials', () => {
    let edge: TestServer;
    afterAll(() => edge?.close());

    it('is let in by the registrar with either digest, refused with a wrong password, and shown as registered', async () => {
      edge = await startTestServer(kind, { HOTLINE_SIP_PORT: '0', HOTLINE_SIP_HOST: '127.0.0.1' });
      const floor = await seedTenant(edge, `va-${kind}-edge`);
      const agent = (
        await call<{ id: string }>(edge, 'GET', '/api/v1/auth/me', { token: floor.tokens.agent })
      ).body.id;
      const made = await call<SipAccountBody>(edge, 'POST', `/api/v1/agents/${agent}/sip-account/password`, {
        token: floor.tokens.agent,
      });
      const { username, password } = made.body as { username: string; password: string };
      const phone = await udpPhone(edge.server.voice.port!);
      try {
        expect(await phone.register(username, password, 'SHA-256', 'sip:a@127.0.0.1:5070')).toBe(200);
        expect(await phone.register(username, password, 'MD5', 'sip:b@127.0.0.1:5071')).toBe(200);
        expect(await phone.register(username, 'not-the-password', 'SHA-256', 'sip:c@127.0.0.1:5072')).toBe(
          403,
        );
      } finally {
        phone.close();
      }
      const seen = await call<SipAccountBody>(edge, 'GET', `/api/v1/agents/${agent}/sip-account`, {
        token: floor.tokens.supervisor,
      });
      expect(seen.body.registered).toBe(true);
      expect(seen.body.registrations.map((r) => r.userAgent)).toEqual(['HotlineTest/1.0', 'HotlineTest/1.0']);
      expect(seen.body.serverAddress).toBe('127.0.0.1');
    });
  });
});

/** A minimal SIP phone on UDP: REGISTER, answer the digest challenge, return the final status. */
async function udpPhone(serverPort: number) {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const localPort = socket.address().port;
  const uri = `sip:127.0.0.1:${serverPort}`;
  let cseq = 0;
  const send = (text: string) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no SIP answer in 5 s')), 5000);
      socket.once('message', (data) => {
        clearTimeout(timer);
        resolve(data.toString('utf8'));
      });
      socket.send(text, serverPort, '127.0.0.1');
    });
  const request = (user: string, contact: string, callId: string, authorization?: string) =>
    [
      `REGISTER ${uri} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${localPort};branch=z9hG4bK${randomBytes(6).toString('hex')};rport`,
      'Max-Forwards: 70',
      `From: <sip:${user}@127.0.0.1>;tag=${randomBytes(4).toString('hex')}`,
      `To: <sip:${user}@127.0.0.1>`,
      `Call-ID: ${callId}`,
      `CSeq: ${++cseq} REGISTER`,
      `Contact: <${contact}>`,
      'Expires: 600',
      'User-Agent: HotlineTest/1.0',
      ...(authorization ? [`Authorization: ${authorization}`] : []),
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
  const status = (answer: string) => Number(answer.split(' ')[1]);
  return {
    async register(user: string, password: string, algorithm: DigestAlgorithm, contact: string) {
      const callId = `${randomBytes(6).toString('hex')}@127.0.0.1`;
      const challenge = await send(request(user, contact, callId));
      if (status(challenge) !== 401) return status(challenge);
      const offer = challenge
        .split('\r\n')
        .find((line) => /^WWW-Authenticate:/i.test(line) && line.includes(`algorithm=${algorithm}`));
      const nonce = /nonce="([^"]+)"/.exec(offer ?? '')?.[1];
      const realm = /realm="([^"]+)"/.exec(offer ?? '')?.[1];
      if (!nonce || !realm) throw new Error(`no ${algorithm} challenge in ${challenge}`);
      const cnonce = randomBytes(4).toString('hex');
      const response = digestResponse({
        ha1: ha1(user, realm, password, algorithm),
        algorithm,
        method: 'REGISTER',
        uri,
        nonce,
        qop: 'auth',
        nc: '00000001',
        cnonce,
      });
      const authorization = `Digest username="${user}", realm="${realm}", nonce="${nonce}", uri="${uri}", response="${response}", algorithm=${algorithm}, qop=auth, nc=00000001, cnonce="${cnonce}"`;
      return status(await send(request(user, contact, callId, authorization)));
    },
    close: () => socket.close(),
  };
}
