import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../src/kernel/db/database.ts';

const run = promisify(execFile);

/** `npx hotline migrate | tenant add | user add` set up a production install without demo data. */
describe('hotline CLI', () => {
  let dataDir: string;
  const hotline = (args: string[], env: Record<string, string> = {}) =>
    run(process.execPath, ['bin/hotline.js', ...args], {
      env: { ...process.env, HOTLINE_DATA_DIR: dataDir, HOTLINE_DEMO: '0', DATABASE_URL: '', ...env },
    });

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-cli-'));
    fs.cpSync(inject('pgliteTemplate'), dataDir, { recursive: true });
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('migrates, adds a tenant and users, and refuses bad input', async () => {
    expect((await hotline(['migrate'])).stdout).toContain('up to date');
    expect((await hotline(['tenant', 'add', '--slug', 'acme', '--name', 'Acme 客服'])).stdout).toContain(
      'tenant acme added',
    );
    const admin = await hotline(
      [
        'user',
        'add',
        '--tenant',
        'acme',
        '--email',
        'Admin@Acme.example',
        '--name',
        'Admin',
        '--role',
        'tenant_admin',
      ],
      {
        HOTLINE_PASSWORD: 'a-long-secret',
      },
    );
    expect(admin.stdout).toContain('admin@acme.example (tenant_admin) added');
    await expect(
      hotline([
        'user',
        'add',
        '--tenant',
        'nope',
        '--email',
        'x@y.z',
        '--name',
        'X',
        '--role',
        'agent',
        '--password',
        'a-long-secret',
      ]),
    ).rejects.toThrow(/no tenant with slug nope/);
    await expect(
      hotline([
        'user',
        'add',
        '--tenant',
        'acme',
        '--email',
        'x@y.z',
        '--name',
        'X',
        '--role',
        'agent',
        '--password',
        'short',
      ]),
    ).rejects.toThrow(/at least 10 characters/);
    const database = await openDatabase({ dataDir });
    const users = await database.db.selectFrom('users').select(['email', 'role']).execute();
    await database.close();
    expect(users).toEqual([{ email: 'admin@acme.example', role: 'tenant_admin' }]);
  });
});
