import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { WRITERS } from '../../../kernel/auth/roles.ts';
import type { AppDeps } from '../../../kernel/http/app.ts';
import { inTenant } from '../../../kernel/http/request-context.ts';
import { agentIdParams, newPasswordBody, newPasswordView, sipAccountView } from './sip-account.schemas.ts';
import { getSipAccount, setSipPassword } from './sip-account.service.ts';

const tags = ['voice'];

/**
 * /api/v1/agents/:id/sip-account: the settings an agent types into a desk phone or softphone,
 * and a new password (returned once). An agent reaches only their own; supervisors and admins
 * any agent of their tenant.
 */
export function sipAccountRoutes(app: FastifyInstance, { db, config }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/agents/:id/sip-account',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary: "An agent's SIP settings: server, port, username, realm, and whether a phone is registered",
        description:
          'Never the password: only its digests are kept. `username` is null until a first password.',
        params: agentIdParams,
        response: { 200: sipAccountView },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return inTenant(db, request, (scope) => getSipAccount(scope, config.voice, request.params.id));
    },
  );

  api.post(
    '/api/v1/agents/:id/sip-account/password',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary: 'A new SIP password (generated, or at least 12 characters of your own), shown this once',
        description:
          'Creates the SIP account on first use, with a username from the tenant and the agent. ' +
          'Phones registered with the old password are signed out.',
        params: agentIdParams,
        body: newPasswordBody,
        response: { 200: newPasswordView },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return inTenant(db, request, (scope) =>
        setSipPassword(scope, config.voice, request.params.id, request.body),
      );
    },
  );
}
