import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/app.ts';
import { requireUser } from '../http/request-context.ts';
import type { AuthService } from './auth.service.ts';
import { ANY_ROLE, OPERATORS } from './roles.ts';

const tenantRef = z.object({ id: z.string(), slug: z.string(), name: z.string() });
export const meSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(['operator_admin', 'tenant_admin', 'supervisor', 'agent', 'analyst']),
  locale: z.enum(['zh-CN', 'en']),
  tenant: tenantRef.nullable(),
  tenants: z.array(tenantRef),
});
const localeSchema = z.enum(['zh-CN', 'en']);

/** Sign-in, sign-out, the signed-in user and their language, and an operator's tenant switch. */
export function authRoutes(app: FastifyInstance, deps: AppDeps & { auth: AuthService }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { auth } = deps;

  async function me(request: FastifyRequest) {
    const user = requireUser(request);
    const fresh = (await auth.authenticate(request.headers.authorization?.slice(7).trim() ?? '')) ?? user;
    return {
      id: fresh.userId,
      email: fresh.email,
      displayName: fresh.displayName,
      role: fresh.role,
      locale: fresh.locale,
      tenant: await auth.tenant(fresh.tenantId),
      tenants: fresh.role === 'operator_admin' ? await auth.allTenants() : [],
    };
  }

  api.post(
    '/api/v1/auth/login',
    {
      config: { roles: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password',
        security: [],
        body: z.strictObject({
          email: z.string().trim().min(3).max(254),
          password: z.string().min(1).max(200),
        }),
        response: { 200: z.object({ token: z.string(), expiresAt: z.string(), user: meSchema }) },
      },
    },
    async (request) => {
      const { token, expiresAt } = await auth.login(request.body.email, request.body.password);
      request.headers.authorization = `Bearer ${token}`;
      request.auth = await auth.authenticate(token);
      return { token, expiresAt: expiresAt.toISOString(), user: await me(request) };
    },
  );

  api.post(
    '/api/v1/auth/logout',
    { config: { roles: ANY_ROLE }, schema: { tags: ['auth'], summary: 'End this session' } },
    async (request, reply) => {
      await auth.logout(requireUser(request).sessionId);
      reply.code(204).send();
    },
  );

  api.get(
    '/api/v1/auth/me',
    {
      config: { roles: ANY_ROLE },
      schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: meSchema } },
    },
    async (request) => me(request),
  );

  api.patch(
    '/api/v1/auth/me',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags: ['auth'],
        summary: "Change the signed-in user's language (remembered across sessions)",
        body: z.strictObject({ locale: localeSchema }),
        response: { 200: meSchema },
      },
    },
    async (request) => {
      await auth.setLocale(requireUser(request).userId, request.body.locale);
      return me(request);
    },
  );

  api.post(
    '/api/v1/auth/tenant',
    {
      config: { roles: OPERATORS },
      schema: {
        tags: ['auth'],
        summary: 'Operator admin: work in another tenant',
        body: z.strictObject({ tenantId: z.uuid() }),
        response: { 200: meSchema },
      },
    },
    async (request) => {
      await auth.switchTenant(requireUser(request), request.body.tenantId);
      return me(request);
    },
  );
}
