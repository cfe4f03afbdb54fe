import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { customerRoutes } from './customers/customers.routes.ts';
import { importRoutes } from './customers/import/import.routes.ts';
import { insightRoutes } from './insight/insight.routes.ts';
import { authRoutes } from './kernel/auth/auth.routes.ts';
import type { Config } from './kernel/config.ts';
import { type Database, openDatabase } from './kernel/db/database.ts';
import { migrateToLatest } from './kernel/db/migrate.ts';
import { buildApp, type RouteModule } from './kernel/http/app.ts';
import { JobRunner } from './kernel/jobs/job-runner.ts';
import { jobRoutes } from './kernel/jobs/jobs.routes.ts';
import { tenancyRoutes } from './kernel/tenancy/tenancy.routes.ts';
import { lifecycleRoutes } from './lifecycle/lifecycle.routes.ts';
import { ensureNightlyRescores, RESCORE_JOB, runRescoreJob } from './lifecycle/standing-jobs.ts';
import { segmentRoutes } from './segments/segments.routes.ts';
import { valueRoutes } from './value/value.routes.ts';

/** Every slice's routes, in one list: a new capability adds its module here. */
export const ROUTE_MODULES: RouteModule[] = [
  authRoutes,
  tenancyRoutes,
  jobRoutes,
  customerRoutes,
  importRoutes,
  valueRoutes,
  lifecycleRoutes,
  segmentRoutes,
  insightRoutes,
];

/** Every durable job kind and its handler. */
export const JOB_HANDLERS = { [RESCORE_JOB]: runRescoreJob };

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web/dist');

export interface Server {
  app: FastifyInstance;
  database: Database;
  jobs: JobRunner;
  close(): Promise<void>;
}

/** Opens the database, migrates it and builds the HTTP app (not yet listening). */
export async function createServer(
  config: Config,
  options: { database?: Database; logger?: boolean; jobs?: boolean } = {},
) {
  const database =
    options.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  await migrateToLatest(database.db);
  let app: FastifyInstance | undefined;
  const jobs = new JobRunner(database.db, JOB_HANDLERS, {
    pollMs: 1000,
    log: (level, message) => app?.log[level](message),
  });
  app = await buildApp(
    {
      db: database.db,
      config,
      webDir: WEB_DIST,
      jobs,
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    },
    ROUTE_MODULES,
  );
  let nightly: NodeJS.Timeout | undefined;
  if (options.jobs !== false) {
    await ensureNightlyRescores(database.db);
    // New tenants, and the next night after a nightly run finished.
    nightly = setInterval(() => void ensureNightlyRescores(database.db).catch(() => undefined), 10 * 60_000);
    nightly.unref();
    jobs.start();
  }
  const built = app;
  return {
    app: built,
    database,
    jobs,
    async close() {
      if (nightly) clearInterval(nightly);
      await jobs.stop();
      await built.close();
      await database.close();
    },
  } satisfies Server;
}
