import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ha1 } from '../../src/channels/voice/sip/digest-auth.ts';
import { WEB_DIST } from '../../src/server.ts';
import {
  call,
  seedTenant,
  startTestServer,
  type TestServer,
  type TestTenant,
} from '../support/test-server.ts';

/**
 * 话机设置 / Phone setup in Debian's Chromium: an agent opens it from the header, makes a
 * password (shown once, with a copy button), sees their phone registered, and never sees the
 * password again. Screenshots in both languages when HOTLINE_SCREENSHOTS is set.
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
// A port away from 5060 so a running `npm start` is not disturbed; an address as a LAN would show.
const SIP_PORT = '15060';
const PUBLIC_ADDRESS = '192.168.1.20';

describe('phone setup in Chromium', () => {
  let t: TestServer;
  let huaxin: TestTenant;
  let agentId: string;
  let context: BrowserContext;
  let page: Page;
  let profileDir: string;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html')))
      throw new Error('build the web app first: npm run build:web');
    t = await startTestServer('pglite', {
      HOTLINE_SIP_PORT: SIP_PORT,
      HOTLINE_SIP_PUBLIC_ADDRESS: PUBLIC_ADDRESS,
    });
    huaxin = await seedTenant(t, 'huaxin');
    agentId = (await call<{ id: string }>(t, 'GET', '/api/v1/auth/me', { token: huaxin.tokens.agent })).body
      .id;
    profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-chromium-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      args: ARGS,
      locale: 'zh-CN',
      viewport: { width: 1280, height: 800 },
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
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  };
  /** A phone's binding as the registrar writes it (the registrar itself is tested in test/voice/). */
  const register = (userAgent: string) =>
    t.server.database.db
      .insertInto('sip_registrations')
      .values({
        tenant_id: huaxin.id,
        user_id: agentId,
        contact: 'sip:huaxin.agent@192.168.1.57:5060',
        transport: 'udp',
        source_address: '192.168.1.57',
        source_port: 5060,
        call_id: `reg-${userAgent}`,
        cseq: 1,
        user_agent: userAgent,
        expires_at: new Date(Date.now() + 3600_000),
      })
      .execute();

  it('lets an agent make a password, shown once, and see the phone registered (中文)', async () => {
    await page.goto(`${t.baseUrl}/`);
    await page.getByTestId('login-email').fill(huaxin.emails.agent);
    await page.getByTestId('login-password').fill('correct-horse-battery');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('phone-setup-open').click();
    const drawer = page.getByTestId('phone-setup');
    await expect.poll(() => drawer.innerText()).toContain('还没有话机账号');
    expect(await page.getByTestId('sip-server').innerText()).toBe(PUBLIC_ADDRESS);
    expect(await page.getByTestId('sip-port').innerText()).toBe(SIP_PORT);
    expect(await page.getByTestId('sip-realm').innerText()).toBe('hotline');

    await page.getByTestId('sip-new-password').click();
    const password = (await page.getByTestId('sip-password').innerText()).trim();
    expect(password).toMatch(/^[A-Za-z2-9]{20}$/);
    expect(await page.getByTestId('sip-username').innerText()).toBe('huaxin.agent');
    expect(await drawer.innerText()).toContain('只显示这一次');
    const row = await t.server.database.db
      .selectFrom('sip_accounts')
      .selectAll()
      .where('user_id', '=', agentId)
      .executeTakeFirstOrThrow();
    expect(row.ha1_sha256).toBe(ha1('huaxin.agent', 'hotline', password, 'SHA-256'));

    await register('Linphone/5.2.5');
    await page.getByTestId('sip-refresh').click();
    await expect.poll(() => page.getByTestId('sip-status').innerText()).toContain('已注册');
    expect(await page.getByTestId('sip-status').innerText()).toContain('Linphone/5.2.5');
    await shot('phone-setup-zh');

    // Closed and opened again: the password is gone for good.
    await page.locator('.ant-drawer-close').click();
    await page.getByTestId('phone-setup-open').click();
    await expect.poll(() => drawer.innerText()).toContain('出于安全不再显示');
    expect(await drawer.innerText()).not.toContain(password);
    expect(await page.getByTestId('sip-password').count()).toBe(0);
    await page.locator('.ant-drawer-close').click();
  });

  it('asks before replacing a password, and signs the old phone out (English)', async () => {
    await page.getByTestId('lang-switch').click();
    await page.getByText('Phone setup').first().waitFor();
    await page.getByTestId('phone-setup-open').click();
    await expect.poll(() => page.getByTestId('sip-status').innerText()).toContain('Registered');
    await page.getByTestId('sip-new-password').click();
    await page.getByRole('button', { name: 'New password' }).last().click();
    const password = (await page.getByTestId('sip-password').innerText()).trim();
    await expect.poll(() => page.getByTestId('sip-status').innerText()).toContain('Not registered');
    expect(await page.getByTestId('phone-setup').innerText()).toContain('shown only this once');

    await register('MicroSIP/3.21.5');
    await page.getByTestId('sip-refresh').click();
    await expect.poll(() => page.getByTestId('sip-status').innerText()).toContain('MicroSIP');
    await shot('phone-setup-en');
    const row = await t.server.database.db
      .selectFrom('sip_accounts')
      .selectAll()
      .where('user_id', '=', agentId)
      .executeTakeFirstOrThrow();
    expect(row.ha1_md5).toBe(ha1('huaxin.agent', 'hotline', password, 'MD5'));
  });
});
