import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const run = promisify(execFile);
const PORT = 31000 + (process.pid % 1000);
const BASE = `http://127.0.0.1:${PORT}`;

/** Nothing a user entered is lost when the server process is killed outright (kill -9). */
describe('crash recovery on PGlite', () => {
  let dataDir: string;
  let child: ChildProcess | undefined;
  const env = () => ({
    ...process.env,
    HOTLINE_DATA_DIR: dataDir,
    HOTLINE_DEMO: '0',
    DATABASE_URL: '',
    PORT: String(PORT),
    HOST: '127.0.0.1',
  });

  async function start() {
    child = spawn(process.execPath, ['bin/hotline.js', 'start'], { env: env(), stdio: 'ignore' });
    for (let i = 0; i < 120; i++) {
      try {
        if ((await fetch(`${BASE}/healthz`)).ok) return;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error('server did not start');
  }

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-crash-'));
    fs.cpSync(inject('pgliteTemplate'), dataDir, { recursive: true });
    await run(process.execPath, ['bin/hotline.js', 'tenant', 'add', '--slug', 'acme', '--name', 'Acme'], {
      env: env(),
    });
    await run(
      process.execPath,
      [
        'bin/hotline.js',
        'user',
        'add',
        '--tenant',
        'acme',
        '--email',
        'a@acme.test',
        '--name',
        'A',
        '--role',
        'agent',
      ],
      {
        env: { ...env(), HOTLINE_PASSWORD: 'a-long-secret' },
      },
    );
  });
  afterAll(() => {
    child?.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps a customer created just before the process was killed', async () => {
    await start();
    const login = await fetch(`${BASE}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@acme.test', password: 'a-long-secret' }),
    });
    const { token } = (await login.json()) as { token: string };
    const created = await fetch(`${BASE}/api/v1/customers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ name: '断电测试', contacts: [{ kind: 'phone', value: '13811112222' }] }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    child!.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));

    await start();
    const card = await fetch(`${BASE}/api/v1/customers/${id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(card.status).toBe(200);
    expect(((await card.json()) as { name: string }).name).toBe('断电测试');
  });
});
