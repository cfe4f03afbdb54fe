import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_DIST } from '../../src/server.ts';
import { addQueue } from '../support/routing-helpers.ts';
import {
  call,
  PASSWORD,
  seedTenant,
  startTestServer,
  type TestServer,
  type TestTenant,
} from '../support/test-server.ts';

/**
 * Routing setup in Chromium against a real server on PGlite: a tenant admin creates a queue
 * with business hours, a holiday and a service-level target, gives an agent a skill and
 * capacity, registers a chat site and copies its embed code, adds an IMAP mailbox whose
 * password is never shown again; then the API shows that all of it was saved. A supervisor
 * sees the sites and mailboxes without the buttons to change them.
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
const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 100 });
/** The input of an Ant Design field, whether the test id sits on the input or on its wrapper. */
const input = (field: Locator) => field.locator('xpath=self::input | .//input').first();

interface QueueBody {
  id: string;
  code: string;
  name: string;
  channels: string[];
  requiredSkills: { skill: string; minLevel: number }[];
  alwaysOpen: boolean;
  timeZone: string | null;
  businessHours: Record<string, { open: string; close: string }[]>;
  holidays: string[];
  serviceLevel: { percent: number; withinSeconds: number };
  maxWaitSeconds: number | null;
  overflowQueueId: string | null;
  wrapUpSeconds: number;
  offlineMessage: string | null;
  emailAutoReply: string | null;
  tierRules: Record<string, unknown>;
}

