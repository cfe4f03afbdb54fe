import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ANY_ROLE, MANAGERS } from '../kernel/auth/roles.ts';
import type { AppDeps } from '../kernel/http/app.ts';
import { notFound } from '../kernel/http/errors.ts';
import { createIdempotent, inTenant } from '../kernel/http/request-context.ts';
import { createQueue, deleteQueue, updateQueue } from './queue.service.ts';
import { findQueue, loadQueues } from './queue.store.ts';
import { createQueueBody, idParams, queueView, updateQueueBody } from './routing.schemas.ts';
import { queueToView } from './routing.view.ts';

const tags = ['routing'];

/**
 * /api/v1/queues: where interactions wait. Everyone reads them (an agent transfers into
 * one); supervisors and admins create, change and delete them.
 */
export function queueRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/queues',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags,
        summary: 'Queues of this tenant, highest priority first, with whether each is open now',
        response: { 200: z.object({ items: z.array(queueView) }) },
      },
    },
    async (request) =>
      inTenant(db, request, async ({ tx }) => {
        const now = new Date();
        return { items: (await loadQueues(tx)).map((q) => queueToView(q, now)) };
      }),
  );

  api.get(
    '/api/v1/queues/:id',
    {
      config: { roles: ANY_ROLE },
      schema: { tags, summary: 'One queue', params: idParams, response: { 200: queueView } },
    },
    async (request) =>
      inTenant(db, request, async ({ tx }) => {
        const queue = await findQueue(tx, request.params.id);
        if (!queue) throw notFound('Queue');
        return queueToView(queue);
      }),
  );

  api.post(
    '/api/v1/queues',
    {
      config: { roles: MANAGERS },
      schema: {
        tags,
        summary: 'Add a queue (honours Idempotency-Key); skills named for the first time are added',
        body: createQueueBody,
        response: { 201: queueView },
      },
    },
    async (request, reply) =>
      createIdempotent(db, request, reply, async (scope) =>
        queueToView(await createQueue(scope, request.body)),
      ),
  );

  api.patch(
    '/api/v1/queues/:id',
    {
      config: { roles: MANAGERS },
      schema: {
        tags,
        summary: 'Change some of a queue’s settings',
        params: idParams,
        body: updateQueueBody,
        response: { 200: queueView },
      },
    },
    async (request) =>
      inTenant(db, request, async (scope) =>
        queueToView(await updateQueue(scope, request.params.id, request.body)),
      ),
  );

  api.delete(
    '/api/v1/queues/:id',
    {
      config: { roles: MANAGERS },
      schema: {
        tags,
        summary: 'Delete a queue that holds no interactions and is no other queue’s overflow',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await inTenant(db, request, (scope) => deleteQueue(scope, request.params.id));
      reply.code(204);
      return null;
    },
  );
}
