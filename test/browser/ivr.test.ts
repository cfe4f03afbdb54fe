import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeWav } from '../../src/channels/voice/media/wav.ts';
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
 * IVR menus in Chromium against a real server on PGlite: an admin uploads a WAV prompt and
 * listens to it, opens a two-level menu in the tree editor, adds a key that leads to a queue
 * and saves; the API shows the change. A supervisor sees the menus without the buttons.
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
const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 100 });

interface MenuBody {
  id: string;
  name: string;
  definition: {
    greeting: unknown[];
    menu: { options: { key: string; action: { type: string; queueId?: string } }[] };
  };
}

function toneWav(seconds: number): Buffer {
  const rate = 44_100;
  const samples = new Int16Array(Math.round(seconds * rate) * 2);
  for (let i = 0; i < samples.length; i++)
    samples[i] = Math.round(6000 * Math.sin((2 * Math.PI * 440 * (i >> 1)) / rate));
  return Buffer.from(encodeWav(samples, rate, 2));
}

describe('IVR menus in Chromium', () => {
  let t: TestServer;
  let acme: TestTenant;
  let context: BrowserContext;
  let page: Page;
  let profileDir: string;
  let wavFile: string;
  const queues: Record<string, string> = {};
  let menuPromptId = '';

  const shot = async (name: string) => {
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  };
  /** The editor drawer has finished sliding in (980 px wide at the right edge). */
  const drawerOpened = () =>
    eventually(async () => (await page.locator('.ant-drawer-content-wrapper').boundingBox())?.x).toBe(
      1440 - 980,
    );
  const signIn = async (email: string) => {
    await page.goto(`${t.baseUrl}/`);
    await page.getByTestId('login-email').fill(email);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('customer-search').waitFor();
  };

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html')))
      throw new Error('build the web app first: npm run build:web');
    if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium`);
    t = await startTestServer('pglite');
    acme = await seedTenant(t, 'acme-ivr');
    const admin = acme.tokens.tenant_admin;
    for (const [code, name] of [
      ['presales', '售前咨询'],
      ['aftersales', '售后服务'],
      ['billing', '账单查询'],
    ] as const) {
      queues[code] = (await addQueue(t, admin, { code, name, channels: ['voice', 'chat'] })).id;
    }
    const menuPrompt = await call<{ id: string }>(
      t,
      'POST',
      '/api/v1/voice/prompts?language=zh&name=主菜单播报',
      {
        token: admin,
        body: toneWav(2.4),
        headers: { 'content-type': 'audio/wav' },
      },
    );
    menuPromptId = menuPrompt.body.id;
    const created = await call(t, 'POST', '/api/v1/voice/ivr-menus', {
      token: admin,
      json: {
        name: '客服热线主菜单',
        definition: {
          greeting: [{ builtIn: 'welcome' }],
          languageChoice: {},
          menu: {
            prompts: [{ zh: { promptId: menuPrompt.body.id }, en: { builtIn: 'please-hold' } }],
            options: [
              { key: '1', label: '售前咨询', action: { type: 'queue', queueId: queues.presales } },
              {
                key: '2',
                label: '售后服务',
                action: {
                  type: 'menu',
                  menu: {
                    prompts: [{ builtIn: 'please-hold' }],
                    options: [
                      { key: '1', label: '报修', action: { type: 'queue', queueId: queues.aftersales } },
                      { key: '2', label: '留言', action: { type: 'voicemail', queueId: queues.aftersales } },
                      { key: '*', action: { type: 'repeat' } },
                    ],
                  },
                },
              },
              { key: '9', label: '重听', action: { type: 'repeat' } },
              { key: '0', action: { type: 'hangup' } },
            ],
          },
          afterHours: { next: { type: 'voicemail' } },
        },
      },
    });
    if (created.status !== 201) throw new Error(`menu: ${created.status} ${JSON.stringify(created.body)}`);
    profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-chromium-'));
    wavFile = path.join(profileDir, '欢迎语.wav');
    fs.writeFileSync(wavFile, toneWav(1.2));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      args: ARGS,
      locale: 'zh-CN',
      viewport: { width: 1440, height: 1560 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(20_000);
  });

  afterAll(async () => {
    await context?.close();
    await t?.close();
    if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
  });

  it('uploads a WAV prompt and offers it to listen to', async () => {
    await signIn(acme.emails.tenant_admin);
    await page.getByRole('menuitem', { name: 'IVR 菜单' }).click();
    await page.getByTestId('ivr-page').waitFor();
    await page.getByTestId('ivr-row-客服热线主菜单').waitFor();
    await page.getByTestId('tab-ivr-prompts').click();
    await page.locator('input[type=file]').setInputFiles(wavFile);
    const row = page.getByTestId('prompt-row-欢迎语');
    await row.waitFor();
    expect(await row.innerText()).toContain('1.2 秒');
    await row.getByTestId('prompt-audio').waitFor();
    // The audio element got a playable WAV: the browser reads its length.
    await eventually(() =>
      row
        .getByTestId('prompt-audio')
        .evaluate((a) => Math.round((a as unknown as { duration: number }).duration * 10) / 10),
    ).toBe(1.2);
    await row.getByTestId('prompt-delete').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await row.waitFor({ state: 'detached' });
    await eventually(() => page.locator('.ant-message-notice').count()).toBe(0);
  });

  it('edits the menu tree: adds a key leading to a queue and saves', async () => {
    await page.getByTestId('tab-ivr-menus').click();
    await page.getByTestId('ivr-row-客服热线主菜单').getByTestId('ivr-edit').click();
    const editor = page.getByTestId('ivr-editor');
    await editor.getByTestId('ivr-node-2').waitFor();
    await editor.getByTestId('ivr-add-option-root').click();
    const added = editor.getByTestId('ivr-option-root-3');
    await added.getByTestId('ivr-option-label').fill('账单查询');
    await added.getByTestId('ivr-option-queue').click();
    await page.getByTitle('账单查询', { exact: true }).last().click();
    // The greeting gets one prompt per language: the uploaded one in Chinese, a built-in one in English.
    await editor.getByTestId('ivr-greeting-pair').click();
    await page.getByTestId('ivr-greeting-pair-zh').click();
    await page.getByTitle('主菜单播报 · 中文', { exact: true }).last().click();
    await page.getByTestId('ivr-greeting-pair-en').click();
    await page.getByTitle('请稍候（内置）', { exact: true }).last().click();
    await page.getByTestId('ivr-greeting-pair-add').click();
    await eventually(() => editor.getByTestId('ivr-greeting').innerText()).toContain(
      '主菜单播报 · 中文 / 请稍候（内置）',
    );
    await page.locator('.ant-drawer-title').click();
    await eventually(() => page.locator('.ant-select-dropdown:visible, .ant-popover:visible').count()).toBe(
      0,
    );
    await drawerOpened();
    await shot('ivr-zh');
    await page.getByTestId('ivr-save').click();
    await editor.waitFor({ state: 'detached' });
    await eventually(() => page.getByTestId('ivr-row-客服热线主菜单').innerText()).toContain('3 · 账单查询');

    const menus = await call<{ items: MenuBody[] }>(t, 'GET', '/api/v1/voice/ivr-menus', {
      token: acme.tokens.tenant_admin,
    });
    expect(
      menus.body.items[0]?.definition.menu.options.map((o) => [o.key, o.action.type, o.action.queueId]),
    ).toEqual([
      ['1', 'queue', queues.presales],
      ['2', 'menu', undefined],
      ['9', 'repeat', undefined],
      ['0', 'hangup', undefined],
      ['3', 'queue', queues.billing],
    ]);
    expect(menus.body.items[0]?.definition.greeting).toEqual([
      { builtIn: 'welcome' },
      { zh: { promptId: menuPromptId }, en: { builtIn: 'please-hold' } },
    ]);
  });

  it('shows the editor in English', async () => {
    await page.getByTestId('lang-switch').click();
    await page.getByText('IVR menus').first().waitFor();
    await eventually(() => page.locator('.ant-message-notice').count()).toBe(0);
    await page.getByTestId('ivr-row-客服热线主菜单').getByTestId('ivr-edit').click();
    const editor = page.getByTestId('ivr-editor');
    await editor.getByText('Main menu').waitFor();
    expect(await editor.innerText()).toContain('Sub-menu after 2');
    await drawerOpened();
    await shot('ivr-en');
    await page.locator('.ant-drawer-close').click();
    await editor.waitFor({ state: 'detached' });
  });

  it('lets a supervisor look but not change', async () => {
    await page.getByTestId('logout').click();
    await signIn(acme.emails.supervisor);
    await page.getByRole('menuitem', { name: /IVR/ }).click();
    await page.getByTestId('ivr-row-客服热线主菜单').waitFor();
    expect(await page.getByTestId('ivr-new').count()).toBe(0);
    expect(await page.getByTestId('ivr-delete').count()).toBe(0);
    await page.getByTestId('ivr-edit').click();
    await page.getByTestId('ivr-editor').waitFor();
    expect(await page.getByTestId('ivr-save').count()).toBe(0);
  });
});