describe('routing setup in Chromium', () => {
  let t: TestServer;
  let acme: TestTenant;
  let context: BrowserContext;
  let page: Page;
  let profileDir: string;
  let general = { id: '', code: '' };
  let agentId = '';
  let siteKeyShown = '';
  // A day of the month the date picker opens on: the 15th of this month.
  const now = new Date();
  const holiday = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-15`;

  const shot = async (name: string) => {
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  };
  const signIn = async (email: string) => {
    await page.goto(`${t.baseUrl}/`);
    await page.getByTestId('login-email').fill(email);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('customer-search').waitFor();
  };
  const pick = async (select: Locator, title: string) => {
    await select.click();
    await page.getByTitle(title, { exact: true }).last().click();
  };

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html')))
      throw new Error('build the web app first: npm run build:web');
    if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium`);
    t = await startTestServer('pglite');
    acme = await seedTenant(t, 'acme');
    general = await addQueue(t, acme.tokens.supervisor, { code: 'general', name: '综合咨询' });
    const me = await call<{ id: string }>(t, 'GET', '/api/v1/auth/me', { token: acme.tokens.agent });
    agentId = me.body.id;
    profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-chromium-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      args: ARGS,
      locale: 'zh-CN',
      viewport: { width: 1440, height: 900 },
    });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.baseUrl });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(20_000);
  });

  afterAll(async () => {
    await context?.close();
    await t?.close();
    if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
  });

  it('creates a queue with business hours, a holiday and a service-level target', async () => {
    await signIn(acme.emails.tenant_admin);
    await page.getByRole('menuitem', { name: '路由设置' }).click();
    await page.getByTestId('routing-setup').waitFor();
    await page.getByTestId('queue-row-general').waitFor();

    await page.getByTestId('queue-new').click();
    const form = page.getByTestId('queue-form');
    await form.getByTestId('queue-name').fill('售后服务');
    await form.getByTestId('queue-code').fill('aftersales');
    await form.getByTestId('queue-channels').getByText('电话').click();
    await form.getByTestId('requiredSkills-add').click();
    await input(form.getByTestId('skill-code')).fill('aftersales');
    await input(form.getByTestId('skill-level')).fill('2');

    // Off 7×24: office hours Monday to Friday are there already; Saturday gets 10:00–16:00.
    await form.getByTestId('queue-always-open').click();
    await form.getByTestId('hours-add-sat').click();
    const saturday = form.getByTestId('hours-sat').locator('input');
    await saturday.nth(0).fill('10:00');
    await saturday.nth(1).fill('16:00');
    await input(form.getByTestId('queue-time-zone')).fill('Asia/Shanghai');
    await page.getByTitle('Asia/Shanghai', { exact: true }).click();
    await form.locator('.rs-holidays').click();
    await page.locator(`.ant-picker-dropdown td[title="${holiday}"]`).click();
    await form.getByTestId('queue-name').click();

    await input(form.getByTestId('queue-sl-percent')).fill('85');
    await input(form.getByTestId('queue-sl-seconds')).fill('30');
    await input(form.getByTestId('queue-wrap-up')).fill('45');
    await input(form.getByTestId('queue-max-wait')).fill('120');
    await pick(form.getByTestId('queue-overflow'), '综合咨询');
    await form.getByLabel('离线提示（在线客服）').fill('我们的服务时间是周一至周五 9:00–18:00');
    await form.getByLabel('自动回复（邮件）').fill('已收到您的邮件，我们会在工作时间回复');
    // The picture: the weekday hours and the target, with no dropdown left open.
    await page.locator('.ant-drawer-title').click();
    await eventually(() =>
      page.locator('.ant-select-dropdown:visible, .ant-picker-dropdown:visible').count(),
    ).toBe(0);
    await form.locator('.rs-hours-section').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot('admin-routing-zh');

    await page.getByTestId('queue-save').click();
    const row = page.getByTestId('queue-row-aftersales');
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain('售后服务');
    expect(text).toContain('85% / 30 秒');
    expect(text).toContain('周一–周五 09:00–18:00');
    expect(text).toContain('周六 10:00–16:00');
    expect(text).toContain('综合咨询');

    // A change goes back as a PATCH of the form; a new queue after it starts blank again.
    await row.getByTestId('queue-edit').click();
    expect(await input(form.getByTestId('queue-name')).inputValue()).toBe('售后服务');
    await input(form.getByTestId('queue-wrap-up')).fill('60');
    await page.getByTestId('queue-save').click();
    await eventually(() => row.innerText()).toContain('60 秒');
    await page.getByTestId('queue-new').click();
    expect(await input(form.getByTestId('queue-name')).inputValue()).toBe('');
    expect(await form.getByTestId('queue-always-open').getAttribute('aria-checked')).toBe('true');
    await page.locator('.ant-drawer-close').click();
    await form.waitFor({ state: 'detached' });
  });

  it('gives an agent a skill with a level and a capacity per channel', async () => {
    await page.getByTestId('tab-agents').click();
    const row = page.getByTestId(`agent-row-${acme.emails.agent}`);
    expect(await row.innerText()).toContain('未设置坐席资料');
    await row.getByTestId('agent-edit').click();
    const form = page.getByTestId('agent-form');
    await form.getByTestId('skills-add').click();
    await input(form.getByTestId('skill-code')).fill('aftersales');
    await input(form.getByTestId('skill-level')).fill('3');
    await input(form.getByTestId('capacity-voice')).fill('0');
    await input(form.getByTestId('capacity-chat')).fill('4');
    await input(form.getByTestId('capacity-email')).fill('6');
    await page.getByTestId('agent-save').click();
    await eventually(() => row.innerText()).toContain('aftersales · 3 级');
    expect(await row.innerText()).toContain('离线');
  });

  it('registers a chat site and shows the tag to paste, with a copy button', async () => {
    await page.getByTestId('tab-sites').click();
    await page.getByTestId('site-new').click();
    await page.getByTestId('site-name').fill('华信家电官网');
    await pick(page.getByTestId('site-queue'), '售后服务');
    await input(page.getByTestId('site-origins')).fill('https://www.huaxin.cn');
    await input(page.getByTestId('site-origins')).press('Enter');
    await page.getByTestId('site-save').click();

    const snippet = page.getByTestId('embed-snippet');
    await snippet.waitFor();
    const code = await snippet.innerText();
    expect(code).toMatch(
      /^<script src="http:\/\/127\.0\.0\.1:\d+\/widget\.js" data-site-key="wc_[^"]+" async><\/script>$/,
    );
    siteKeyShown = /data-site-key="([^"]+)"/.exec(code)![1]!;
    await page.getByTestId('embed-copy').click();
    await page.getByText('已复制到剪贴板').waitFor();
    // Runs in the page; the test's own types have no DOM.
    type PageGlobals = { navigator: { clipboard: { readText(): Promise<string> } } };
    expect(
      await page.evaluate(() => (globalThis as unknown as PageGlobals).navigator.clipboard.readText()),
    ).toBe(code);
    await page.keyboard.press('Escape');
    await eventually(() => page.getByTestId('site-row-华信家电官网').innerText()).toContain(siteKeyShown);
  });

  it('adds an IMAP mailbox and never shows its password again', async () => {
    await page.getByTestId('tab-mailboxes').click();
    await page.getByTestId('mailbox-new').click();
    const modal = page.locator('.ant-modal');
    await page.getByTestId('mailbox-name').fill('客服邮箱');
    await pick(page.getByTestId('mailbox-queue'), '售后服务');
    await input(page.getByTestId('mailbox-addresses')).fill('service@acme.test');
    await input(page.getByTestId('mailbox-addresses')).press('Enter');
    await page.getByTestId('mailbox-from').fill('service@acme.test');
    await page.getByTestId('mailbox-imap').click();
    await modal.getByLabel('IMAP 服务器').fill('127.0.0.1');
    await modal.getByLabel('用户名').fill('service@acme.test');
    await modal.getByLabel('密码').fill('imap-secret-1');
    await page.getByTestId('mailbox-save').click();
    await page.getByText('邮箱已保存').waitFor();
    await eventually(() => page.locator('.ant-table-row').filter({ hasText: '客服邮箱' }).count()).toBe(1);

    // Opened again, the password field is empty (only a hint that one is stored), and saving
    // without typing one keeps it.
    await page
      .locator('.ant-table-row')
      .filter({ hasText: '客服邮箱' })
      .getByRole('button', { name: '编辑' })
      .click();
    const password = modal.getByLabel('密码');
    expect(await password.inputValue()).toBe('');
    expect(await password.getAttribute('placeholder')).toContain('已保存');
    expect(await page.content()).not.toContain('imap-secret-1');
    await page.getByTestId('mailbox-save').click();
    await page.getByText('邮箱已保存').last().waitFor();
  });

  it('saved it all, as the API reads it back', async () => {
    const token = acme.tokens.supervisor;
    const queues = await call<{ items: QueueBody[] }>(t, 'GET', '/api/v1/queues', { token });
    const queue = queues.body.items.find((q) => q.code === 'aftersales')!;
    expect(queue).toMatchObject({
      name: '售后服务',
      channels: ['chat', 'email'],
      requiredSkills: [{ skill: 'aftersales', minLevel: 2 }],
      alwaysOpen: false,
      timeZone: 'Asia/Shanghai',
      holidays: [holiday],
      serviceLevel: { percent: 85, withinSeconds: 30 },
      maxWaitSeconds: 120,
      overflowQueueId: general.id,
      wrapUpSeconds: 60,
      offlineMessage: '我们的服务时间是周一至周五 9:00–18:00',
      emailAutoReply: '已收到您的邮件，我们会在工作时间回复',
    });
    // The tier rules were never touched, so the queue keeps following the defaults.
    expect(queue.tierRules).toEqual({
      high: { priorityBoost: 30, minSkillLevel: 3 },
      secondary: { priorityBoost: 15 },
      potential: { priorityBoost: 5 },
      low: { priorityBoost: 0 },
    });
    const office = [{ open: '09:00', close: '18:00' }];
    expect(queue.businessHours).toEqual({
      mon: office,
      tue: office,
      wed: office,
      thu: office,
      fri: office,
      sat: [{ open: '10:00', close: '16:00' }],
    });

    const agent = await call<{ skills: unknown; capacity: unknown }>(t, 'GET', `/api/v1/agents/${agentId}`, {
      token,
    });
    expect(agent.body.skills).toEqual([{ skill: 'aftersales', level: 3 }]);
    expect(agent.body.capacity).toEqual({ voice: 0, chat: 4, email: 6 });

    const sites = await call<{
      items: { name: string; siteKey: string; queueId: string; allowedOrigins: string[] }[];
    }>(t, 'GET', '/api/v1/webchat-sites', { token });
    expect(sites.body.items).toEqual([
      expect.objectContaining({
        name: '华信家电官网',
        siteKey: siteKeyShown,
        queueId: queue.id,
        allowedOrigins: ['https://www.huaxin.cn'],
      }),
    ]);

    const mailboxes = await call<{ items: Record<string, unknown>[] }>(t, 'GET', '/api/v1/email-mailboxes', {
      token,
    });
    expect(mailboxes.body.items).toEqual([
      expect.objectContaining({
        name: '客服邮箱',
        queueId: queue.id,
        addresses: ['service@acme.test'],
        imap: expect.objectContaining({
          host: '127.0.0.1',
          port: 993,
          user: 'service@acme.test',
          passwordSet: true,
        }),
      }),
    ]);
    expect(JSON.stringify(mailboxes.body)).not.toContain('imap-secret-1');
  });

  it('shows the page in English', async () => {
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('tab-queues').click();
    await page.getByText('Routing setup').first().waitFor();
    await eventually(() => page.locator('.ant-message-notice').count()).toBe(0);
    await eventually(() => page.getByTestId('queue-row-aftersales').innerText()).toContain('85% in 30 s');
    expect(await page.getByTestId('queue-row-aftersales').innerText()).toContain('Mon–Fri 09:00–18:00');
    await shot('admin-routing-en');
  });

  it('lets a supervisor change queues and agents but only read sites and mailboxes', async () => {
    await page.getByTestId('logout').click();
    await signIn(acme.emails.supervisor);
    await page.getByRole('menuitem', { name: /Routing setup|路由设置/ }).click();
    await page.getByTestId('queue-new').waitFor();
    await page.getByTestId('tab-sites').click();
    await page.getByTestId('site-row-华信家电官网').waitFor();
    expect(await page.getByTestId('site-new').count()).toBe(0);
    await page.getByTestId('site-embed').click();
    expect(await page.getByTestId('embed-snippet').innerText()).toContain(siteKeyShown);
    await page.keyboard.press('Escape');
    await page.getByTestId('tab-mailboxes').click();
    await page.locator('.ant-table-row').filter({ hasText: '客服邮箱' }).waitFor();
    expect(await page.getByTestId('mailbox-new').count()).toBe(0);
  });

  it('has no routing setup for agents', async () => {
    await page.getByTestId('logout').click();
    await signIn(acme.emails.agent);
    expect(await page.getByRole('menuitem', { name: /Routing setup|路由设置/ }).count()).toBe(0);
    await page.goto(`${t.baseUrl}/admin/routing`);
    await page.getByTestId('customer-search').waitFor();
    expect(page.url()).toBe(`${t.baseUrl}/customers`);
  });
});
