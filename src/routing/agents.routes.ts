import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ANY_ROLE, MANAGERS, WRITERS } from '../kernel/auth/roles.ts';
import type { AppDeps } from '../kernel/http/app.ts';
import { notFound } from '../kernel/http/errors.ts';
import { inTenant } from '../kernel/http/request-context.ts';
import { saveAgent, setAgentState } from './agent.service.ts';
import { loadAgents } from './agent.store.ts';
import { AGENT_STATES } from './routing.engine.ts';
import { agentProfileBody, agentStateBody, agentView, idParams } from './routing.schemas.ts';
import { agentToView } from './routing.view.ts';

const tags = ['routing'];

/**
 * /api/v1/agents: who answers. An agent's id is their user id. Supervisors and admins set
 * skills and capacity; an agent sets their own state, a supervisor anyone's.
 */
export function agentRoutes(app: FastifyInstance, { db, config }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/agents',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags,
        summary: 'Agents of this tenant with skills, capacity, state and load',
        querystring: z.strictObject({ state: z.enum(AGENT_STATES).optional() }),
        response: { 200: z.object({ items: z.array(agentView) }) },
      },
    },
    async (request) =>
      inTenant(db, request, async ({ tx }) => {
        const agents = await loadAgents(tx);
        const { state } = request.query;
        return { items: agents.filter((a) => !state || a.state === state).map(agentToView) };
      }),
  );

  api.get(
    '/api/v1/agents/:id',
    {
      config: { roles: ANY_ROLE },
      schema: { tags, summary: 'One agent', params: idParams, response: { 200: agentView } },
    },
    async (request) =>
      inTenant(db, request, async ({ tx }) => {
        const agent = (await loadAgents(tx, { ids: [request.params.id] }))[0];
        if (!agent) throw notFound('Agent');
        return agentToView(agent);
      }),
  );

  api.put(
    '/api/v1/agents/:id',
    {
      config: { roles: MANAGERS },
      schema: {
        tags,
        summary: "Create or replace a user's agent profile: skills with levels (1–5), capacity per channel",
        params: idParams,
        body: agentProfileBody,
        response: { 200: agentView },
      },
    },
    async (request) =>
      inTenant(db, request, async (scope) =>
        agentToView(
          await saveAgent(
            { ...scope, offerTimeoutSeconds: config.offerTimeoutSeconds },
            request.params.id,
            request.body,
          ),
        ),
      ),
  );

  api.put(
    '/api/v1/agents/:id/state',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary: 'Set an agent’s state: available, busy (not ready), break (with a reason) or offline',
        description:
          "An agent sets their own; a supervisor anyone's. 'wrap_up' is set by the ACD when an interaction ends.",
        params: idParams,
        body: agentStateBody,
        response: { 200: agentView },
      },
    },
    async (request) =>
      inTenant(db, request, async (scope) =>
        agentToView(
          await setAgentState(
            { ...scope, offerTimeoutSeconds: config.offerTimeoutSeconds },
            request.params.id,
            request.body,
          ),
        ),
      ),
  );
}
