import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_DIST } from '../../src/server.ts';
import {
  addAgent,
  addQueue,
  newInteraction,
  offered,
  setState,
  type TestAgent,
} from '../support/routing-helpers.ts';
import {
  call,
  PASSWORD,
  seedTenant,
  startTestServer,
  type TestServer,
  type TestTenant,
} from '../support/test-server.ts';

/**
 * A ticket from the desk in two clicks, then worked on the Tickets page, in Chromium: the
 * agent opens a repair from the chat in hand, finds it in the list with its SLA, takes it up
 * and leaves a note, all in Chinese.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
];
const SHOTS = process.env.HOTLINE_SCREENSHOTS;
const eventually = <T>(read: () => Promise<T> | T, timeout = 20_000) =>
  expect.poll(read, { timeout, interval: 100 });

describe('tickets from the desk, in Chromium', () => {
  let t: TestServer;
  let acme: TestTenant;
  let agent: TestAgent;
  let context: BrowserContext;
  let page: Page;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-chromium-'));

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html')))
      throw new Error('build the web app first: npm run build:web');
    t = await startTestServer('pglite', {
      HOTLINE_OFFER_TIMEOUT_SECONDS: '60',
      HOTLINE_ROUTING_SWEEP_MS: '200',
    });
    acme = await seedTenant(t, 'acme');
    const sup = acme.tokens.supervisor;
    const queue = await addQueue(t, sup, { code: 'service', name: '售后服务', channels: ['chat'] });
    await call(t, 'POST', '/api/v1/sla-policies', {
      token: acme.tokens.tenant_admin,
      json: { name: '报修 4 小时', ticketType: 'repair', firstResponseMinutes: 60, resolutionMinutes: 240 },
    });
    const customer = await call<{ id: string }>(t, 'POST', '/api/v1/customers', {
      token: sup,
      json: { name: '张伟', contacts: [{ kind: 'phone', value: '13800138000' }] },
    });
    agent = await addAgent(t, acme, 'lihua');
    await setState(t, agent.token, agent.id, 'available');
    const chat = await newInteraction(t, sup, {
      queueId: queue.id,
      customerId: customer.body.id,
      message: { body: '空调不制冷，师傅什么时候能来？' },
    });
    await offered(t, sup, chat.id, [agent.id]);
    const accepted = await call(t, 'POST', `/api/v1/interactions/${chat.id}/accept`, { token: agent.token });
    expect(accepted.status).toBe(200);
    context = await chromium.launchPersistentContext(dir, {
      executablePath: CHROMIUM,
      args: ARGS,
      locale: 'zh-CN',
      viewport: { width: 1440, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(20_000);
  }, 60_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await t?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens a repair ticket from the chat in hand, then takes it up on the Tickets page', async () => {
    await page.goto(`${t.baseUrl}/`);
    await page.getByTestId('login-email').fill(agent.email);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByRole('menuitem', { name: '坐席工作台' }).click();
    const pane = page.getByTestId('desk-pane');
    await pane.waitFor();
    await pane.getByTestId('pane-ticket').click();
    // (antd's button radio puts the test id on its hidden input: click the label.)
    await page.locator('.ant-modal').getByText('报修', { exact: true }).click();
    expect(await page.getByTestId('new-ticket-type-repair').isChecked()).toBe(true);
    expect(await page.getByTestId('new-ticket-subject').inputValue()).toBe('空调不制冷，师傅什么时候能来？');
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'desk-new-ticket-zh.png') });
    await page.locator('#new-ticket-ok').click();
    await eventually(() => page.locator('.ant-message').innerText()).toContain('已创建工单');

    await page.getByRole('menuitem', { name: '工单' }).click();
    const row = page.getByTestId('ticket-row');
    await eventually(() => row.count()).toBe(1);
    const text = await row.innerText();
    expect(text).toContain('报修');
    expect(text).toContain('张伟');
    expect(text).toContain('新建');
    expect(text).toMatch(/到期/);
    await row.click();
    const drawer = page.getByTestId('ticket-drawer');
    await drawer.waitFor();
    expect(await drawer.getByTestId('ticket-sla-resolution').innerText()).toContain('计时中');
    await drawer.getByTestId('ticket-next-status').click();
    await page.locator('.ant-select-item-option[title="处理中"]').click();
    await drawer.getByTestId('ticket-move').click();
    await eventually(() => drawer.getByTestId('ticket-status').innerText()).toBe('处理中');
    await drawer.getByTestId('ticket-note').fill('已联系师傅，明天上午上门');
    await drawer.getByTestId('ticket-note').press('Enter');
    await eventually(() => drawer.getByTestId('ticket-history').innerText()).toContain(
      '已联系师傅，明天上午上门',
    );
    expect(await drawer.getByTestId('ticket-sla-first-response').innerText()).toContain('已达标');
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'ticket-drawer-zh.png') });
  }, 60_000);
  it('records a complaint with its reason and product, and shows the complaint rate to a supervisor', async () => {
    await page.keyboard.press('Escape'); // the last ticket's drawer
    await page.getByTestId('ticket-drawer').waitFor({ state: 'detached' });
    await page.getByRole('menuitem', { name: '坐席工作台' }).click();
    const pane = page.getByTestId('desk-pane');
    await pane.getByTestId('pane-ticket').click();
    await page.locator('.ant-modal').getByText('投诉', { exact: true }).click();
    await page.getByTestId('new-ticket-category').click();
    await page.locator('.ant-select-item-option[title="安装服务"]').click();
    await page.getByTestId('new-ticket-product').fill('格力空调 KFR-35GW');
    await page.getByTestId('new-ticket-subject').fill('安装师傅迟到三小时');
    await page.locator('#new-ticket-ok').click();
    await eventually(() => page.locator('.ant-message').innerText()).toContain('已创建工单');

    await page.getByRole('menuitem', { name: '工单' }).click();
    const row = page.getByTestId('ticket-row').filter({ hasText: '安装师傅迟到三小时' });
    await row.click();
    const facts = page.getByTestId('ticket-complaint');
    await facts.waitFor();
    expect(await facts.innerText()).toContain('安装服务');
    expect(await facts.innerText()).toContain('格力空调 KFR-35GW');

    const board = await context.newPage();
    await board.goto(`${t.baseUrl}/`);
    // The agent's session is this browser's; a supervisor signs in on a page of their own.
    await board.evaluate(() =>
      (globalThis as unknown as { localStorage: { clear(): void } }).localStorage.clear(),
    );
    await board.goto(`${t.baseUrl}/`);
    await board.getByTestId('login-email').fill(acme.emails.supervisor);
    await board.getByTestId('login-password').fill(PASSWORD);
    await board.getByTestId('login-submit').click();
    await board.getByRole('menuitem', { name: '客户分析' }).click();
    const card = board.getByTestId('complaint-rate');
    await card.waitFor();
    expect(await card.innerText()).toContain('格力空调 KFR-35GW');
    await card.scrollIntoViewIfNeeded();
    if (SHOTS) await board.screenshot({ path: path.join(SHOTS, 'complaint-rate-zh.png') });
  }, 60_000);
});
