import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ADMINS, MANAGERS } from '../../../kernel/auth/roles.ts';
import type { AppDeps } from '../../../kernel/http/app.ts';
import { notFound } from '../../../kernel/http/errors.ts';
import { inTenant } from '../../../kernel/http/request-context.ts';
import { createNumberBody, numberParams, numberView, updateNumberBody } from './voice-number.schemas.ts';
import { createNumber, deleteNumber, updateNumber } from './voice-number.service.ts';
import { findNumber, listNumbers, numberToView } from './voice-number.store.ts';

const tags = ['voice'];

/**
 * /api/v1/voice/numbers: the tenant's hotline numbers and where each leads. Admins add,
 * change and remove them; supervisors read them.
 */
export function voiceNumberRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/voice/numbers',
    {
      config: { roles: MANAGERS },
      schema: {
        tags,
        summary: "This tenant's hotline numbers, in number order",
        response: { 200: z.object({ items: z.array(numberView) }) },
      },
    },
    async (request) =>
      inTenant(db, request, async ({ tx }) => ({ items: (await listNumbers(tx)).map(numberToView) })),
  );

  api.get(
    '/api/v1/voice/numbers/:number',
    {
      config: { roles: MANAGERS },
      schema: { tags, summary: 'One hotline number', params: numberParams, response: { 200: numberView } },
    },
    async (request) =>
      inTenant(db, request, async ({ tx }) => {
        const row = await findNumber(tx, request.params.number);
        if (!row) throw notFound('Number');
        return numberToView(row);
      }),
  );

  api.post(
    '/api/v1/voice/numbers',
    {
      config: { roles: ADMINS },
      schema: {
        tags,
        summary: 'Add a hotline number leading to a voice queue and/or an IVR menu',
        description: 'A number already in use (here or by another tenant) is a 409.',
        body: createNumberBody,
        response: { 201: numberView },
      },
    },
    async (request, reply) => {
      const row = await inTenant(db, request, (scope) => createNumber(scope, request.body));
      reply.code(201);
      return numberToView(row);
    },
  );

  api.patch(
    '/api/v1/voice/numbers/:number',
    {
      config: { roles: ADMINS },
      schema: {
        tags,
        summary: "Change a number's label, queue, IVR menu or outbound caller id",
        params: numberParams,
        body: updateNumberBody,
        response: { 200: numberView },
      },
    },
    async (request) =>
      inTenant(db, request, async (scope) =>
        numberToView(await updateNumber(scope, request.params.number, request.body)),
      ),
  );

  api.delete(
    '/api/v1/voice/numbers/:number',
    {
      config: { roles: ADMINS },
      schema: { tags, summary: 'Remove a hotline number', params: numberParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await inTenant(db, request, (scope) => deleteNumber(scope, request.params.number));
      reply.code(204);
      return null;
    },
  );
}
