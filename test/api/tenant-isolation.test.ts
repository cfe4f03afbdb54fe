import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestEmail } from '../../src/channels/email/email-ingest.ts';
import { parseEmail } from '../../src/channels/email/email-parse.ts';
import { encodeWav } from '../../src/channels/voice/media/wav.ts';
import {
  call,
  DATABASES,
  seedOperator,
  seedTenant,
  startTestServer,
  type TestServer,
  type TestTenant,
  waitForJob,
} from '../support/test-server.ts';

/**
 * No endpoint lets one tenant read, change or even learn of another tenant's rows.
 * The test walks the server's own route table, so a new endpoint without a case here fails.
 */
const SECRET_NAME = 'GLOBEX-SECRET-客户';
const SECRET_PHONE = '+8613512340000';
const SECRET_EMAIL = 'secret@globex.example';

/** A plausible body for each route that takes one (the request must be valid but for the ids). */
const BODIES: Record<string, unknown> = {
  'POST /api/v1/auth/login': null,
  'POST /api/v1/auth/logout': null,
  'PATCH /api/v1/auth/me': { locale: 'en' },
  'POST /api/v1/auth/tenant': 'operator-only',
  'POST /api/v1/tenants': 'operator-only',
  'GET /api/v1/tenants': 'operator-only',
  'POST /api/v1/users': {
    email: 'iso@acme.test',
    displayName: 'Iso',
    password: 'long-enough-pw',
    role: 'agent',
  },
  'POST /api/v1/customers': {
    name: 'Acme copy',
    externalRef: 'G-001',
    contacts: [
      { kind: 'phone', value: SECRET_PHONE },
      { kind: 'email', value: SECRET_EMAIL },
    ],
  },
  'PATCH /api/v1/customers/:id': { name: 'hijacked' },
  'POST /api/v1/customers/:id/contacts': { kind: 'email', value: 'hijack@acme.example' },
  'POST /api/v1/customers/:id/orders': { product: 'x', amountMinor: 1, orderedAt: '2026-01-01' },
  'PATCH /api/v1/customers/:id/orders/:orderId': { status: 'refunded' },
  'POST /api/v1/customers/:id/facts': { kind: 'lost', note: 'hijacked' },
  'POST /api/v1/imports/customers': 'csv',
  'POST /api/v1/imports/orders': 'csv',
  'PUT /api/v1/value/rules': 'defaults',
  'PUT /api/v1/lifecycle/rules': 'defaults',
  'POST /api/v1/value/rescore': {},
  'POST /api/v1/segments/preview': { filter: { tiers: ['high', 'low', 'potential', 'secondary'] } },
  'POST /api/v1/segments': { name: 'Acme segment', filter: {} },
  'PUT /api/v1/segments/:id': { name: 'hijacked', filter: {} },
  'POST /api/v1/queues': { code: 'iso-queue', name: 'Acme queue' },
  'PATCH /api/v1/queues/:id': { name: 'hijacked' },
  'PUT /api/v1/agents/:id': { skills: [], capacity: { voice: 1, chat: 1, email: 1 } },
  'PUT /api/v1/agents/:id/state': { state: 'offline' },
  // Set in beforeAll: needs Acme's own queue.
  'POST /api/v1/interactions': {},
  'POST /api/v1/interactions/:id/accept': {},
  'POST /api/v1/interactions/:id/decline': {},
  'POST /api/v1/interactions/:id/transfer': {},
  'POST /api/v1/interactions/:id/wrap-up': { code: 'hijacked' },
  'POST /api/v1/interactions/:id/messages': { body: 'hijacked' },
  'POST /api/v1/interactions/:id/link-customer': { customerId: '00000000-0000-4000-8000-000000000000' },
  'POST /api/v1/interactions/:id/reassign': {},
  'POST /api/v1/interactions/:id/abandon': {},
  'POST /api/v1/interactions/:id/typing': { typing: true },
  // Set in beforeAll: needs Acme's own queue.
  'POST /api/v1/webchat-sites': {},
  'PATCH /api/v1/webchat-sites/:id': { name: 'hijacked' },
  'POST /api/v1/webchat-sites/:id/rotate-key': {},
  // The widget's API names no tenant: a site key or a visitor token does (test/api/webchat.test.ts).
  'POST /api/v1/webchat/sites/:siteKey/conversations': null,
  'POST /api/v1/webchat/sites/:siteKey/offline-messages': null,
  'POST /api/v1/webchat/conversations/:id/messages': null,
  'POST /api/v1/webchat/conversations/:id/typing': null,
  'POST /api/v1/webchat/conversations/:id/attachments': null,
  'POST /api/v1/webchat/conversations/:id/transcript': null,
  'POST /api/v1/webchat/conversations/:id/end': null,
  // Set in beforeAll: needs Acme's own queue.
  'POST /api/v1/email-mailboxes': {},
  'PATCH /api/v1/email-mailboxes/:id': { name: 'hijacked' },
  'POST /api/v1/email-mailboxes/:id/poll': {},
  'POST /api/v1/interactions/:id/emails/:emailId/retry': {},
  'POST /api/v1/agents/:id/sip-account/password': {},
  // Set in beforeAll: needs Acme's own queue.
  'POST /api/v1/voice/numbers': {},
  'PATCH /api/v1/voice/numbers/:number': { label: 'hijacked' },
  // Its ids are in the body, and a valid call needs a trunk and a phone: own case below.
  'POST /api/v1/voice/calls/outbound': null,
  'POST /api/v1/voice/calls/:id/hangup': {},
  'POST /api/v1/voice/calls/:id/hold': {},
  'POST /api/v1/voice/calls/:id/resume': {},
  'POST /api/v1/voice/calls/:id/consult': { agentId: '00000000-0000-4000-8000-000000000000' },
  'POST /api/v1/voice/calls/:id/consult/cancel': {},
  'POST /api/v1/voice/calls/:id/listen': {},
  // Set in beforeAll: needs Acme's own voice queue.
  'POST /api/v1/voice/ivr-menus': {},
  'PATCH /api/v1/voice/ivr-menus/:id': { name: 'hijacked' },
  // A WAV body with the language in the query: own case below (Globex's prompts stay unseen).
  'POST /api/v1/voice/prompts': null,
  'POST /api/v1/tickets': { type: 'inquiry', subject: 'Acme ticket' },
  'PATCH /api/v1/tickets/:id': { priority: 'urgent' },
  'POST /api/v1/tickets/:id/notes': { body: 'hijacked' },
  'POST /api/v1/tickets/:id/interactions': { interactionId: '00000000-0000-4000-8000-000000000000' },
  'POST /api/v1/tickets/:id/merge': { intoId: '00000000-0000-4000-8000-000000000000' },
  // Each tenant's own definitions (the route has no id): Globex's stay as they were (snapshot).
  'PUT /api/v1/ticket-fields/:type': { fields: [] },
  'POST /api/v1/sla-policies': { name: 'Acme SLA', firstResponseMinutes: 60, resolutionMinutes: 480 },
  'PATCH /api/v1/sla-policies/:id': { name: 'hijacked' },
  'PUT /api/v1/complaint-settings': { warnPer1000Orders: 3 },
};
const CSV: Record<string, string> = {
  'POST /api/v1/imports/customers': `客户编号,姓名,电话\nG-001,Acme twin,${SECRET_PHONE}\n`,
  'POST /api/v1/imports/orders': '订单号,客户编号,产品,金额,下单时间\nGO-1,G-001,x,1,2026-01-01\n',
};

