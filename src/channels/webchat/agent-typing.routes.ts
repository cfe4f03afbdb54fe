import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MANAGERS, WRITERS } from '../../kernel/auth/roles.ts';
import type { AppDeps } from '../../kernel/http/app.ts';
import { AppError } from '../../kernel/http/errors.ts';
import { inTenant } from '../../kernel/http/request-context.ts';
import { mustBe, visibleInteraction } from '../../routing/interaction-access.ts';
import { emitTyping } from './webchat.events.ts';

/**
 * POST /api/v1/interactions/:id/typing: the agent handling a chat is typing (or stopped), so
 * the visitor's widget shows "typing…". The visitor's typing reaches the agent the other way,
 * as `interaction.typing` events on the agent's stream.
 */
export function agentTypingRoutes(app: FastifyInstance, { db }: AppDeps) {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/v1/interactions/:id/typing',
    {
      config: { roles: WRITERS },
      schema: {
        tags: ['webchat'],
        summary: 'Tell the chat visitor the agent is typing (send again every few seconds while typing)',
        params: z.strictObject({ id: z.uuid() }),
        body: z.strictObject({ typing: z.boolean() }),
      },
    },
    async (request, reply) => {
      await inTenant(db, request, async (scope) => {
        const row = await visibleInteraction(scope, request.params.id);
        if (row.agent_id !== scope.user.userId && !MANAGERS.includes(scope.user.role)) {
          throw new AppError('FORBIDDEN', 'Only the agent handling this chat types in it');
        }
        mustBe(row, 'active');
        await emitTyping(scope.tx, scope.tenantId, row, 'agent', request.body.typing);
      });
      reply.code(204);
    },
  );
}
