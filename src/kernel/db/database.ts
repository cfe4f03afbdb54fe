import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { type Notifications, PgliteNotifications, PgNotifications } from './notifications.ts';
import { PgliteDialect } from './pglite-dialect.ts';
import { preparingPool } from './prepared-pool.ts';
import type { DB } from './schema.ts';

// int8 (bigint) as a JS number: amounts are minor units, far below 2^53.
pg.types.setTypeParser(20, (value) => Number(value));
// date as its 'YYYY-MM-DD' text: a birthday has no time zone to shift it.
const DATE_OID = 1082;
pg.types.setTypeParser(DATE_OID, (value) => value);

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  /** Privileged handle: only the kernel (sign-in, migrations, CLI) uses it directly. */
  db: Kysely<DB>;
  /**
   * The same database through a pool of its own (two connections on PostgreSQL), for the
   * ACD's routing passes and the realtime feed's reads: an offer must not wait for a
   * connection behind a burst of HTTP requests. On PGlite (one connection) it is `db`.
   */
  acd: Kysely<DB>;
  kind: DatabaseKind;
  /** LISTEN/NOTIFY: the wake-up between server instances (and within this one). */
  notifications: Notifications;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  dataDir?: string;
  poolSize?: number;
}

/** Opens PostgreSQL when a URL is given, otherwise the embedded PGlite in `dataDir`. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    // Named, so that pg_stat_activity tells the requests' connections from the ACD's.
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 20,
      application_name: 'hotline',
    });
    // An idle connection the server dropped (a restart, an administrator) must not crash the
    // process: the pool opens a new one when it is next needed.
    pool.on('error', () => undefined);
    // Prepared too: a chat's life is some fifty statements, and parsing and planning each one
    // anew cost PostgreSQL more than running it (measured with pg_stat_statements under
    // `npm run bench:routing`).
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
    // Connects on first use (a CLI command that never routes opens nothing here), then keeps
    // its connections: a pass should not pay for a new one after a quiet spell.
    const acdPool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: 2,
      idleTimeoutMillis: 0,
      application_name: 'hotline-acd',
    });
    acdPool.on('error', () => undefined);
    // Its statements are few and run many times a second: prepared once per connection.
    const acd = new Kysely<DB>({ dialect: new PostgresDialect({ pool: preparingPool(acdPool) }) });
    const notifications = new PgNotifications(options.databaseUrl);
    return {
      db,
      acd,
      kind: 'postgres',
      notifications,
      close: async () => {
        await notifications.close();
        await acd.destroy();
        await db.destroy();
      },
    };
  }
  const dataDir = options.dataDir ?? 'data';
  fs.mkdirSync(dataDir, { recursive: true });
  const releaseLock = lockDataDir(dataDir);
  const pglite = new PGlite(dataDir, { parsers: { [DATE_OID]: (value: string) => value } });
  await pglite.waitReady;
  const db = new Kysely<DB>({ dialect: new PgliteDialect(pglite) });
  const notifications = new PgliteNotifications(pglite, db);
  return {
    db,
    acd: db,
    kind: 'pglite',
    notifications,
    close: async () => {
      await notifications.close();
      await db.destroy();
      await pglite.close();
      releaseLock();
    },
  };
}

/**
 * PGlite is a single-process database: two processes writing one data folder would corrupt
 * it. A lock file with the owner's pid keeps a second process (say, `hotline user add`
 * while the server runs) out; a lock left by a process that died is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const lockFile = path.join(dataDir, 'hotline.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockFile, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(fs.readFileSync(lockFile, 'utf8'));
      if (owner !== process.pid && isAlive(owner)) {
        throw new Error(
          `the database in ${dataDir} is in use by process ${owner} (a running Hotline?); stop it first, or use PostgreSQL (DATABASE_URL) to share a database`,
        );
      }
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`could not lock ${dataDir}`);
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
