import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { customerRoutes } from './customers/customers.routes.ts';
import { importRoutes } from './customers/import/import.routes.ts';
import { authRoutes } from './kernel/auth/auth.routes.ts';
import type { Config } from './kernel/config.ts';
import { type Database, openDatabase } from './kernel/db/database.ts';
import { migrateToLatest } from './kernel/db/migrate.ts';
import { buildApp, type RouteModule } from './kernel/http/app.ts';
import { tenancyRoutes } from './kernel/tenancy/tenancy.routes.ts';

/** Every slice's routes, in one list: a new capability adds its module here. */
export const ROUTE_MODULES: RouteModule[] = [authRoutes, tenancyRoutes, customerRoutes, importRoutes];

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web/dist');

export interface Server {
  app: FastifyInstance;
  database: Database;
  close(): Promise<void>;
}

/** Opens the database, migrates it and builds the HTTP app (not yet listening). */
export async function createServer(config: Config, options: { database?: Database; logger?: boolean } = {}) {
  const database =
    options.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  await migrateToLatest(database.db);
  const app = await buildApp(
    {
      db: database.db,
      config,
      webDir: WEB_DIST,
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    },
    ROUTE_MODULES,
  );
  return {
    app,
    database,
    async close() {
      await app.close();
      await database.close();
    },
  } satisfies Server;
}
