import { once } from 'node:events';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { DateTime } from 'luxon';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SITE_KEY, ensureDemoChatSite } from '../../src/channels/webchat/demo-site.ts';
import { WEB_DIST } from '../../src/server.ts';
import {
  addAgent,
  addQueue,
  getInteraction,
  offered,
  StreamClient,
  setState,
  type TestAgent,
  waitFor,
} from '../support/routing-helpers.ts';
import {
  call,
  DATABASES,
  seedTenant,
  startTestServer,
  type TestServer,
  type TestTenant,
} from '../support/test-server.ts';
import { JPEG_HEADER, PNG_1X1, Visitor } from '../support/webchat-helpers.ts';

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

interface SiteBody {
  id: string;
  siteKey: string;
  embedCode: string;
  allowedOrigins: string[];
}

/** A loopback SMTP server that keeps what it receives. */
interface Mailbox {
  port: number;
  mails: { to: string[]; raw: string }[];
  close(): Promise<void>;
}

async function startMailbox(): Promise<Mailbox> {
  const mails: Mailbox['mails'] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  return {
    port: (server.server.address() as AddressInfo).port,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Decodes a quoted-printable or base64 mail body well enough to search it. */
function mailText(raw: string): string {
  const parts = raw.split(/\r?\n\r?\n/);
  const decoded = parts.map((part) => {
    const compact = part.replace(/\r?\n/g, '');
    if (/^[A-Za-z0-9+/=]+$/.test(compact) && compact.length > 40)
      return Buffer.from(compact, 'base64').toString('utf8');
    return part
      .replace(/=\r?\n/g, '')
      .replace(/(=[0-9A-F]{2})+/g, (m) => Buffer.from(m.replaceAll('=', ''), 'hex').toString('utf8'));
  });
  return decoded.join('\n');
}

const ORIGIN = 'https://shop.example';

/** The chat widget's public API and the sites it needs, end to end over HTTP and WebSocket. */
describe.each(DATABASES)('web chat on %s', (kind) => {
  let t: TestServer;
  let mailbox: Mailbox;
  let acme: TestTenant;
  let queueId: string;
  let site: SiteBody;
  let amy: TestAgent;

  beforeAll(async () => {
    mailbox = await startMailbox();
    t = await startTestServer(kind, {
      HOTLINE_OFFER_TIMEOUT_SECONDS: '20',
      HOTLINE_ROUTING_SWEEP_MS: '100',
      HOTLINE_SMTP_URL: `smtp://127.0.0.1:${mailbox.port}`,
      HOTLINE_SMTP_FROM: 'Acme Service <service@acme.example>',
      HOTLINE_WEBCHAT_VISITOR_PER_MINUTE: '30',
      // Every test visitor comes from 127.0.0.1; the per-IP limits are tested on the second server.
      HOTLINE_WEBCHAT_IP_PER_MINUTE: '100000',
      HOTLINE_WEBCHAT_STARTS_PER_MINUTE: '100000',
      HOTLINE_WEBCHAT_MAX_IMAGE_BYTES: String(512 * 1024),
    });
    acme = await seedTenant(t, `wc-${kind}`);
    queueId = (
      await addQueue(t, acme.tokens.supervisor, {
        code: 'web',
        name: 'Web shop',
        channels: ['chat'],
        wrapUpSeconds: 0,
      })
    ).id;
    const created = await call<SiteBody>(t, 'POST', '/api/v1/webchat-sites', {
      token: acme.tokens.tenant_admin,
      json: {
        name: 'Acme shop',
        allowedOrigins: [`${ORIGIN}/`],
        queueId,
        defaultLocale: 'en',
        greeting: 'Hi!',
      },
    });
    expect(created.status).toBe(201);
    site = created.body;
    amy = await addAgent(t, acme, 'amy', { capacity: { chat: 5 } });
  });
  afterAll(async () => {
    await t?.close();
    await mailbox?.close();
  });

  // Each test starts with no chat waiting or in hand: leftovers would take Amy's offers.
  afterEach(async () => {
    const open = await call<{ items: { id: string; status: string }[] }>(
      t,
      'GET',
      '/api/v1/interactions?status=queued,offered,active&limit=200',
      { token: acme.tokens.supervisor },
    );
    for (const item of open.body.items) {
      const [path, json] =
        item.status === 'active' ? ['wrap-up', { code: 'test-cleanup' }] : ['abandon', undefined];
      await call(t, 'POST', `/api/v1/interactions/${item.id}/${path}`, {
        token: acme.tokens.supervisor,
        ...(json ? { json } : {}),
      });
    }
  });

  const interactionOf = async (conversationId: string) =>
    (
      await t.server.database.db
        .selectFrom('webchat_conversations')
        .select('interaction_id')
        .where('id', '=', conversationId)
        .executeTakeFirstOrThrow()
    ).interaction_id;

  /** A visitor who is chatting with Amy: started, offered to her and accepted. */
  async function acceptedChat(body: Record<string, unknown> = { message: 'Hello?' }) {
    await setState(t, amy.token, amy.id, 'available');
    const visitor = new Visitor(t, site.siteKey);
    expect((await visitor.start(body)).status).toBe(201);
    const interactionId = await interactionOf(visitor.conversationId);
    await offered(t, acme.tokens.supervisor, interactionId, [amy.id]);
    const accepted = await call(t, 'POST', `/api/v1/interactions/${interactionId}/accept`, {
      token: amy.token,
    });
    expect(accepted.status).toBe(200);
    return { visitor, interactionId };
  }

  const agentSays = async (interactionId: string, body: string) => {
    const res = await call<{ message: { id: string } }>(
      t,
      'POST',
      `/api/v1/interactions/${interactionId}/messages`,
      {
        token: amy.token,
        json: { body },
      },
    );
    expect(res.status).toBe(201);
    return res.body.message.id;
  };

  it('lets tenant admins register sites with a public key; others read or are refused', async () => {
    expect(site.siteKey).toMatch(/^wc_[A-Za-z0-9_-]{24}$/);
    expect(site.allowedOrigins).toEqual([ORIGIN]);
    expect(site.embedCode).toBe(
      `<script src="${t.baseUrl}/widget.js" data-site-key="${site.siteKey}" async></script>`,
    );
    const list = await call<{ items: SiteBody[] }>(t, 'GET', '/api/v1/webchat-sites', {
      token: acme.tokens.supervisor,
    });
    expect(list.body.items.map((s) => s.id)).toEqual([site.id]);

    const emailQueue = await addQueue(t, acme.tokens.supervisor, {
      code: 'mail',
      name: 'Mail',
      channels: ['email'],
    });
    const bad: [string, string, unknown, number, string][] = [
      ['an agent', acme.tokens.agent, { name: 'x', queueId }, 403, 'FORBIDDEN'],
      ['a supervisor', acme.tokens.supervisor, { name: 'x', queueId }, 403, 'FORBIDDEN'],
      [
        'a path in an origin',
        acme.tokens.tenant_admin,
        { name: 'x', queueId, allowedOrigins: ['https://a.cn/x'] },
        400,
        'VALIDATION_FAILED',
      ],
      [
        'a queue without chat',
        acme.tokens.tenant_admin,
        { name: 'x', queueId: emailQueue.id },
        400,
        'VALIDATION_FAILED',
      ],
      [
        'an unknown field',
        acme.tokens.tenant_admin,
        { name: 'x', queueId, colour: 'red' },
        400,
        'VALIDATION_FAILED',
      ],
    ];
    for (const [what, token, json, status, code] of bad) {
      const res = await call<ErrorBody>(t, 'POST', '/api/v1/webchat-sites', { token, json });
      expect([what, res.status, res.body.error?.code]).toEqual([what, status, code]);
    }

    // A second site, renamed, then its key rotated: the old key stops working at once.
    const other = await call<SiteBody>(t, 'POST', '/api/v1/webchat-sites', {
      token: acme.tokens.tenant_admin,
      json: { name: 'Old shop', queueId, allowedOrigins: ['*'] },
    });
    const patched = await call<{ name: string }>(t, 'PATCH', `/api/v1/webchat-sites/${other.body.id}`, {
      token: acme.tokens.tenant_admin,
      json: { name: 'New shop' },
    });
    expect(patched.body.name).toBe('New shop');
    const rotated = await call<SiteBody>(t, 'POST', `/api/v1/webchat-sites/${other.body.id}/rotate-key`, {
      token: acme.tokens.tenant_admin,
    });
    expect(rotated.body.siteKey).not.toBe(other.body.siteKey);
    expect((await new Visitor(t, other.body.siteKey).config()).status).toBe(404);
    expect((await new Visitor(t, rotated.body.siteKey, 'https://anywhere.example').config()).status).toBe(
      200,
    );
    const removed = await call(t, 'DELETE', `/api/v1/webchat-sites/${other.body.id}`, {
      token: acme.tokens.tenant_admin,
    });
    expect(removed.status).toBe(204);
    expect((await new Visitor(t, rotated.body.siteKey).config()).status).toBe(404);
  });

  it('gives the demo tenant a chat site with a fixed key, once', async () => {
    const demo = await seedTenant(t, `demo-${kind}`);
    await addQueue(t, demo.tokens.supervisor, { code: 'mail-only', name: 'Mail', channels: ['email'] });
    await addQueue(t, demo.tokens.supervisor, {
      code: 'presales',
      name: '售前咨询',
      channels: ['chat', 'voice'],
    });
    const db = t.server.database.db;
    expect(await ensureDemoChatSite(db, 'no-such-tenant')).toBe(false);
    expect(await ensureDemoChatSite(db, demo.slug)).toBe(true);
    expect(await ensureDemoChatSite(db, demo.slug)).toBe(false);
    const config = await new Visitor(t, DEMO_SITE_KEY, 'http://localhost:3000').config();
    expect(config.status).toBe(200);
    expect(config.body).toMatchObject({ name: '华信家电官网', defaultLocale: 'zh-CN', open: true });
    // Removed again: the key is unique across tenants, and other tests (PostgreSQL) reuse it.
    await db.deleteFrom('webchat_sites').where('site_key', '=', DEMO_SITE_KEY).execute();
  });

  it.skipIf(!fs.existsSync(path.join(WEB_DIST, 'widget.js')))(
    'serves the widget script and its demo page (after npm run build:web)',
    async () => {
      const script = await fetch(`${t.baseUrl}/widget.js`);
      expect(script.status).toBe(200);
      expect(script.headers.get('content-type')).toMatch(/javascript/);
      expect(await script.text()).toContain('hotline-launcher');
      const demo = await fetch(`${t.baseUrl}/widget-demo.html`);
      expect(demo.status).toBe(200);
      expect(await demo.text()).toContain(
        `<script src="/widget.js" data-site-key="${DEMO_SITE_KEY}" async></script>`,
      );
    },
  );

  it('answers the widget its settings, and refuses a wrong key, origin or token', async () => {
    const config = await new Visitor(t, site.siteKey).config();
    expect(config.status).toBe(200);
    expect(config.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(config.body).toMatchObject({
      name: 'Acme shop',
      defaultLocale: 'en',
      greeting: 'Hi!',
      preChatForm: 'optional',
      open: true,
      limits: { maxMessageChars: 4000, maxImageBytes: 512 * 1024 },
    });

    const wrongKey = await new Visitor(t, 'wc_nosuchkeynosuchkeynosuch').start({});
    expect([wrongKey.status, (wrongKey.body as unknown as ErrorBody).error.code]).toEqual([404, 'NOT_FOUND']);
    const wrongOrigin = await new Visitor(t, site.siteKey, 'https://evil.example').start({});
    expect(wrongOrigin.status).toBe(403);
    expect((wrongOrigin.body as unknown as ErrorBody).error).toMatchObject({
      code: 'ORIGIN_NOT_ALLOWED',
      message: expect.stringContaining('https://evil.example'),
    });
    // The Hotline server's own pages (the demo page) may always use it; so may a non-browser client.
    expect((await new Visitor(t, site.siteKey, t.baseUrl).config()).status).toBe(200);
    expect((await new Visitor(t, site.siteKey, null).config()).status).toBe(200);

    const visitor = new Visitor(t, site.siteKey);
    await visitor.start({});
    const other = new Visitor(t, site.siteKey);
    await other.start({});
    const realToken = visitor.token;
    const attempts: [string, string, string | null][] = [
      ['no token', '', ORIGIN],
      ['a made-up secret', `${visitor.conversationId}.${'x'.repeat(32)}`, ORIGIN],
      ["another chat's token", other.token, ORIGIN],
      ['garbage', 'not-a-token', ORIGIN],
      ['the right token from a wrong origin', realToken, 'https://evil.example'],
    ];
    for (const [what, token, origin] of attempts) {
      const res = await call<ErrorBody>(t, 'POST', `${visitor.path}/messages`, {
        json: { body: 'hi' },
        headers: { ...(origin ? { origin } : {}), ...(token ? { 'x-visitor-token': token } : {}) },
      });
      expect([what, res.status]).toEqual([what, what.includes('origin') ? 403 : 401]);
    }
    const preflight = await call(t, 'OPTIONS', `${visitor.path}/messages`, {
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-visitor-token');
  });

  it('starts anonymous or identified chats; an identified visitor is linked to their customer card', async () => {
    const customer = await call<{ id: string }>(t, 'POST', '/api/v1/customers', {
      token: acme.tokens.supervisor,
      json: { name: '李雷', contacts: [{ kind: 'email', value: 'li.lei@example.cn' }] },
    });
    const known = new Visitor(t, site.siteKey);
    const started = await known.start({
      name: 'Li Lei',
      email: 'Li.Lei@Example.cn',
      message: '我的冰箱坏了',
      locale: 'zh-CN',
    });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ status: 'waiting', agent: null, locale: 'zh-CN' });
    expect(started.body.messages.map((m) => [m.author, m.body])).toEqual([['customer', '我的冰箱坏了']]);
    expect(started.body.visitorToken.startsWith(`${started.body.conversationId}.`)).toBe(true);
    const interaction = await getInteraction(
      t,
      acme.tokens.supervisor,
      await interactionOf(known.conversationId),
    );
    expect(interaction).toMatchObject({
      customerId: customer.body.id,
      status: expect.stringMatching(/queued|offered/),
    });

    const anonymous = new Visitor(t, site.siteKey);
    const anon = await anonymous.start({});
    expect(anon.body).toMatchObject({ status: 'waiting', messages: [], locale: 'en' });
    expect(
      (await getInteraction(t, acme.tokens.supervisor, await interactionOf(anonymous.conversationId)))
        .customerId,
    ).toBeNull();

    const invalid = await new Visitor(t, site.siteKey).start({ email: 'not-an-email' });
    expect(invalid.status).toBe(400);
  });

  it('carries messages both ways, with agent joined, typing either way, and the end of the chat', async () => {
    await setState(t, amy.token, amy.id, 'available');
    const visitor = new Visitor(t, site.siteKey);
    await visitor.start({ name: 'Han Meimei', message: 'Is anyone there?' });
    const feed = await visitor.feed();
    expect(feed.received[0]).toMatchObject({ kind: 'status', status: 'waiting', reason: 'snapshot' });
    expect(feed.messages.map((m) => m.body)).toEqual(['Is anyone there?']);

    const interactionId = await interactionOf(visitor.conversationId);
    const amyStream = await StreamClient.open(t, { token: amy.token });
    await offered(t, acme.tokens.supervisor, interactionId, [amy.id]);
    await call(t, 'POST', `/api/v1/interactions/${interactionId}/accept`, { token: amy.token });
    await feed.until('agent joined', (r) =>
      r.some((m) => m.kind === 'status' && m.reason === 'agent_joined' && m.agent?.name === 'amy'),
    );

    await agentSays(interactionId, 'Hello, this is Amy.');
    await feed.until('agent message', () => feed.messages.some((m) => m.author === 'agent'));

    // Typing: the visitor's reaches Amy's stream, Amy's reaches the widget.
    feed.send({ type: 'typing', typing: true });
    await amyStream.until('visitor typing', (c) =>
      c.events.some(
        (e) =>
          e.type === 'interaction.typing' && e.payload?.author === 'customer' && e.payload.typing === true,
      ),
    );
    const typing = await call(t, 'POST', `/api/v1/interactions/${interactionId}/typing`, {
      token: amy.token,
      json: { typing: true },
    });
    expect(typing.status).toBe(204);
    await feed.until('agent typing', (r) => r.some((m) => m.kind === 'typing' && m.typing === true));
    expect(
      (
        await call(t, 'POST', `/api/v1/interactions/${interactionId}/typing`, {
          token: acme.tokens.agent,
          json: { typing: true },
        })
      ).status,
    ).toBe(404);

    const said = await visitor.say('Great, my order is late');
    expect(said.status).toBe(201);
    await amyStream.until('visitor message', (c) =>
      c.events.some(
        (e) => e.type === 'interaction.message_added' && e.payload?.body === 'Great, my order is late',
      ),
    );
    const detail = await getInteraction(t, amy.token, interactionId);
    expect(detail.messages.map((m) => [m.author, m.body])).toEqual([
      ['customer', 'Is anyone there?'],
      ['agent', 'Hello, this is Amy.'],
      ['customer', 'Great, my order is late'],
    ]);
    // The visitor sees the same conversation, system notes never.
    await feed.until('all three', () => feed.messages.length === 3);
    expect(feed.messages.map((m) => m.body)).toEqual(detail.messages.map((m) => m.body));

    const wrapped = await call(t, 'POST', `/api/v1/interactions/${interactionId}/wrap-up`, {
      token: amy.token,
      json: { code: 'resolved' },
    });
    expect(wrapped.status).toBe(200);
    await feed.until('ended', (r) => r.some((m) => m.kind === 'status' && m.status === 'ended'));
    const late = await visitor.say('one more thing');
    expect([late.status, (late.body as unknown as ErrorBody).error.code]).toEqual([
      409,
      'CONVERSATION_ENDED',
    ]);
    await feed.close();
    await amyStream.close();
  });

  it('resumes after a reconnect with every message missed, in order, none twice', async () => {
    const { visitor, interactionId } = await acceptedChat({ message: 'first' });
    const feed = await visitor.feed();
    await agentSays(interactionId, 'a1');
    await feed.until('a1', () => feed.messages.some((m) => m.body === 'a1'));
    const lastSeen = feed.messages.at(-1)!.id;
    await feed.close();

    // While the visitor is away: the agent writes, and the visitor's other tab writes too.
    for (const body of ['a2', 'a3', 'a4']) await agentSays(interactionId, body);
    await visitor.say('from the other tab');

    const resumed = await visitor.feed(lastSeen);
    expect(resumed.messages.map((m) => m.body)).toEqual(['a2', 'a3', 'a4', 'from the other tab']);
    await agentSays(interactionId, 'a5');
    await resumed.until('a5 live', () => resumed.messages.some((m) => m.body === 'a5'));
    const ids = resumed.messages.map((m) => Number(m.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);

    // Polling gives the same as the feed.
    const polled = await visitor.poll(lastSeen);
    expect(polled.body.messages.map((m) => m.body)).toEqual(['a2', 'a3', 'a4', 'from the other tab', 'a5']);
    expect(polled.body.status).toBe('active');
    expect(polled.body.agent).toEqual({ name: 'amy' });

    // Many messages while connected: all arrive, once each, in order.
    const bodies = Array.from({ length: 20 }, (_, i) => `burst ${i}`);
    await Promise.all(bodies.map((b) => agentSays(interactionId, b)));
    await resumed.until(
      'burst',
      () => resumed.messages.filter((m) => m.body.startsWith('burst')).length === 20,
    );
    const burstIds = resumed.messages.map((m) => Number(m.id));
    expect(burstIds).toEqual([...burstIds].sort((a, b) => a - b));
    expect(new Set(burstIds).size).toBe(burstIds.length);
    await resumed.close();
  });

  it('accepts images by their content, serves them only to the parties of the chat, and refuses the rest', async () => {
    const { visitor, interactionId } = await acceptedChat();
    const sent = await visitor.upload(PNG_1X1, 'image/png', 'C:\\Users\\li\\receipt.png');
    expect(sent.status).toBe(201);
    const attachment = sent.body.message.attachments[0]!;
    expect(attachment).toMatchObject({
      name: 'receipt.png',
      contentType: 'image/png',
      sizeBytes: PNG_1X1.length,
    });
    const url = attachment.url!;

    const byVisitor = await fetch(`${t.baseUrl}${url}`, { headers: visitor.headers() });
    expect(byVisitor.status).toBe(200);
    expect(byVisitor.headers.get('content-type')).toBe('image/png');
    expect(byVisitor.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await byVisitor.arrayBuffer()).equals(PNG_1X1)).toBe(true);
    const byAgent = await fetch(`${t.baseUrl}${url}`, { headers: { authorization: `Bearer ${amy.token}` } });
    expect(byAgent.status).toBe(200);
    const stranger = new Visitor(t, site.siteKey);
    await stranger.start({});
    expect((await fetch(`${t.baseUrl}${url}`, { headers: stranger.headers() })).status).toBe(404);
    expect(
      (await fetch(`${t.baseUrl}${url}`, { headers: { authorization: `Bearer ${acme.tokens.agent}` } }))
        .status,
    ).toBe(404);
    expect((await fetch(`${t.baseUrl}${url}`)).status).toBe(401);
    // The agent sees it on the interaction.
    const detail = await getInteraction(t, amy.token, interactionId);
    expect(detail.messages.at(-1)).toMatchObject({ author: 'customer', body: 'receipt.png' });

    // A JPEG claimed to be a PNG is kept as what it is.
    const jpeg = await visitor.upload(
      Buffer.concat([JPEG_HEADER, Buffer.alloc(100)]),
      'image/png',
      'photo.png',
    );
    expect(jpeg.status).toBe(201);
    expect(jpeg.body.message.attachments[0]).toMatchObject({ name: 'photo.jpg', contentType: 'image/jpeg' });

    const refused: [string, Buffer, string, number, string][] = [
      ['a PDF named .png', Buffer.from('%PDF-1.7 fake'), 'image/png', 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [
        'an SVG',
        Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        'image/svg+xml',
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      ['a PDF as itself', Buffer.from('%PDF-1.7 fake'), 'application/pdf', 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['JSON instead of bytes', Buffer.from('{"a":1}'), 'application/json', 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [
        'an image over the limit',
        Buffer.concat([PNG_1X1, Buffer.alloc(512 * 1024)]),
        'image/png',
        413,
        'PAYLOAD_TOO_LARGE',
      ],
      ['an empty file', Buffer.alloc(0), 'image/png', 400, 'VALIDATION_FAILED'],
    ];
    for (const [what, bytes, type, status, code] of refused) {
      const res = await visitor.upload(bytes, type);
      expect([what, res.status, (res.body as unknown as ErrorBody).error?.code]).toEqual([
        what,
        status,
        code,
      ]);
    }
    const tooBig = await visitor.upload(Buffer.concat([PNG_1X1, Buffer.alloc(600 * 1024)]), 'image/png');
    expect((tooBig.body as unknown as ErrorBody).error.message).toMatch(/at most 0\.5 MB/);
    const stored = await t.server.database.db
      .selectFrom('webchat_attachments')
      .select('content_type')
      .where('conversation_id', '=', visitor.conversationId)
      .execute();
    expect(stored.map((s) => s.content_type).sort()).toEqual(['image/jpeg', 'image/png']);
  });

  it('refuses an oversized or empty message with a clear error and keeps the chat working', async () => {
    const visitor = new Visitor(t, site.siteKey);
    await visitor.start({});
    const long = await visitor.say('长'.repeat(4001));
    expect(long.status).toBe(413);
    expect((long.body as unknown as ErrorBody).error).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: 'A message may have at most 4000 characters; this one has 4001',
      details: { maxChars: 4000, chars: 4001 },
    });
    expect((await visitor.say('长'.repeat(4000))).status).toBe(201);
    const empty = await visitor.say('   ');
    expect([empty.status, (empty.body as unknown as ErrorBody).error.code]).toEqual([
      400,
      'VALIDATION_FAILED',
    ]);
    const huge = await visitor.say('x'.repeat(2 * 1024 * 1024));
    expect(huge.status).toBe(413);
    const malformed = await call<ErrorBody>(t, 'POST', `${visitor.path}/messages`, {
      body: '{"body": "unterminated',
      headers: visitor.headers({ 'content-type': 'application/json' }),
    });
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'MALFORMED_JSON']);
    const unknownField = await call<ErrorBody>(t, 'POST', `${visitor.path}/messages`, {
      json: { body: 'hi', author: 'agent' },
      headers: visitor.headers(),
    });
    expect([unknownField.status, unknownField.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const longStart = await new Visitor(t, site.siteKey).start({ message: 'y'.repeat(5000) });
    expect(longStart.status).toBe(413);
    expect((await visitor.say('still here')).status).toBe(201);
  });

  it('answers a flooding visitor 429 while another visitor carries on', async () => {
    const flooder = new Visitor(t, site.siteKey);
    await flooder.start({});
    const quiet = new Visitor(t, site.siteKey);
    await quiet.start({});
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => flooder.say(`spam ${i}`)));
    const statuses = results.map((r) => r.status);
    const accepted = statuses.filter((s) => s === 201).length;
    const limited = results.filter((r) => r.status === 429);
    // Burst of 10 (30 a minute), perhaps one more refilled while the flood runs.
    expect(accepted).toBeGreaterThanOrEqual(10);
    expect(accepted).toBeLessThanOrEqual(12);
    expect(limited.length).toBe(40 - accepted);
    expect((limited[0]!.body as unknown as ErrorBody).error.code).toBe('RATE_LIMITED');
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
    const stored = await t.server.database.db
      .selectFrom('interaction_messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('interaction_id', '=', await interactionOf(flooder.conversationId))
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(accepted);

    expect((await quiet.say('I am not spamming')).status).toBe(201);
    expect((await flooder.poll()).status).toBe(200);
  });

  it('takes the offline form outside hours; the team gets it when the queue opens', async () => {
    const today = DateTime.now().setZone('Asia/Shanghai').toISODate()!;
    const allDay = [{ open: '00:00', close: '24:00' }];
    const closed = await addQueue(t, acme.tokens.supervisor, {
      code: 'after-hours',
      name: 'After hours',
      channels: ['chat'],
      alwaysOpen: false,
      timeZone: 'Asia/Shanghai',
      businessHours: Object.fromEntries(
        ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, allDay]),
      ),
      holidays: [today],
      offlineMessage: 'We are closed today.',
    });
    const offlineSite = await call<SiteBody>(t, 'POST', '/api/v1/webchat-sites', {
      token: acme.tokens.tenant_admin,
      json: { name: 'Night shop', queueId: closed.id, allowedOrigins: [ORIGIN], defaultLocale: 'zh-CN' },
    });
    const visitor = new Visitor(t, offlineSite.body.siteKey);
    const config = await visitor.config();
    expect(config.body).toMatchObject({ open: false, offlineMessage: 'We are closed today.' });
    expect(Date.parse(String(config.body.nextOpening))).toBeGreaterThan(Date.now());

    const start = await visitor.start({ message: 'hello?' });
    expect([start.status, (start.body as unknown as ErrorBody).error.code]).toEqual([409, 'CHAT_OFFLINE']);
    expect((start.body as unknown as ErrorBody).error.details).toMatchObject({
      open: false,
      offlineMessage: 'We are closed today.',
    });

    const missingContact = await call<ErrorBody>(
      t,
      'POST',
      `/api/v1/webchat/sites/${offlineSite.body.siteKey}/offline-messages`,
      {
        json: { name: '王五', message: '请回电' },
        headers: { origin: ORIGIN },
      },
    );
    expect(missingContact.status).toBe(400);
    const left = await call<{ received: boolean; nextOpening: string }>(
      t,
      'POST',
      `/api/v1/webchat/sites/${offlineSite.body.siteKey}/offline-messages`,
      {
        json: { name: '王五', phone: '13800138000', message: '空调漏水，请明天回电' },
        headers: { origin: ORIGIN },
      },
    );
    expect(left.status).toBe(201);
    expect(left.body.received).toBe(true);

    const waiting = await call<{
      items: { id: string; status: string; subject: string; contact: { name: string; phone: string } }[];
    }>(t, 'GET', `/api/v1/interactions?queueId=${closed.id}`, { token: acme.tokens.supervisor });
    expect(waiting.body.items).toHaveLength(1);
    const item = waiting.body.items[0]!;
    expect(item).toMatchObject({
      status: 'queued',
      subject: '离线留言 · Night shop',
      contact: { name: '王五', phone: '+8613800138000' },
    });
    expect((await getInteraction(t, acme.tokens.supervisor, item.id)).messages.map((m) => m.body)).toEqual([
      '空调漏水，请明天回电',
    ]);

    // When the queue opens, the message is offered to an agent like any chat.
    await setState(t, amy.token, amy.id, 'available');
    await call(t, 'PATCH', `/api/v1/queues/${closed.id}`, {
      token: acme.tokens.supervisor,
      json: { alwaysOpen: true },
    });
    await offered(t, acme.tokens.supervisor, item.id, [amy.id]);
    await call(t, 'POST', `/api/v1/interactions/${item.id}/decline`, { token: amy.token });
  });

  it('emails the transcript through the configured SMTP server', async () => {
    const { visitor, interactionId } = await acceptedChat({
      email: 'visitor@example.cn',
      message: '发票怎么开？',
    });
    await agentSays(interactionId, '请在订单页点击“申请发票”。');
    await visitor.upload(PNG_1X1, 'image/png', 'invoice.png');
    const asked = await visitor.post<{ status: string; email: string; message: string }>('transcript', {});
    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({ status: 'queued', email: 'visitor@example.cn' });
    const mail = await waitFor('the transcript mail', async () =>
      mailbox.mails.find((m) => m.to.includes('visitor@example.cn')),
    );
    const text = mailText(mail.raw);
    expect(mail.raw).toMatch(/^From: Acme Service <service@acme\.example>/m);
    expect(text).toContain('Acme shop');
    expect(text).toContain('发票怎么开？');
    expect(text).toContain('请在订单页点击“申请发票”。');
    expect(text).toContain('[image: invoice.png]');
    await waitFor('request marked sent', async () => {
      const row = await t.server.database.db
        .selectFrom('webchat_transcript_requests')
        .select('status')
        .where('conversation_id', '=', visitor.conversationId)
        .executeTakeFirst();
      return row?.status === 'sent';
    });

    const elsewhere = await visitor.post('transcript', { email: 'other@example.cn' });
    expect(elsewhere.status).toBe(202);
    await waitFor('second mail', async () => mailbox.mails.find((m) => m.to.includes('other@example.cn')));
    const anonymous = new Visitor(t, site.siteKey);
    await anonymous.start({});
    const noAddress = await anonymous.post<ErrorBody>('transcript', {});
    expect([noAddress.status, noAddress.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('abandons a chat the visitor closes while waiting, and tells the agent when they close it later', async () => {
    await setState(t, amy.token, amy.id, 'offline');
    const waiting = new Visitor(t, site.siteKey);
    await waiting.start({ message: 'bye' });
    const ended = await waiting.post<{ status: string }>('end');
    expect([ended.status, ended.body.status]).toEqual([200, 'ended']);
    expect(
      (await getInteraction(t, acme.tokens.supervisor, await interactionOf(waiting.conversationId))).status,
    ).toBe('abandoned');
    expect((await waiting.say('again')).status).toBe(409);

    const { visitor, interactionId } = await acceptedChat();
    await visitor.post('end');
    const detail = await getInteraction(t, amy.token, interactionId);
    expect(detail.status).toBe('active');
    expect(detail.messages.at(-1)).toMatchObject({ author: 'system', body: 'The visitor closed the chat' });
  });
});

/** A server without SMTP, and with a tight limit on new chats per IP address. */
describe('web chat without SMTP and with a tight start limit', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer('pglite', { HOTLINE_WEBCHAT_STARTS_PER_MINUTE: '3' });
  });
  afterAll(() => t?.close());

  it('records a transcript request and says mail is not set up; limits new chats per IP', async () => {
    const tenant = await seedTenant(t, 'wc-nosmtp');
    const queue = await addQueue(t, tenant.tokens.supervisor, {
      code: 'web',
      name: 'Web',
      channels: ['chat'],
    });
    const site = await call<SiteBody>(t, 'POST', '/api/v1/webchat-sites', {
      token: tenant.tokens.tenant_admin,
      json: { name: 'Shop', queueId: queue.id, allowedOrigins: [ORIGIN] },
    });
    const visitor = new Visitor(t, site.body.siteKey);
    expect((await visitor.start({ email: 'v@example.cn', message: 'hi' })).status).toBe(201);

    const asked = await visitor.post<{ status: string; message: string }>('transcript', {});
    expect(asked.status).toBe(202);
    expect(asked.body.status).toBe('not_configured');
    expect(asked.body.message).toMatch(/not set up/);
    const interactionId = (
      await t.server.database.db
        .selectFrom('webchat_conversations')
        .select('interaction_id')
        .where('id', '=', visitor.conversationId)
        .executeTakeFirstOrThrow()
    ).interaction_id;
    const detail = await getInteraction(t, tenant.tokens.supervisor, interactionId);
    expect(detail.messages.at(-1)).toMatchObject({
      author: 'system',
      body: expect.stringContaining('v@example.cn'),
    });

    // Burst of one start per IP (3 a minute): the next is refused, the started chat goes on.
    const next = await new Visitor(t, site.body.siteKey).start({});
    expect([next.status, (next.body as unknown as ErrorBody).error.code]).toEqual([429, 'RATE_LIMITED']);
    expect((await visitor.say('still chatting')).status).toBe(201);
  });
});
