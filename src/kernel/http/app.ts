import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { AuthService } from '../auth/auth.service.ts';
import type { Config } from '../config.ts';
import type { DB, Role } from '../db/schema.ts';
import type { EventHub } from '../events/event-hub.ts';
import { errorHandler } from './error-handler.ts';
import { AppError } from './errors.ts';
import './request-context.ts';

export interface AppDeps {
  db: Kysely<DB>;
  config: Config;
  /** Folder with the built web app; served when it exists. */
  webDir?: string;
  logger?: boolean;
  /** Wakes the job runner after a route enqueues a job (absent when jobs do not run here). */
  jobs?: { kick(): void };
  /** The realtime hub behind GET /api/v1/stream (absent: no stream). */
  events?: EventHub;
}

export type App = FastifyInstance;

/** One API route and who may call it; the tenant-isolation test walks this table. */
export interface ApiRoute {
  method: string;
  url: string;
  roles: readonly Role[] | 'public';
}

declare module 'fastify' {
  interface FastifyInstance {
    apiRoutes: ApiRoute[];
  }
}
export type RouteModule = (app: FastifyInstance, deps: AppDeps & { auth: AuthService }) => void;

/**
 * Builds the HTTP server: JSON errors, bearer-token auth, per-route role checks,
 * OpenAPI, the health check, the API slices and the web app.
 */
export async function buildApp(deps: AppDeps, modules: RouteModule[]): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger === false ? false : { level: deps.config.logLevel },
    bodyLimit: deps.config.bodyLimitBytes,
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => {
    const pathname = request.url.split('?')[0] ?? '';
    if (
      request.url.startsWith('/api/') ||
      // A missing file (an old asset after a rebuild) is a 404, not the app's page.
      /\.[a-z0-9]+$/i.test(pathname) ||
      !deps.webDir ||
      !fs.existsSync(path.join(deps.webDir, 'index.html'))
    ) {
      reply
        .code(404)
        .send(new AppError('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`).toBody());
      return;
    }
    // The web app routes on the client: every other GET gets index.html.
    reply.type('text/html').sendFile('index.html');
  });
  // CSV and other uploads arrive as raw bytes; the import slice detects the encoding.
  app.addContentTypeParser(
    ['text/csv', 'application/octet-stream', 'text/plain'],
    { parseAs: 'buffer' },
    (_r, body, done) => done(null, body),
  );

  // Every API route must say who may call it; a route without a declaration fails start-up.
  const routeTable: ApiRoute[] = [];
  app.decorate('apiRoutes', routeTable);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1')) return;
    const roles = route.config?.roles;
    if (roles === undefined) throw new Error(`route ${route.method} ${route.url} does not declare its roles`);
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routeTable.push({ method, url: route.url, roles });
    }
  });

  const auth = new AuthService(deps.db, deps.config);
  app.decorateRequest('auth', null);
  // Authenticate and authorise before the body is even parsed: a caller who may not use a
  // route learns nothing from its validation errors.
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) request.auth = await auth.authenticate(header.slice(7).trim());
    const roles = request.routeOptions.config?.roles;
    if (roles === undefined || roles === 'public') return;
    if (!request.auth) throw new AppError('UNAUTHENTICATED');
    if (!roles.includes(request.auth.role)) throw new AppError('FORBIDDEN');
  });

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Hotline API',
        description: 'Contact center and customer-lifecycle CRM. Sign in with POST /api/v1/auth/login.',
        version: '1.0.0',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  // The realtime feed; a client message is at most an auth token.
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get('/healthz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(deps.db);
      return { status: 'ok' };
    } catch {
      reply.code(503);
      return { status: 'unavailable' };
    }
  });

  await app.register(async (api) => {
    for (const register of modules) register(api, { ...deps, auth });
  });

  if (deps.webDir && fs.existsSync(deps.webDir)) {
    await app.register(fastifyStatic, { root: deps.webDir, prefix: '/', wildcard: false });
  }
  return app;
}
