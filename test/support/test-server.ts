import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { type Config, loadConfig } from '../../src/kernel/config.ts';
import { type Database, type DatabaseKind, openDatabase } from '../../src/kernel/db/database.ts';
import type { Role } from '../../src/kernel/db/schema.ts';
import { createTenant, createUser } from '../../src/kernel/tenancy/tenancy.service.ts';
import { createServer, type Server } from '../../src/server.ts';
import { adminQuery, withDatabase } from './global-setup.ts';

/** The engines every API test runs on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const DATABASES: DatabaseKind[] = [
  'pglite',
  ...(process.env.TEST_DATABASE_URL ? (['postgres'] as const) : []),
];

export const PASSWORD = 'correct-horse-battery';

export interface TestServer {
  server: Server;
  baseUrl: string;
  config: Config;
  /** Stops this server and deletes its database (unless other servers still share it). */
  close(): Promise<void>;
  /** Stops this server, keeping its database, and starts a new one on the same data. */
  restart(): Promise<TestServer>;
  /** Starts a second server instance on the same database (PostgreSQL only). */
  another(): Promise<TestServer>;
}

/** A real Hotline server on a free loopback port, on a fresh copy of the migrated template. */
export async function startTestServer(
  kind: DatabaseKind,
  env: Record<string, string> = {},
): Promise<TestServer> {
  const config = loadConfig({ HOTLINE_DEMO: '0', LOG_LEVEL: 'warn', ...env });
  if (kind === 'pglite') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-test-'));
    fs.cpSync(inject('pgliteTemplate'), dataDir, { recursive: true });
    const store: SharedStore = {
      open: () => openDatabase({ dataDir }),
      users: 0,
      drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
    return serveOn(store, config);
  }
  const url = process.env.TEST_DATABASE_URL!;
  const name = `hotline_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await adminQuery(url, `create database ${name} template ${inject('postgresTemplate')}`);
  const store: SharedStore = {
    open: () => openDatabase({ databaseUrl: withDatabase(url, name), poolSize: 4 }),
    users: 0,
    shareable: true,
    drop: () => adminQuery(url, `drop database if exists ${name} with (force)`),
  };
  return serveOn(store, config);
}

/** One test database and how many running servers use it. */
interface SharedStore {
  open(): Promise<Database>;
  users: number;
  /** PostgreSQL can serve several instances; PGlite is one process's. */
  shareable?: boolean;
  drop(): Promise<void>;
}

async function serveOn(store: SharedStore, config: Config): Promise<TestServer> {
  const database = await store.open();
  store.users++;
  const server = await createServer(config, { database, logger: false });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  const address = server.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await server.close();
    store.users--;
  };
  return {
    server,
    config,
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      await stop();
      if (store.users === 0) await store.drop();
    },
    async restart() {
      await stop();
      return serveOn(store, config);
    },
    async another() {
      if (!store.shareable) throw new Error('only a PostgreSQL database can serve two instances');
      return serveOn(store, config);
    },
  };
}

export interface TestTenant {
  id: string;
  slug: string;
  /** A bearer token per role. */
  tokens: Record<Exclude<Role, 'operator_admin'>, string>;
  emails: Record<Exclude<Role, 'operator_admin'>, string>;
}

/** Adds a tenant with one signed-in user of each tenant role. */
export async function seedTenant(t: TestServer, slug: string): Promise<TestTenant> {
  const db = t.server.database.db;
  const tenant = await createTenant(db, { slug, name: `Tenant ${slug}` });
  const roles = ['tenant_admin', 'supervisor', 'agent', 'analyst'] as const;
  const tokens = {} as TestTenant['tokens'];
  const emails = {} as TestTenant['emails'];
  for (const role of roles) {
    const email = `${role}@${slug}.test`;
    await createUser(db, tenant.id, { email, displayName: `${role} ${slug}`, password: PASSWORD, role });
    tokens[role] = await login(t, email);
    emails[role] = email;
  }
  return { id: tenant.id, slug, tokens, emails };
}

export async function seedOperator(t: TestServer, email = 'operator@floor.test'): Promise<string> {
  await createUser(t.server.database.db, null, {
    email,
    displayName: 'Operator',
    password: PASSWORD,
    role: 'operator_admin',
  });
  return login(t, email);
}

export async function login(t: TestServer, email: string, password = PASSWORD): Promise<string> {
  const res = await fetch(`${t.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

export interface Reply<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** One HTTP request with an optional bearer token; JSON in, JSON (or text) out. */
export async function call<T = unknown>(
  t: TestServer,
  method: string,
  url: string,
  options: { token?: string; json?: unknown; body?: Buffer | string; headers?: Record<string, string> } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body = options.body;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  const res = await fetch(`${t.baseUrl}${url}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** Polls a background job until it is done; fails the test if it fails or takes over 60 s. */
export async function waitForJob(t: TestServer, token: string, jobId: number) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await call<{ state: string; error: string | null; result: unknown }>(
      t,
      'GET',
      `/api/v1/jobs/${jobId}`,
      {
        token,
      },
    );
    if (res.body.state === 'done') return res.body.result;
    if (res.body.state === 'failed') throw new Error(`job ${jobId} failed: ${res.body.error}`);
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${res.body.state} after 60 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
