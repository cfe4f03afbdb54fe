import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createTransport } from 'nodemailer';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_DIST } from '../../src/server.ts';
import { addQueue, waitFor } from '../support/routing-helpers.ts';
import {
  call,
  PASSWORD,
  seedTenant,
  startTestServer,
  type TestServer,
  type TestTenant,
  waitForJob,
} from '../support/test-server.ts';
import { Visitor } from '../support/webchat-helpers.ts';

/**
 * A customer chats through the widget on a shop's page while an agent answers on the desktop,
 * in two Chromium contexts against a real server on PGlite: the offer pops with the customer's
 * card, the agent accepts, both sides see each other's messages, a second chat lands side by
 * side, the feed resumes after a dropped connection, the agent links and wraps up, and the
 * chat lands on the customer's timeline. Then a supervisor watches and acts on the wallboard.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SHOTS = process.env.HOTLINE_SCREENSHOTS;
/** The desktop's live feed, which the page exposes for this test (web/src/realtime/use-event-stream.ts). */
type FeedWindow = { __hotlineStream?: { resumeAfter: number | null; dropForTest(): void } };
/** Waits for a value in the pages; generous, as the machine is shared with other work. */
const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 100 });
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

describe('web chat answered on the agent desktop, in Chromium', () => {
  let t: TestServer;
  let acme: TestTenant;
  let siteKey = '';
  let shopOrigin = '';
  let shopServer: http.Server;
  /** The outgoing mail relay: the agent's email reply ends up here. */
  const relayed: string[] = [];
  const relay = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData: (stream, _session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        relayed.push(Buffer.concat(chunks).toString('utf8'));
        callback();
      });
    },
  });
  let zhangId = '';
  let linaId = '';
  let service = { id: '', code: '' };
  let sales = { id: '', code: '' };
  const contexts: BrowserContext[] = [];
  const dirs: string[] = [];
  let desk: Page;
  let shop: Page;
  let second: Visitor;

  const launch = async (locale: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-chromium-'));
    dirs.push(dir);
    const context = await chromium.launchPersistentContext(dir, {
      executablePath: CHROMIUM,
      args: ARGS,
      locale,
      viewport: { width: 1440, height: 900 },
    });
    contexts.push(context);
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(20_000);
    return { context, page };
  };
  const signIn = async (page: Page, email: string) => {
    await page.goto(`${t.baseUrl}/`);
    await page.getByTestId('login-email').fill(email);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('customer-search').waitFor();
  };
  const shot = async (page: Page, name: string) => {
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  };
  const widget = (testId: string) => shop.getByTestId(testId);

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html')) || !fs.existsSync(path.join(WEB_DIST, 'widget.js')))
      throw new Error('build the web app and the widget first: npm run build:web');
    if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium`);
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    t = await startTestServer('pglite', {
      HOTLINE_OFFER_TIMEOUT_SECONDS: '90',
      HOTLINE_ROUTING_SWEEP_MS: '200',
      HOTLINE_SMTP_LISTEN_PORT: '0',
      HOTLINE_SMTP_LISTEN_HOST: '127.0.0.1',
      HOTLINE_SMTP_URL: `smtp://127.0.0.1:${(relay.server.address() as AddressInfo).port}`,
    });
    acme = await seedTenant(t, 'acme');
    // The shop's own page, on its own origin, with the one tag that embeds the chat.
    shopServer = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>华强商城</title></head>
        <body><h1>华强商城</h1><p>空调 · 冰箱 · 洗衣机</p>
        <script src="${t.baseUrl}/widget.js" data-site-key="${siteKey}" async></script></body></html>`);
    });
    await new Promise<void>((resolve) => shopServer.listen(0, '127.0.0.1', resolve));
    shopOrigin = `http://127.0.0.1:${(shopServer.address() as AddressInfo).port}`;
    const sup = acme.tokens.supervisor;
    service = await addQueue(t, sup, {
      code: 'service',
      name: '售后服务',
      channels: ['chat', 'email'],
      wrapUpSeconds: 2,
      serviceLevel: { percent: 80, withinSeconds: 30 },
    });
    // Needs a skill nobody has: what lands here waits (and shows on the wallboard).
    sales = await addQueue(t, sup, {
      code: 'sales',
      name: '销售咨询',
      channels: ['chat'],
      requiredSkills: [{ skill: 'sales', minLevel: 3 }],
      serviceLevel: { percent: 90, withinSeconds: 20 },
    });
    const site = await call<{ siteKey: string }>(t, 'POST', '/api/v1/webchat-sites', {
      token: acme.tokens.tenant_admin,
      json: { name: '华强商城', queueId: service.id, allowedOrigins: [shopOrigin] },
    });
    expect(site.status).toBe(201);
    siteKey = site.body.siteKey;
    const mailbox = await call(t, 'POST', '/api/v1/email-mailboxes', {
      token: acme.tokens.tenant_admin,
      json: {
        name: '客服邮箱',
        queueId: service.id,
        addresses: ['service@acme.test'],
        fromAddress: 'service@acme.test',
        fromName: '华强商城客服',
      },
    });
    expect(mailbox.status).toBe(201);
    const zhang = await call<{ id: string }>(t, 'POST', '/api/v1/customers', {
      token: sup,
      json: {
        name: '张伟',
        company: '深圳市华强电子有限公司',
        tags: ['VIP'],
        contacts: [{ kind: 'email', value: 'zhang.wei@example.com' }],
      },
    });
    zhangId = zhang.body.id;
    for (let k = 0; k < 4; k++) {
      await call(t, 'POST', `/api/v1/customers/${zhangId}/orders`, {
        token: sup,
        json: { product: '格力空调 KFR-35GW', amountMinor: 599_900, orderedAt: daysAgo(10 + k * 40) },
      });
    }
    const lina = await call<{ id: string }>(t, 'POST', '/api/v1/customers', {
      token: sup,
      json: { name: '李娜', contacts: [{ kind: 'phone', value: '13900001111' }] },
    });
    linaId = lina.body.id;
    const job = await call<{ jobId: number }>(t, 'POST', '/api/v1/value/rescore', { token: sup });
    await waitForJob(t, sup, job.body.jobId);

    desk = (await launch('zh-CN')).page;
    shop = (await launch('zh-CN')).page;
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await t?.close();
    shopServer?.close();
    await new Promise<void>((resolve) => relay.close(() => resolve()));
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lets the agent go available on the desktop', async () => {
    await signIn(desk, acme.emails.agent);
    await desk.getByRole('menuitem', { name: '坐席工作台' }).click();
    await desk.getByTestId('agent-state-bar').waitFor();
    expect(await desk.getByTestId('agent-state-tag').innerText()).toContain('离线');
    await desk.getByTestId('state-available').click();
    await eventually(() => desk.getByTestId('agent-state-tag').innerText()).toContain('示闲');
    await eventually(() => desk.getByTestId('stream-status').innerText()).toContain('实时');
    expect(await desk.getByTestId('time-in-state').innerText()).toMatch(/^0:0\d$/);
  });

  it('pops the offer with the customer card when the customer writes in the widget, and the agent accepts', async () => {
    await shop.goto(`${shopOrigin}/shop.html`);
    await widget('hotline-launcher').click();
    await widget('hotline-prechat-name').fill('张伟');
    await widget('hotline-prechat-email').fill('zhang.wei@example.com');
    await widget('hotline-start').click();
    await widget('hotline-message-input').fill('你好，我家的空调不制冷了');
    await widget('hotline-send').click();

    const pop = desk.getByTestId('offer-pop');
    await pop.waitFor();
    await eventually(() => pop.getByTestId('customer-summary-name').innerText()).toBe('张伟');
    const standing = await call<{ value: { tierName: string } }>(
      t,
      'GET',
      `/api/v1/customers/${zhangId}/standing`,
      {
        token: acme.tokens.supervisor,
      },
    );
    await eventually(() => pop.getByTestId('customer-summary-tier').innerText()).toBe(
      standing.body.value.tierName,
    );
    await eventually(() => pop.innerText()).toContain('售后服务');
    await eventually(() => pop.getByTestId('offer-preview').innerText()).toContain('空调不制冷');
    expect(await pop.getByTestId('offer-countdown').innerText()).toMatch(/请在 \d+ 秒内接听/);
    await shot(desk, 'desktop-offer-zh');
    await pop.getByTestId('offer-accept').click();

    const pane = desk.getByTestId('desk-pane');
    await eventually(() => pane.count()).toBe(1);
    await eventually(() => pane.getByTestId('chat-transcript').innerText()).toContain('空调不制冷');
    // The card under the panes loads after the pane: wait for it rather than read it once.
    await eventually(() => desk.getByTestId('desk-customer').innerText()).toContain('张伟');
  });

  it('carries messages both ways, with the typing signal and a canned answer', async () => {
    const pane = desk.getByTestId('desk-pane').first();
    await widget('hotline-message-input').pressSequentially('型号是', { delay: 30 });
    await pane.getByTestId('customer-typing').waitFor();
    await widget('hotline-message-input').fill('型号是 KFR-35GW，去年买的');
    await widget('hotline-send').click();
    await eventually(() => pane.getByTestId('chat-transcript').innerText()).toContain('KFR-35GW');

    await pane.getByTestId('canned-button').click();
    await desk.getByTestId('canned-list').getByText('稍等', { exact: true }).click();
    expect(await pane.getByTestId('composer-input').inputValue()).toContain('请您稍等');
    await pane.getByTestId('composer-input').fill('您好张先生，很抱歉给您带来不便，我来为您登记报修。');
    await pane.getByTestId('composer-input').press('Enter');
    await eventually(() => widget('hotline-message').filter({ hasText: '登记报修' }).count()).toBe(1);
    await eventually(() => pane.getByTestId('composer-input').inputValue()).toBe('');
  });

  it('puts a second chat side by side, resumes the feed after a dropped connection, and links the customer', async () => {
    second = new Visitor(t, siteKey, shopOrigin);
    expect((await second.start({ message: '请问你们周末营业吗？' })).status).toBe(201);
    const pop = desk.getByTestId('offer-pop');
    await pop.waitFor();
    await eventually(() => pop.innerText()).toContain('访客');
    await shot(desk, 'desktop-zh');
    await pop.getByTestId('offer-accept').click();
    await eventually(() => desk.getByTestId('desk-pane').count()).toBe(2);
    const pane = desk.getByTestId('desk-pane').nth(1);

    // The feed drops; a message written meanwhile arrives once it resumes (?after=).
    const before = await desk.evaluate(() => (globalThis as FeedWindow).__hotlineStream?.resumeAfter ?? null);
    expect(before).not.toBeNull();
    await desk.evaluate(() => (globalThis as FeedWindow).__hotlineStream?.dropForTest());
    expect((await second.say('我是李娜，电话 139 0000 1111')).status).toBe(201);
    await eventually(() => pane.getByTestId('chat-transcript').innerText()).toContain('我是李娜');
    await eventually(() => desk.getByTestId('stream-status').innerText()).toContain('实时');

    await pane.getByTestId('pane-link').click();
    await desk.getByTestId('link-search').locator('input').fill('李娜');
    await desk.getByTestId('link-search').locator('input').press('Enter');
    await eventually(() => desk.getByTestId('link-row').count()).toBe(1);
    await desk.getByTestId('link-choose').click();
    await eventually(() => desk.getByTestId('desk-customer').innerText()).toContain('李娜');
    const linked = await call<{ customerId: string }>(
      t,
      'GET',
      `/api/v1/interactions/${await chatOf(second)}`,
      {
        token: acme.tokens.supervisor,
      },
    );
    expect(linked.body.customerId).toBe(linaId);
  });

  it('shows the desktop in English', async () => {
    await desk.getByTestId('lang-switch').click();
    await desk.getByText('Agent desktop').first().waitFor();
    await desk.getByTestId('desk-pane').first().click();
    await shot(desk, 'desktop-en');
    await desk.getByTestId('lang-switch').click();
    await desk.getByText('坐席工作台').first().waitFor();
  });

  it('wraps up with a disposition, and the chat lands on the customer timeline', async () => {
    const pane = desk.getByTestId('desk-pane').first();
    await pane.getByTestId('pane-wrap-up').click();
    await desk.getByTestId('disposition-resolved').click();
    await desk.getByTestId('wrap-up-notes').fill('已登记报修，师傅明天上门');
    await desk.getByTestId('wrap-up-ok').click();
    // Wrap-up time is 2 s: the pane shows it, then the chat closes and leaves the desktop.
    await eventually(() => desk.getByTestId('desk-pane').count()).toBe(1);
    const timeline = await waitFor('the chat on the timeline', async () => {
      const res = await call<{ items: { kind: string; title: string; detail: string | null }[] }>(
        t,
        'GET',
        `/api/v1/customers/${zhangId}/timeline`,
        { token: acme.tokens.supervisor },
      );
      return res.body.items.find((i) => i.kind === 'interaction');
    });
    expect(timeline.detail).toContain('resolved');
    expect(timeline.detail).toContain('师傅明天上门');

    const card = await desk.context().newPage();
    await card.goto(`${t.baseUrl}/customers/${zhangId}`);
    await eventually(() => card.getByTestId('card-timeline').innerText()).toContain('在线客服');
    await card.close();
  });

  it('answers an email in its thread, and the reply goes out through the relay', async () => {
    const transport = createTransport({
      host: '127.0.0.1',
      port: t.server.email.smtpAddress!.port,
      secure: false,
    });
    await transport.sendMail({
      from: '张伟 <zhang.wei@example.com>',
      to: 'service@acme.test',
      subject: '空调维修预约',
      text: '您好，\n\n我想预约明天下午上门维修空调，地址是深圳市福田区华强北路 1 号。\n\n张伟',
    });
    transport.close();
    const pop = desk.getByTestId('offer-pop');
    await pop.waitFor();
    await eventually(() => pop.innerText()).toContain('新的邮件');
    await eventually(() => pop.getByTestId('offer-preview').innerText()).toContain('空调维修预约');
    await pop.getByTestId('offer-accept').click();
    const pane = desk.getByTestId('desk-pane').filter({ has: desk.getByTestId('email-thread') });
    await pane.waitFor();
    await eventually(() => pane.getByTestId('pane-subject').innerText()).toBe('空调维修预约');
    await eventually(() => pane.getByTestId('email-item').first().innerText()).toContain('华强北路');
    await pane
      .getByTestId('composer-input')
      .fill('张先生您好，已为您预约明天下午 2 点至 4 点上门，师傅出发前会电话联系您。');
    await pane.getByTestId('composer-input').press('Control+Enter');
    await eventually(() => pane.getByTestId('email-item').count()).toBe(2);
    await eventually(() =>
      relayed.some((m) => /^In-Reply-To: </im.test(m) && m.includes('zhang.wei@example.com')),
    ).toBe(true);
    await pane.click();
    await eventually(() => pane.getByTestId('email-item').nth(1).innerText()).toContain('已发送');
    await shot(desk, 'desktop-email-zh');
  });

  it('shows the floor on the wallboard, where a supervisor sets an agent state and reassigns a waiting chat', async () => {
    // Traffic that waits (nobody has the sales skill), and one customer who gave up.
    const waiting = [];
    for (const name of ['王芳', '刘洋', '陈静']) {
      const res = await call<{ id: string }>(t, 'POST', '/api/v1/interactions', {
        token: acme.tokens.supervisor,
        json: {
          channel: 'chat',
          queueId: sales.id,
          contact: { name },
          message: { body: '想咨询一下新款空调' },
        },
      });
      waiting.push(res.body.id);
    }
    await t.server.database.db
      .updateTable('interactions')
      .set({ enqueued_at: new Date(Date.now() - 95_000) })
      .where('id', '=', waiting[0]!)
      .execute();
    await call(t, 'POST', `/api/v1/interactions/${waiting[2]}/abandon`, { token: acme.tokens.supervisor });

    const { page: board } = await launch('zh-CN');
    await signIn(board, acme.emails.supervisor);
    await board.getByRole('menuitem', { name: '实时监控大屏' }).click();
    await board.getByTestId('wb-totals').waitFor();
    await eventually(() => board.getByTestId('wb-queue').count()).toBe(2);
    const salesTile = board.getByTestId('wb-queue').filter({ hasText: '销售咨询' });
    await eventually(() => salesTile.getByTestId('wb-queue-waiting').innerText()).toContain('2');
    await eventually(() => salesTile.getByTestId('wb-queue-sl').innerText()).toContain('0%');
    expect(await salesTile.getAttribute('class')).toContain('wb-queue-breach');
    const serviceTile = board.getByTestId('wb-queue').filter({ hasText: '售后服务' });
    await eventually(() => serviceTile.getByTestId('wb-queue-sl').innerText()).toContain('100%');
    const agentRow = board.getByTestId('wb-agent-row').filter({ hasText: 'agent acme' });
    await eventually(() => agentRow.getByTestId('wb-agent-interaction').count()).toBe(2);
    await eventually(() => board.getByTestId('wb-waiting-row').count()).toBe(2);
    await shot(board, 'wallboard-zh');

    // Live: the agent goes busy on the desktop, and the wallboard follows.
    await desk.getByTestId('state-busy').click();
    await eventually(() => agentRow.getByTestId('agent-state-tag').innerText()).toContain('示忙');

    // The supervisor sends the agent back to available from the wallboard.
    await agentRow.getByTestId('wb-set-state').click();
    await board.getByRole('menuitem', { name: '示闲' }).click();
    await eventually(() => desk.getByTestId('agent-state-tag').innerText()).toContain('示闲');

    // …and moves the longest waiting chat to the service queue, where the agent gets it.
    await board.getByTestId('wb-waiting-row').first().getByTestId('wb-reassign').click();
    await board.getByTestId('transfer-queue').click();
    await board.getByTitle('售后服务').click();
    await board.getByRole('button', { name: /确\s*定|OK/ }).click();
    await desk.getByTestId('offer-pop').waitFor();
    await eventually(() => desk.getByTestId('offer-pop').innerText()).toContain('王芳');
    await eventually(() => board.getByTestId('wb-waiting-row').first().innerText()).toContain('振铃');

    await board.getByTestId('lang-switch').click();
    await board.getByText('Wallboard').first().waitFor();
    // Let the confirmations (in Chinese, from before the switch) fade first.
    await eventually(() => board.locator('.ant-message-notice').count()).toBe(0);
    await shot(board, 'wallboard-en');
  });
});

/** The routing interaction behind a widget conversation. */
async function chatOf(visitor: Visitor): Promise<string> {
  const row = await visitor.t.server.database.db
    .selectFrom('webchat_conversations')
    .select('interaction_id')
    .where('id', '=', visitor.conversationId)
    .executeTakeFirstOrThrow();
  return row.interaction_id;
}
