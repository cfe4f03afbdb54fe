import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_DIST } from '../../src/server.ts';
import {
  call,
  seedTenant,
  startTestServer,
  type TestServer,
  type TestTenant,
} from '../support/test-server.ts';

/**
 * The web app in Debian's Chromium, against a real server on PGlite: sign in, switch the
 * language, search a customer, open the card and check what it shows.
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

describe('web app in Chromium', () => {
  let t: TestServer;
  let acme: TestTenant;
  let context: BrowserContext;
  let page: Page;
  let profileDir: string;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html')))
      throw new Error('build the web app first: npm run build:web');
    if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium`);
    t = await startTestServer('pglite');
    acme = await seedTenant(t, 'acme');
    const token = acme.tokens.supervisor;
    const zhang = await call<{ id: string }>(t, 'POST', '/api/v1/customers', {
      token,
      json: {
        name: '张伟',
        company: '深圳市华强电子有限公司',
        province: '广东省',
        city: '深圳市',
        tags: ['VIP'],
        contacts: [
          { kind: 'phone', value: '13812345678' },
          { kind: 'email', value: 'zhang.wei@example.com' },
        ],
      },
    });
    await call(t, 'POST', `/api/v1/customers/${zhang.body.id}/orders`, {
      token,
      json: { product: '格力空调 KFR-35GW', category: '空调', amountMinor: 399900, orderedAt: '2026-05-01' },
    });
    await call(t, 'POST', '/api/v1/customers', {
      token,
      json: { name: '李娜', contacts: [{ kind: 'phone', value: '13900001111' }] },
    });
    profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-chromium-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      args: ARGS,
      locale: 'zh-CN',
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(20_000);
  });

  afterAll(async () => {
    await context?.close();
    await t?.close();
    if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
  });

  const shot = async (name: string) => {
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  };

  it('signs in as an agent and shows the app in Chinese', async () => {
    await page.goto(`${t.baseUrl}/`);
    await page.getByTestId('login-email').fill(acme.emails.agent);
    await page.getByTestId('login-password').fill('correct-horse-battery');
    await shot('login');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('customer-search').waitFor();
    expect(await page.locator('body').innerText()).toContain('客户');
    await shot('customers-zh');
  });

  it('switches to English, and remembers it for the user', async () => {
    await page.getByTestId('lang-switch').click();
    await page.getByText('Customers').first().waitFor();
    await expect
      .poll(
        async () =>
          (await call<{ locale: string }>(t, 'GET', '/api/v1/auth/me', { token: acme.tokens.agent })).body
            .locale,
      )
      .toBe('en');
  });

  it('finds a customer by the last digits of the phone and opens the card', async () => {
    await page.getByTestId('customer-search').fill('5678');
    await page.getByTestId('customer-search').press('Enter');
    await expect.poll(() => page.getByTestId('customer-row').count()).toBe(1);
    await shot('customers-en');
    await page.getByTestId('customer-row').first().click();
    await expect.poll(() => page.getByTestId('customer-card-name').innerText()).toContain('张伟');
    const contacts = await page.getByTestId('card-contacts').innerText();
    expect(contacts).toContain('5678');
    // An agent sees the number masked: never the full number.
    expect(contacts).not.toContain('13812345678');
    expect(await page.getByTestId('card-orders').innerText()).toContain('格力空调');
    await shot('card-en');
  });

  it('shows the audit history and timeline on the card', async () => {
    await page.getByTestId('card-audit').scrollIntoViewIfNeeded();
    const audit = await page.getByTestId('card-audit').innerText();
    expect(audit).toContain('supervisor acme');
    expect(await page.getByTestId('card-timeline').innerText()).toContain('格力空调');
  });

  it('signs out', async () => {
    await page.getByTestId('logout').click();
    await page.getByTestId('login-email').waitFor();
  });
});
