import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ha1 } from '../../src/channels/voice/sip/digest-auth.ts';
import { WEB_DIST } from '../../src/server.ts';
import { addQueue, waitFor } from '../support/routing-helpers.ts';
import { type SippRun, sipp, sippPorts, toneWav } from '../support/sipp.ts';
import {
  call,
  PASSWORD,
  seedTenant,
  startTestServer,
  type TestServer,
  type TestTenant,
} from '../support/test-server.ts';

/**
 * A real call on the agent desktop in Chromium: sipp plays the customer and the agent's desk
 * phone. The offer pops with "answer on your phone" and the masked number, the pane follows
 * the call (talking, running time) and shows its recording after the hang-up; the agent wraps
 * up, and a supervisor finds the call with its player on the customer's timeline.
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
const HOTLINE_NUMBER = '4008001234';
const USERNAME = 'acme.agent';
const SIP_PASSWORD = 'acme.agent-secret';
const eventually = <T>(read: () => Promise<T> | T, timeout = 20_000) =>
  expect.poll(read, { timeout, interval: 100 });

describe('a call on the agent desktop and the timeline, in Chromium', () => {
  let t: TestServer;
  let acme: TestTenant;
  let agentId = '';
  let customerId = '';
  let recordings = '';
  const audio = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-tones-'));
  const contexts: BrowserContext[] = [];
  const dirs: string[] = [];
  let desk: Page;
  let caller: SippRun;
  let phone: SippRun;

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
    return page;
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

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html')))
      throw new Error('build the web app first: npm run build:web');
    recordings = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-recordings-'));
    t = await startTestServer('pglite', {
      HOTLINE_SIP_PORT: '0',
      HOTLINE_SIP_HOST: '127.0.0.1',
      HOTLINE_RECORDINGS_DIR: recordings,
      HOTLINE_OFFER_TIMEOUT_SECONDS: '30',
      HOTLINE_ROUTING_SWEEP_MS: '200',
    });
    acme = await seedTenant(t, 'acme');
    const sup = acme.tokens.supervisor;
    const queue = await addQueue(t, sup, {
      code: 'service',
      name: '售后服务',
      channels: ['voice'],
      wrapUpSeconds: 0,
    });
    agentId = (await call<{ id: string }>(t, 'GET', '/api/v1/auth/me', { token: acme.tokens.agent })).body.id;
    await call(t, 'PUT', `/api/v1/agents/${agentId}`, {
      token: sup,
      json: { skills: [], capacity: { voice: 1, chat: 3, email: 5 } },
    });
    const customer = await call<{ id: string }>(t, 'POST', '/api/v1/customers', {
      token: sup,
      json: {
        name: '张伟',
        company: '深圳市华强电子有限公司',
        contacts: [{ kind: 'phone', value: '13800138000' }],
      },
    });
    customerId = customer.body.id;
    await call(t, 'POST', `/api/v1/customers/${customerId}/orders`, {
      token: sup,
      json: { product: '格力空调 KFR-35GW', amountMinor: 599_900, orderedAt: '2026-09-01' },
    });
    const db = t.server.database.db;
    await db
      .insertInto('sip_accounts')
      .values({
        user_id: agentId,
        tenant_id: acme.id,
        username: USERNAME,
        ha1_md5: ha1(USERNAME, 'hotline', SIP_PASSWORD, 'MD5'),
        ha1_sha256: ha1(USERNAME, 'hotline', SIP_PASSWORD, 'SHA-256'),
      })
      .execute();
    await db
      .insertInto('voice_numbers')
      .values({ number: HOTLINE_NUMBER, tenant_id: acme.id, queue_id: queue.id, label: '客服热线' })
      .execute();
    desk = await launch('zh-CN');
  }, 60_000);

  afterAll(async () => {
    caller?.kill();
    phone?.kill();
    for (const context of contexts) await context.close().catch(() => undefined);
    await t?.close();
    for (const dir of [...dirs, recordings, audio]) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('pops the call with the masked number and "answer on your phone", then follows it while talking', async () => {
    await signIn(desk, acme.emails.agent);
    await desk.getByRole('menuitem', { name: '坐席工作台' }).click();
    await desk.getByTestId('state-available').click();
    await eventually(() => desk.getByTestId('agent-state-tag').innerText()).toContain('示闲');

    const edge = `127.0.0.1:${t.server.voice.port}`;
    const ports = sippPorts();
    const registered = await sipp('register.xml', {
      target: edge,
      service: USERNAME,
      auth: { username: USERNAME, password: SIP_PASSWORD },
      keys: { answer_port: ports.sip },
      timeoutSeconds: 15,
    }).done;
    expect(registered.code, registered.output).toBe(0);
    // The phone rings for six seconds before it is answered: time to see the offer.
    phone = sipp('agent-answers.xml', {
      ports,
      keys: { ring_ms: 6000, agent_audio: toneWav(path.join(audio, 'agent.wav'), 1000, 30) },
      timeoutSeconds: 60,
    });
    caller = sipp('caller.xml', {
      target: edge,
      service: HOTLINE_NUMBER,
      keys: { caller_audio: toneWav(path.join(audio, 'caller.wav'), 440, 30), talk_ms: 22_000 },
      timeoutSeconds: 60,
    });

    const pop = desk.getByTestId('offer-pop');
    await pop.waitFor();
    expect(await pop.innerText()).toContain('来电');
    await shot(desk, 'desktop-call-offer-zh');
    // Agents see the last four digits only.
    expect(await pop.getByTestId('offer-number').innerText()).toMatch(/^\*+8000$/);
    expect(await pop.getByTestId('offer-answer-on-phone').innerText()).toContain('请在话机上接听');
    expect(await pop.getByTestId('offer-accept').count()).toBe(0);

    // The phone answers: the offer is accepted on the server and the call's pane opens.
    const pane = desk.getByTestId('desk-pane');
    await eventually(() => pane.count()).toBe(1);
    await eventually(() => pane.getByTestId('call-state').innerText()).toBe('通话中');
    expect(await pane.getByTestId('call-number').innerText()).toMatch(/^\*+8000$/);
    await eventually(() => pane.getByTestId('call-time').innerText()).toMatch(/^0:0[2-9]$/);
    expect(await pane.getByTestId('call-facts').innerText()).toContain('4008001234');
    await eventually(() => desk.getByTestId('desk-customer').innerText()).toContain('张伟');
    await shot(desk, 'desktop-call-zh');

    // Hold and resume from the desktop: the state follows what the edge did, not the click.
    await pane.getByTestId('call-hold').click();
    await eventually(() => pane.getByTestId('call-state').innerText()).toBe('保持中');
    await shot(desk, 'desktop-call-held-zh');
    await pane.getByTestId('call-resume').click();
    await eventually(() => pane.getByTestId('call-state').innerText()).toBe('通话中');
    // Consult opens the colleague picker (the sipp tests cover the transfer itself).
    await pane.getByTestId('call-consult').click();
    await desk.getByTestId('consult-agent').waitFor();
    await desk.waitForTimeout(500); // the dialog's opening animation, for the screenshot
    await shot(desk, 'desktop-call-consult-zh');
    await desk.keyboard.press('Escape');

    // A supervisor sees the call on the wallboard with a Listen in button; without a phone of
    // their own registered, the server says so.
    const board = await launch('zh-CN');
    await signIn(board, acme.emails.supervisor);
    await board.getByRole('menuitem', { name: '实时监控大屏' }).click();
    const listen = board.getByTestId('wb-listen');
    await listen.waitFor();
    await shot(board, 'wallboard-call-listen-zh');
    await listen.click();
    await eventually(() => board.locator('.ant-message').innerText()).toContain('话机未注册');
  }, 90_000);

  it('shows the recording after the customer hangs up, and wraps up as for a chat', async () => {
    const [customerSide, agentSide] = await Promise.all([caller.done, phone.done]);
    expect(customerSide.code, customerSide.output).toBe(0);
    expect(agentSide.code, agentSide.output).toBe(0);
    const pane = desk.getByTestId('desk-pane');
    await eventually(() => pane.getByTestId('call-state').innerText()).toBe('已结束');
    expect(await pane.getByTestId('call-facts').innerText()).toContain('客户挂断');
    await pane.getByTestId('call-recording').waitFor({ timeout: 20_000 });
    // The audio element plays the WAV from a blob URL (fetched with the session's token).
    await eventually(() =>
      pane.getByTestId('call-recording').evaluate((a) => (a as unknown as { duration: number }).duration),
    ).toBeGreaterThan(5);
    await pane.getByTestId('pane-wrap-up').click();
    await desk.getByTestId('disposition-resolved').click();
    await desk.getByTestId('wrap-up-notes').fill('空调不制冷，已登记报修');
    await desk.getByTestId('wrap-up-ok').click();
    await eventually(() => desk.getByTestId('desk-pane').count()).toBe(0);
  }, 60_000);

  it('puts the call with its recording on the customer’s timeline', async () => {
    // The call is the customer's when the caller's number is on their card; link it otherwise.
    const record = await t.server.database.db
      .selectFrom('voice_calls')
      .select('interaction_id')
      .executeTakeFirstOrThrow();
    const interaction = await t.server.database.db
      .selectFrom('interactions')
      .select('customer_id')
      .where('id', '=', record.interaction_id!)
      .executeTakeFirstOrThrow();
    expect(interaction.customer_id).toBe(customerId);
    await waitFor('the call on the timeline', async () => {
      const res = await call<{ items: { call?: { recording: unknown } }[] }>(
        t,
        'GET',
        `/api/v1/customers/${customerId}/timeline`,
        { token: acme.tokens.supervisor },
      );
      return res.body.items.find((i) => i.call?.recording);
    });
    await call(t, 'PATCH', '/api/v1/auth/me', { token: acme.tokens.supervisor, json: { locale: 'en' } });
    const page = await launch('en');
    await signIn(page, acme.emails.supervisor);
    await page.goto(`${t.baseUrl}/customers/${customerId}`);
    const timeline = page.getByTestId('card-timeline');
    const entry = timeline.getByTestId('timeline-call');
    await entry.waitFor();
    const text = await entry.innerText();
    expect(text).toContain('Inbound');
    expect(text).toContain('13800138000');
    expect(text).toContain('customer hung up');
    expect(text).toMatch(/Talk time \d+:\d\d/);
    await eventually(() =>
      entry.getByTestId('call-recording').evaluate((a) => (a as unknown as { duration: number }).duration),
    ).toBeGreaterThan(5);
    await timeline.scrollIntoViewIfNeeded();
    await shot(page, 'timeline-call-en');

    // The call report (in English now, for this supervisor): the queue's row counts the call,
    // answered, with its hold.
    await page.getByRole('menuitem', { name: 'Call report' }).click();
    const row = page.getByTestId('call-report-row');
    await eventually(() => row.count()).toBe(1);
    const cells = await row.locator('td').allInnerTexts();
    expect(cells.slice(0, 5)).toEqual(['售后服务', '1', '0', '1', '0']);
    expect(cells[8]).toMatch(/^1 · 0:0\d$/);
    await page.getByTestId('call-report-chart').waitFor();
    await page.waitForTimeout(1200); // the bars grow in; the screenshot wants them grown
    await shot(page, 'call-report-en');
  }, 60_000);
});
