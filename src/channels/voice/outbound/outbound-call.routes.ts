import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { WRITERS } from '../../../kernel/auth/roles.ts';
import type { AppDeps } from '../../../kernel/http/app.ts';
import { AppError } from '../../../kernel/http/errors.ts';
import { requireUser } from '../../../kernel/http/request-context.ts';
import { outboundCallBody, outboundCallView } from './outbound-call.schemas.ts';
import { placeOutboundCall } from './outbound-call.service.ts';
import { dialerFor } from './outbound-dialer.ts';

/**
 * POST /api/v1/voice/calls/outbound: click to call. The agent's own phone rings first (a
 * supervisor may name another agent); the customer is dialled once it is answered.
 */
export function outboundCallRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/api/v1/voice/calls/outbound',
    {
      config: { roles: WRITERS },
      schema: {
        tags: ['voice'],
        summary: "Call a customer: the agent's phone rings first, then the customer's number is dialled",
        description:
          'Give a customerId (their primary phone), a contactId (one of their phones) or a number. ' +
          'The caller ID is one of the tenant’s numbers. 202 with the call id once the agent’s phone rings; ' +
          '409 (details.reason) for do_not_call, no_trunk, no_phone, on_call, no_number, no_voice_queue.',
        body: outboundCallBody,
        response: { 202: outboundCallView },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      if (!user.tenantId) throw new AppError('CONFLICT', 'Choose a tenant first (POST /api/v1/auth/tenant)');
      const placed = await placeOutboundCall(
        { db, dialer: dialerFor(db) },
        { tenantId: user.tenantId, user },
        request.body,
      );
      reply.code(202);
      return placed;
    },
  );
}
