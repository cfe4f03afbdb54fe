import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ADMINS, ANY_ROLE, MANAGERS, OPERATORS } from '../auth/roles.ts';
import type { AppDeps } from '../http/app.ts';
import { createIdempotent, inTenant } from '../http/request-context.ts';
import { createTenant, insertTenantUser, newTenantInput, newUserInput } from './tenancy.service.ts';

const tenantView = z.object({ id: z.string(), slug: z.string(), name: z.string() });
const userView = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: z.string(),
  locale: z.string(),
  teamName: z.string().nullable(),
  skills: z.array(z.object({ code: z.string(), name: z.string(), level: z.number() })),
});

/** Tenants (operator admin), users, teams and skills of the caller's tenant (queues: src/routing). */
export function tenancyRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/tenants',
    {
      config: { roles: OPERATORS },
      schema: {
        tags: ['admin'],
        summary: 'Every tenant (operator admin)',
        response: { 200: z.object({ items: z.array(tenantView) }) },
      },
    },
    async () => ({
      items: await db.selectFrom('tenants').select(['id', 'slug', 'name']).orderBy('name').execute(),
    }),
  );

  api.post(
    '/api/v1/tenants',
    {
      config: { roles: OPERATORS },
      schema: {
        tags: ['admin'],
        summary: 'Add a tenant (client company)',
        body: newTenantInput,
        response: { 201: tenantView },
      },
    },
    async (request, reply) => {
      const tenant = await createTenant(db, request.body);
      reply.code(201);
      return tenant;
    },
  );

  api.get(
    '/api/v1/users',
    {
      config: { roles: MANAGERS },
      schema: {
        tags: ['admin'],
        summary: 'Users of this tenant',
        response: { 200: z.object({ items: z.array(userView) }) },
      },
    },
    async (request) =>
      inTenant(db, request, async ({ tx }) => {
        const users = await tx
          .selectFrom('users')
          .leftJoin('teams', 'teams.id', 'users.team_id')
          .select([
            'users.id',
            'users.email',
            'users.display_name',
            'users.role',
            'users.locale',
            'teams.name as team_name',
          ])
          .orderBy('users.role')
          .orderBy('users.display_name')
          .execute();
        const skills = await tx
          .selectFrom('user_skills')
          .innerJoin('skills', 'skills.id', 'user_skills.skill_id')
          .select(['user_skills.user_id', 'skills.code', 'skills.name', 'user_skills.level'])
          .execute();
        return {
          items: users.map((u) => ({
            id: u.id,
            email: u.email,
            displayName: u.display_name,
            role: u.role,
            locale: u.locale,
            teamName: u.team_name,
            skills: skills
              .filter((s) => s.user_id === u.id)
              .map(({ code, name, level }) => ({ code, name, level })),
          })),
        };
      }),
  );

  api.post(
    '/api/v1/users',
    {
      config: { roles: ADMINS },
      schema: {
        tags: ['admin'],
        summary: 'Add a user to this tenant (honours Idempotency-Key)',
        body: newUserInput,
        response: { 201: z.object({ id: z.string(), email: z.string() }) },
      },
    },
    async (request, reply) => {
      const user = await createIdempotent(db, request, reply, (scope) =>
        insertTenantUser(scope.tx, scope.tenantId, request.body),
      );
      return { id: user.id, email: user.email };
    },
  );

  api.get(
    '/api/v1/teams',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags: ['admin'],
        summary: 'Teams of this tenant',
        response: { 200: z.object({ items: z.array(z.object({ id: z.string(), name: z.string() })) }) },
      },
    },
    async (request) =>
      inTenant(db, request, async ({ tx }) => ({
        items: await tx.selectFrom('teams').select(['id', 'name']).orderBy('name').execute(),
      })),
  );

  api.get(
    '/api/v1/skills',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags: ['admin'],
        summary: 'Skills of this tenant',
        response: {
          200: z.object({ items: z.array(z.object({ id: z.string(), code: z.string(), name: z.string() })) }),
        },
      },
    },
    async (request) =>
      inTenant(db, request, async ({ tx }) => ({
        items: await tx.selectFrom('skills').select(['id', 'code', 'name']).orderBy('code').execute(),
      })),
  );
}
