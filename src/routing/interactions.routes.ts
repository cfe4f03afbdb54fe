import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ANY_ROLE, MANAGERS, WRITERS } from '../kernel/auth/roles.ts';
import type { AppDeps } from '../kernel/http/app.ts';
import { AppError } from '../kernel/http/errors.ts';
import { decodeCursor, pageOf } from '../kernel/http/pagination.ts';
import { createIdempotent, inTenant, type TenantScope } from '../kernel/http/request-context.ts';
import {
  abandonInteraction,
  acceptInteraction,
  declineInteraction,
  linkCustomer,
  postMessage,
  reassignInteraction,
  transferInteraction,
  wrapUpInteraction,
} from './interaction.service.ts';
import { type InteractionRow, listInteractions } from './interaction.store.ts';
import { type RoutingScope, visibleInteraction } from './interaction-access.ts';
import { createInteraction } from './interaction-arrival.ts';
import {
  createdInteractionView,
  createInteractionBody,
  declineBody,
  idParams,
  interactionDetailView,
  interactionView,
  linkCustomerBody,
  listInteractionsQuery,
  moveBody,
  postMessageBody,
  wrapUpBody,
} from './routing.schemas.ts';
import { interactionDetail, interactionViews, messageToView } from './routing.view.ts';

const tags = ['routing'];

/**
 * /api/v1/interactions: every contact (chat, email, call) from arrival to close. Agents act
 * on the ones offered to or handled by them; supervisors on all and may reassign waiting ones.
 * Each change is one transaction with its outbox event (see routing.events.ts).
 */
export function interactionRoutes(app: FastifyInstance, { db, config }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  /** Runs an interaction operation in the caller's tenant and answers with the interaction. */
  const act = (request: FastifyRequest, work: (scope: RoutingScope) => Promise<InteractionRow>) =>
    inTenant(db, request, async (scope: TenantScope) => {
      const row = await work({ ...scope, offerTimeoutSeconds: config.offerTimeoutSeconds });
      return interactionDetail(scope.tx, row, scope.fullPhones);
    });

  api.post(
    '/api/v1/interactions',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary: 'Queue a new interaction (internal channels and tests; honours Idempotency-Key)',
        description:
          'The customer is the one given, or found by the contact fields. Outside the queue’s hours the answer carries `afterHours` (the offline message or auto-reply) and the interaction waits for opening.',
        body: createInteractionBody,
        response: { 201: createdInteractionView },
      },
    },
    async (request, reply) =>
      createIdempotent(db, request, reply, async (scope) => {
        const created = await createInteraction(
          { ...scope, offerTimeoutSeconds: config.offerTimeoutSeconds },
          request.body,
        );
        return {
          ...(await interactionDetail(scope.tx, created.interaction, scope.fullPhones)),
          afterHours: created.afterHours,
        };
      }),
  );

  api.get(
    '/api/v1/interactions',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags,
        summary: 'Interactions, newest first (an agent sees those assigned to them)',
        querystring: listInteractionsQuery,
        response: { 200: z.object({ items: z.array(interactionView), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) =>
      inTenant(db, request, async ({ tx, user, fullPhones }) => {
        const q = request.query;
        if (user.role === 'agent' && q.agentId && q.agentId !== user.userId) {
          throw new AppError('FORBIDDEN', 'Agents list their own interactions only');
        }
        const rows = await listInteractions(
          tx,
          {
            ...(q.status ? { statuses: q.status } : {}),
            ...(q.queueId ? { queueId: q.queueId } : {}),
            ...(q.customerId ? { customerId: q.customerId } : {}),
            ...(user.role === 'agent' ? { agentId: user.userId } : q.agentId ? { agentId: q.agentId } : {}),
          },
          q.limit,
          decodeCursor(q.cursor),
        );
        const page = pageOf(rows, q.limit, (r) => ({ at: r.created_at.toISOString(), id: r.id }));
        return { items: await interactionViews(tx, page.items, fullPhones), nextCursor: page.nextCursor };
      }),
  );

  api.get(
    '/api/v1/interactions/:id',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags,
        summary: 'One interaction with its messages, live offer and disposition',
        params: idParams,
        response: { 200: interactionDetailView },
      },
    },
    async (request) =>
      inTenant(db, request, async (scope) =>
        interactionDetail(scope.tx, await visibleInteraction(scope, request.params.id), scope.fullPhones),
      ),
  );

  api.post(
    '/api/v1/interactions/:id/accept',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary: 'Accept the offer ringing at you',
        params: idParams,
        response: { 200: interactionDetailView },
      },
    },
    async (request) => act(request, (scope) => acceptInteraction(scope, request.params.id)),
  );

  api.post(
    '/api/v1/interactions/:id/decline',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary: 'Decline the offer ringing at you; it goes to the next agent',
        params: idParams,
        body: declineBody,
        response: { 200: interactionDetailView },
      },
    },
    async (request) =>
      act(request, (scope) => declineInteraction(scope, request.params.id, request.body?.reason)),
  );

  api.post(
    '/api/v1/interactions/:id/transfer',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary: 'Transfer an active interaction to a queue or an agent, with a note',
        params: idParams,
        body: moveBody,
        response: { 200: interactionDetailView },
      },
    },
    async (request) => act(request, (scope) => transferInteraction(scope, request.params.id, request.body)),
  );

  api.post(
    '/api/v1/interactions/:id/wrap-up',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary: "End an active interaction with a disposition; it closes after the queue's wrap-up time",
        params: idParams,
        body: wrapUpBody,
        response: { 200: interactionDetailView },
      },
    },
    async (request) => act(request, (scope) => wrapUpInteraction(scope, request.params.id, request.body)),
  );

  api.post(
    '/api/v1/interactions/:id/messages',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary: 'Add a message to the conversation',
        params: idParams,
        body: postMessageBody,
        response: { 201: z.object({ message: interactionDetailView.shape.messages.element }) },
      },
    },
    async (request, reply) => {
      const message = await inTenant(db, request, (scope) =>
        postMessage(
          { ...scope, offerTimeoutSeconds: config.offerTimeoutSeconds },
          request.params.id,
          request.body,
        ),
      );
      reply.code(201);
      return { message: messageToView(message) };
    },
  );

  api.post(
    '/api/v1/interactions/:id/link-customer',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary: 'Link the interaction to a customer card',
        params: idParams,
        body: linkCustomerBody,
        response: { 200: interactionDetailView },
      },
    },
    async (request) =>
      act(request, (scope) => linkCustomer(scope, request.params.id, request.body.customerId)),
  );

  api.post(
    '/api/v1/interactions/:id/reassign',
    {
      config: { roles: MANAGERS },
      schema: {
        tags,
        summary: 'Move a waiting interaction to an agent or another queue (supervisors)',
        params: idParams,
        body: moveBody,
        response: { 200: interactionDetailView },
      },
    },
    async (request) => act(request, (scope) => reassignInteraction(scope, request.params.id, request.body)),
  );

  api.post(
    '/api/v1/interactions/:id/abandon',
    {
      config: { roles: MANAGERS },
      schema: {
        tags,
        summary: 'Record that the customer left before being answered (channels and supervisors)',
        params: idParams,
        response: { 200: interactionDetailView },
      },
    },
    async (request) => act(request, (scope) => abandonInteraction(scope, request.params.id)),
  );
}
