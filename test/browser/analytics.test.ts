import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  seedTenant,
  startTestServer,
  type TestServer,
  type TestTenant,
  waitForJob,
} from '../support/test-server.ts';

/** The analytics page and a customer's tier and stage on the card, in Chromium. */
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
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

describe('customer analytics in Chromium', () => {
  let t: TestServer;
  let acme: TestTenant;
  let context: BrowserContext;
  let page: Page;
  let profileDir: string;
  let bigSpender = '';

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium`);
    t = await startTestServer('pglite');
    acme = await seedTenant(t, 'acme');
    const token = acme.tokens.supervisor;
    for (let i = 1; i <= 12; i++) {
      const c = await call<{ id: string }>(t, 'POST', '/api/v1/customers', {
        token,
        json: { name: `客户${i}` },
      });
      if (i === 12) bigSpender = c.body.id;
      for (let k = 0; k < (i === 12 ? 4 : 1); k++) {
        await call(t, 'POST', `/api/v1/customers/${c.body.id}/orders`, {
          token,
          json: { product: '格力空调', amountMinor: i * 50_000, orderedAt: daysAgo(5 + k * 30 + i) },
        });
      }
    }
    const job = await call<{ jobId: number }>(t, 'POST', '/api/v1/value/rescore', { token });
    await waitForJob(t, token, job.body.jobId);
    profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-chromium-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      args: ARGS,
      locale: 'zh-CN',
      viewport: { width: 1440, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(20_000);
    await page.goto(`${t.baseUrl}/`);
    await page.getByTestId('login-email').fill(acme.emails.supervisor);
    await page.getByTestId('login-password').fill('correct-horse-battery');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('customer-search').waitFor();
  });

  afterAll(async () => {
    await context?.close();
    await t?.close();
    if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
  });

  it('opens the analytics page with its charts and the cost of losing', async () => {
    await page.goto(`${t.baseUrl}/analytics`);
    await page.getByTestId('chart-funnel').locator('canvas').first().waitFor();
    await page.getByTestId('chart-tiers').locator('canvas').first().waitFor();
    const cost = await page.getByTestId('cost-of-losing').innerText();
    expect(cost).toContain('流失的代价');
    expect(cost).toContain('挽留成本');
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'analytics-zh.png'), fullPage: true });
  });

  it('shows the tier and stage on the card, as the API has them', async () => {
    const standing = await call<{ value: { tierName: string }; stage: { name: string } }>(
      t,
      'GET',
      `/api/v1/customers/${bigSpender}/standing`,
      { token: acme.tokens.supervisor },
    );
    await page.goto(`${t.baseUrl}/customers/${bigSpender}`);
    await expect.poll(() => page.getByTestId('card-tier').innerText()).toBe(standing.body.value.tierName);
    expect(await page.getByTestId('card-stage').innerText()).toBe(standing.body.stage.name);
    expect(standing.body.stage.name).toBe('持续');
    expect(await page.getByTestId('card-tier-why').innerText()).toContain(standing.body.value.tierName);
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'card-standing-zh.png'), fullPage: true });
  });
});