describe.each(DATABASES)('tenant isolation on %s', (kind) => {
  let t: TestServer;
  let acme: TestTenant;
  let globex: TestTenant;
  const ids: Record<string, string> = {};
  let globexSnapshot = '';

  async function snapshotGlobex() {
    const db = t.server.database.db;
    const tables = [
      'customers',
      'contacts',
      'orders',
      'audit_log',
      'users',
      'imports',
      'customer_value',
      'customer_stages',
      'stage_transitions',
      'lifecycle_facts',
      'value_rules',
      'lifecycle_rules',
      'segments',
      'queues',
      'agents',
      'interactions',
      'interaction_messages',
      'webchat_sites',
      'email_mailboxes',
      'email_messages',
      'sip_accounts',
      'voice_numbers',
      'voice_calls',
      'voice_call_events',
      'voice_recordings',
      'tickets',
      'ticket_events',
      'ticket_fields',
      'sla_policies',
      'ticket_complaints',
      'complaint_settings',
    ] as const;
    const parts: string[] = [];
    for (const table of tables) {
      const rows = await db.selectFrom(table).selectAll().where('tenant_id', '=', globex.id).execute();
      parts.push(JSON.stringify(rows.map((r) => JSON.stringify(r)).sort()));
    }
    return parts.join('\n');
  }

  beforeAll(async () => {
    t = await startTestServer(kind);
    acme = await seedTenant(t, 'acme');
    globex = await seedTenant(t, 'globex');
    const token = globex.tokens.supervisor;
    const customer = await call<{ id: string; contacts: { id: string }[] }>(t, 'POST', '/api/v1/customers', {
      token,
      json: {
        name: SECRET_NAME,
        externalRef: 'G-001',
        contacts: [
          { kind: 'phone', value: SECRET_PHONE },
          { kind: 'email', value: SECRET_EMAIL },
        ],
      },
      headers: { 'idempotency-key': 'shared-key' },
    });
    ids.customer = customer.body.id;
    ids.contact = customer.body.contacts[0]!.id;
    const order = await call<{ id: string }>(t, 'POST', `/api/v1/customers/${ids.customer}/orders`, {
      token,
      json: { product: 'Globex widget', amountMinor: 100, orderedAt: '2026-01-01' },
    });
    ids.order = order.body.id;
    const report = await call<{ id: string }>(t, 'POST', '/api/v1/imports/customers', {
      token,
      body: Buffer.from('姓名,电话\nGlobex imported,13512349999\n'),
      headers: { 'content-type': 'text/csv' },
    });
    ids.import = report.body.id;
    const segment = await call<{ id: string }>(t, 'POST', '/api/v1/segments', {
      token,
      json: { name: 'Globex VIPs', filter: { tagsAny: ['VIP'] } },
    });
    ids.segment = segment.body.id;
    const rescore = await call<{ jobId: number }>(t, 'POST', '/api/v1/value/rescore', { token });
    ids.job = String(rescore.body.jobId);
    await waitForJob(t, token, rescore.body.jobId);
    const queue = await call<{ id: string }>(t, 'POST', '/api/v1/queues', {
      token,
      json: { code: 'globex-q', name: 'Globex queue' },
    });
    ids.queue = queue.body.id;
    ids.agent = (
      await call<{ id: string }>(t, 'GET', '/api/v1/auth/me', { token: globex.tokens.agent })
    ).body.id;
    await call(t, 'PUT', `/api/v1/agents/${ids.agent}`, {
      token,
      json: { skills: [{ skill: 'globex-skill', level: 2 }], capacity: { voice: 1, chat: 2, email: 3 } },
    });
    const interaction = await call<{ id: string }>(t, 'POST', '/api/v1/interactions', {
      token,
      json: {
        channel: 'chat',
        queueId: ids.queue,
        customerId: ids.customer,
        message: { body: 'Globex message' },
      },
    });
    ids.interaction = interaction.body.id;
    const site = await call<{ id: string; siteKey: string }>(t, 'POST', '/api/v1/webchat-sites', {
      token: globex.tokens.tenant_admin,
      json: { name: 'Globex site', queueId: ids.queue },
    });
    ids.site = site.body.id;
    ids.siteKey = site.body.siteKey;
    const mailbox = await call<{ id: string }>(t, 'POST', '/api/v1/email-mailboxes', {
      token: globex.tokens.tenant_admin,
      json: {
        name: 'Globex mailbox',
        queueId: ids.queue,
        addresses: ['help@globex.test'],
        fromAddress: 'help@globex.test',
      },
    });
    ids.mailbox = mailbox.body.id;
    const sip = await call<{ username: string }>(
      t,
      'POST',
      `/api/v1/agents/${ids.agent}/sip-account/password`,
      {
        token: globex.tokens.agent,
      },
    );
    ids.sipUsername = sip.body.username;
    ids.number = '4009990000';
    const globexMenu = await call<{ id: string }>(t, 'POST', '/api/v1/voice/ivr-menus', {
      token: globex.tokens.tenant_admin,
      json: {
        name: 'Globex menu',
        definition: { menu: { options: [{ key: '1', action: { type: 'queue', queueId: ids.queue } }] } },
      },
    });
    expect(globexMenu.status, JSON.stringify(globexMenu.body)).toBe(201);
    ids.ivrMenu = globexMenu.body.id;
    const globexPrompt = await call<{ id: string }>(
      t,
      'POST',
      '/api/v1/voice/prompts?language=zh&name=Globex%20prompt',
      {
        token: globex.tokens.tenant_admin,
        body: Buffer.from(encodeWav(new Int16Array(8000).fill(1000), 8000)),
        headers: { 'content-type': 'audio/wav' },
      },
    );
    expect(globexPrompt.status, JSON.stringify(globexPrompt.body)).toBe(201);
    ids.prompt = globexPrompt.body.id;
    await call(t, 'POST', '/api/v1/voice/numbers', {
      token: globex.tokens.tenant_admin,
      json: { number: ids.number, label: 'Globex line', queueId: ids.queue },
    });
    // A call of Globex's with its events and recording, as the SIP edge writes them.
    const db = t.server.database.db;
    ids.recording = (
      await db
        .insertInto('voice_recordings')
        .values({ tenant_id: globex.id, file: `${globex.id}/globex-call.wav`, bytes: 44 })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    ids.call = (
      await db
        .insertInto('voice_calls')
        .values({
          tenant_id: globex.id,
          interaction_id: ids.interaction,
          direction: 'inbound',
          sip_call_id: 'globex-call@test',
          from_number: '13599998888',
          to_number: ids.number,
          agent_id: ids.agent,
          recording_id: ids.recording,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    await db
      .insertInto('voice_call_events')
      .values({
        tenant_id: globex.id,
        call_id: ids.call,
        kind: 'arrived',
        detail: JSON.stringify({ from: '13599998888' }),
      })
      .execute();
    // An email with an attachment, through the channel's ingest (this server has no SMTP listener).
    const [stored] = await ingestEmail(
      t.server.database.db,
      await parseEmail(
        Buffer.from(
          'From: buyer@globex.example\r\nTo: help@globex.test\r\nSubject: Globex message\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nGlobex message\r\n--b\r\nContent-Type: text/plain; name=globex.txt\r\nContent-Disposition: attachment; filename=globex.txt\r\n\r\nGlobex file\r\n--b--\r\n',
        ),
      ),
      { source: 'smtp', mailFrom: 'buyer@globex.example' },
      [{ tenantId: globex.id, mailboxId: ids.mailbox }],
      { offerTimeoutSeconds: 20 },
    );
    ids.email = stored!.emailId!;
    await call(t, 'PUT', '/api/v1/ticket-fields/repair', {
      token: globex.tokens.tenant_admin,
      json: {
        fields: [{ key: 'model', label: { 'zh-CN': '型号', en: 'Model' }, kind: 'text', required: true }],
      },
    });
    const policy = await call<{ id: string }>(t, 'POST', '/api/v1/sla-policies', {
      token: globex.tokens.tenant_admin,
      json: { name: 'Globex SLA', firstResponseMinutes: 600, resolutionMinutes: 6000 },
    });
    expect(policy.status, JSON.stringify(policy.body)).toBe(201);
    ids.slaPolicy = policy.body.id;
    const ticket = await call<{ id: string }>(t, 'POST', '/api/v1/tickets', {
      token,
      json: {
        type: 'repair',
        subject: 'Globex ticket',
        interactionId: ids.interaction,
        customFields: { model: 'Globex model' },
      },
    });
    expect(ticket.status, JSON.stringify(ticket.body)).toBe(201);
    ids.ticket = ticket.body.id;
    const complaint = await call(t, 'POST', '/api/v1/tickets', {
      token,
      json: {
        type: 'complaint',
        subject: 'Globex complaint',
        customerId: ids.customer,
        complaint: { category: 'delivery', product: 'Globex product' },
      },
    });
    expect(complaint.status, JSON.stringify(complaint.body)).toBe(201);
    await call(t, 'PUT', '/api/v1/complaint-settings', { token, json: { warnPer1000Orders: 7 } });
    ids.attachment = (
      await t.server.database.db
        .selectFrom('email_attachments')
        .select('id')
        .where('email_message_id', '=', ids.email)
        .executeTakeFirstOrThrow()
    ).id;
    const acmeQueue = await call<{ id: string }>(t, 'POST', '/api/v1/queues', {
      token: acme.tokens.supervisor,
      json: { code: 'acme-q', name: 'Acme own queue' },
    });
    BODIES['POST /api/v1/interactions'] = { channel: 'chat', queueId: acmeQueue.body.id };
    BODIES['POST /api/v1/webchat-sites'] = { name: 'Acme site', queueId: acmeQueue.body.id };
    BODIES['POST /api/v1/voice/numbers'] = { number: '4001230001', queueId: acmeQueue.body.id };
    const acmeVoiceQueue = await call<{ id: string }>(t, 'POST', '/api/v1/queues', {
      token: acme.tokens.supervisor,
      json: { code: 'acme-voice', name: 'Acme voice queue', channels: ['voice'] },
    });
    BODIES['POST /api/v1/voice/ivr-menus'] = {
      name: 'Acme menu',
      definition: {
        menu: { options: [{ key: '1', action: { type: 'queue', queueId: acmeVoiceQueue.body.id } }] },
      },
    };
    BODIES['POST /api/v1/email-mailboxes'] = {
      name: 'Acme mailbox',
      queueId: acmeQueue.body.id,
      addresses: ['help@acme.test'],
      fromAddress: 'help@acme.test',
    };
    for (const key of ['transfer', 'reassign']) {
      BODIES[`POST /api/v1/interactions/:id/${key}`] = { queueId: acmeQueue.body.id };
    }
    globexSnapshot = await snapshotGlobex();
  });
  afterAll(() => t?.close());

  it('covers every API route', () => {
    const routes = t.server.app.apiRoutes.map((r) => `${r.method} ${r.url}`);
    expect(routes.length).toBeGreaterThan(15);
    const mutating = t.server.app.apiRoutes
      .filter((r) => ['POST', 'PATCH', 'PUT'].includes(r.method))
      .map((r) => `${r.method} ${r.url}`);
    const uncovered = mutating.filter((r) => !(r in BODIES) && !r.endsWith('/reveal'));
    expect(uncovered, 'add an isolation case for these routes').toEqual([]);
  });

  it("never shows, changes or hints at another tenant's rows, on any route", async () => {
    const failures: string[] = [];
    for (const route of t.server.app.apiRoutes) {
      const key = `${route.method} ${route.url}`;
      const body = BODIES[key];
      if (body === null || route.roles === 'public') continue;
      const url = route.url
        .replace(':type', 'repair')
        .replace(':contactId', ids.contact!)
        .replace(':orderId', ids.order!)
        .replace(':emailId', ids.email!)
        .replace(':number', ids.number!)
        .replace(
          ':id',
          route.url.startsWith('/api/v1/imports')
            ? ids.import!
            : route.url.startsWith('/api/v1/jobs')
              ? ids.job!
              : route.url.startsWith('/api/v1/segments')
                ? ids.segment!
                : route.url.startsWith('/api/v1/queues')
                  ? ids.queue!
                  : route.url.startsWith('/api/v1/agents')
                    ? ids.agent!
                    : route.url.startsWith('/api/v1/interactions')
                      ? ids.interaction!
                      : route.url.startsWith('/api/v1/webchat-sites')
                        ? ids.site!
                        : route.url.startsWith('/api/v1/email-mailboxes')
                          ? ids.mailbox!
                          : route.url.startsWith('/api/v1/email-attachments')
                            ? ids.attachment!
                            : route.url.startsWith('/api/v1/voice/ivr-menus')
                              ? ids.ivrMenu!
                              : route.url.startsWith('/api/v1/voice/prompts')
                                ? ids.prompt!
                                : route.url.startsWith('/api/v1/voice/calls')
                                  ? ids.call!
                                  : route.url.startsWith('/api/v1/voice/recordings')
                                    ? ids.recording!
                                    : route.url.startsWith('/api/v1/tickets')
                                      ? ids.ticket!
                                      : route.url.startsWith('/api/v1/sla-policies')
                                        ? ids.slaPolicy!
                                        : ids.customer!,
        );
      const usesForeignId = url !== route.url.replace(':type', 'repair');
      if (body === 'defaults') {
        const current = await call<{ defaults: unknown }>(t, 'GET', route.url, {
          token: acme.tokens.tenant_admin,
        });
        const res = await call(t, route.method, url, {
          token: acme.tokens.tenant_admin,
          json: current.body.defaults,
        });
        if (res.status !== 200) failures.push(`${key}: a valid request failed with ${res.status}`);
        continue;
      }
      const options: { json?: unknown; body?: Buffer; headers?: Record<string, string> } =
        body === 'csv'
          ? { body: Buffer.from(CSV[key]!), headers: { 'content-type': 'text/csv' } }
          : body && body !== 'operator-only'
            ? {
                json: body,
                ...(key === 'POST /api/v1/customers' ? { headers: { 'idempotency-key': 'shared-key' } } : {}),
              }
            : {};
      const res = await call(t, route.method, url, { token: acme.tokens.tenant_admin, ...options });
      const text = JSON.stringify(res.body);
      if (body === 'operator-only') {
        if (res.status !== 403) failures.push(`${key}: expected 403, got ${res.status}`);
        continue;
      }
      if (usesForeignId && res.status !== 404)
        failures.push(`${key}: expected 404 for a foreign id, got ${res.status} ${text.slice(0, 200)}`);
      // (Acme's own copy reuses Globex's phone and email on purpose, so names and ids are the tell.)
      for (const secret of [
        SECRET_NAME,
        globex.id,
        ids.customer!,
        ids.contact!,
        'Globex widget',
        'Globex imported',
        'Globex VIPs',
        ids.segment!,
        'Globex queue',
        'Globex message',
        'globex-skill',
        ids.queue!,
        ids.interaction!,
        ids.agent!,
        'Globex site',
        ids.site!,
        ids.siteKey!,
        'Globex mailbox',
        'globex.txt',
        ids.mailbox!,
        ids.email!,
        ids.attachment!,
        ids.sipUsername!,
        ids.number!,
        'Globex line',
        ids.call!,
        ids.recording!,
        '13599998888',
        ids.ivrMenu!,
        'Globex menu',
        ids.prompt!,
        'Globex prompt',
        ids.ticket!,
        'Globex ticket',
        'Globex model',
        ids.slaPolicy!,
        'Globex SLA',
        'Globex complaint',
        'Globex product',
      ]) {
        if (text.includes(secret)) failures.push(`${key}: response reveals ${secret}`);
      }
      if (!usesForeignId && res.status >= 400)
        failures.push(`${key}: a valid request failed with ${res.status} ${text.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
    expect(await snapshotGlobex()).toBe(globexSnapshot);
  });

  it("places no outbound call to another tenant's customer, for its agent, or from its number", async () => {
    const failures: string[] = [];
    for (const [what, json, status] of [
      ['customer', { customerId: ids.customer }, 404],
      ['contact', { contactId: ids.contact }, 404],
      ['agent', { agentId: ids.agent, number: '13800001234' }, 404],
      ['caller ID', { number: '13800001234', callerId: ids.number }, 400],
    ] as const) {
      for (const role of ['tenant_admin', 'supervisor'] as const) {
        const res = await call(t, 'POST', '/api/v1/voice/calls/outbound', { token: acme.tokens[role], json });
        const text = JSON.stringify(res.body);
        if (res.status !== status)
          failures.push(`${what} (${role}): expected ${status}, got ${res.status} ${text}`);
        for (const secret of [
          SECRET_NAME,
          SECRET_PHONE,
          ids.customer!,
          ids.contact!,
          ids.agent!,
          ids.number!,
        ])
          if (text.includes(secret)) failures.push(`${what} (${role}): response reveals ${secret}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await snapshotGlobex()).toBe(globexSnapshot);
  });

  it('lets a tenant use values that exist in another tenant (no uniqueness leak)', async () => {
    const res = await call<{ items: { name: string }[] }>(
      t,
      'GET',
      `/api/v1/customers?q=${encodeURIComponent(SECRET_PHONE)}`,
      {
        token: acme.tokens.tenant_admin,
      },
    );
    // One Acme customer holds the number (created, then renamed by the import); Globex's stays hidden.
    expect(res.body.items.map((c) => c.name)).toEqual(['Acme twin']);
  });

  it('keeps row-level security on even for a query that forgets the tenant', async () => {
    const { withTenant } = await import('../../src/kernel/db/tenant-scope.ts');
    const rows = await withTenant(t.server.database.db, acme.id, (tx) =>
      tx.selectFrom('customers').select('name').execute(),
    );
    expect(rows.map((r) => r.name)).not.toContain(SECRET_NAME);
    await expect(
      withTenant(t.server.database.db, acme.id, (tx) =>
        tx.insertInto('customers').values({ tenant_id: globex.id, name: 'planted' }).execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    const updated = await withTenant(t.server.database.db, acme.id, (tx) =>
      tx.updateTable('customers').set({ name: 'x' }).where('id', '=', ids.customer!).executeTakeFirst(),
    );
    expect(Number(updated.numUpdatedRows)).toBe(0);
  });

  it('lets an operator admin reach both tenants, one at a time', async () => {
    const token = await seedOperator(t);
    await call(t, 'POST', '/api/v1/auth/tenant', { token, json: { tenantId: acme.id } });
    const inAcme = await call<{ items: { name: string }[] }>(t, 'GET', '/api/v1/customers', { token });
    expect(inAcme.body.items.map((c) => c.name)).not.toContain(SECRET_NAME);
    await call(t, 'POST', '/api/v1/auth/tenant', { token, json: { tenantId: globex.id } });
    const inGlobex = await call<{ items: { name: string }[] }>(t, 'GET', '/api/v1/customers', { token });
    expect(inGlobex.body.items.map((c) => c.name)).toContain(SECRET_NAME);
  });
});
