import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/kernel/db/database.ts';
import { migrateToLatest } from '../../src/kernel/db/migrate.ts';

/**
 * Migrates one database per engine once per run, as a template that each test file copies:
 * a PGlite data folder (a new one takes ~7 s to initialise, a copy ~1 s to open) and,
 * when TEST_DATABASE_URL is set, a PostgreSQL template database.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string | null;
  }
}

export const POSTGRES_TEMPLATE = `hotline_template_${process.pid}`;

export default async function setup(project: TestProject) {
  const pgliteTemplate = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-template-'));
  const embedded = await openDatabase({ dataDir: pgliteTemplate });
  await migrateToLatest(embedded.db);
  await embedded.close();
  project.provide('pgliteTemplate', pgliteTemplate);

  const url = process.env.TEST_DATABASE_URL;
  project.provide('postgresTemplate', url ? POSTGRES_TEMPLATE : null);
  if (url) {
    await adminQuery(url, `drop database if exists ${POSTGRES_TEMPLATE}`);
    await adminQuery(url, `create database ${POSTGRES_TEMPLATE}`);
    const server = await openDatabase({ databaseUrl: withDatabase(url, POSTGRES_TEMPLATE), poolSize: 1 });
    await migrateToLatest(server.db);
    await server.close();
  }

  return async () => {
    fs.rmSync(pgliteTemplate, { recursive: true, force: true });
    if (url) await adminQuery(url, `drop database if exists ${POSTGRES_TEMPLATE} with (force)`);
  };
}

export async function adminQuery(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
