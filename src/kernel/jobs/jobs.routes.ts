import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ANY_ROLE } from '../auth/roles.ts';
import type { AppDeps } from '../http/app.ts';
import { notFound } from '../http/errors.ts';
import { inTenant } from '../http/request-context.ts';

const jobView = z.object({
  id: z.number(),
  kind: z.string(),
  state: z.enum(['queued', 'running', 'done', 'failed']),
  dueAt: z.string(),
  attempts: z.number(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  result: z.unknown(),
  error: z.string().nullable(),
});

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** GET /api/v1/jobs/:id: how a background job of this tenant (a rescore, say) is going. */
export function jobRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/v1/jobs/:id',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags: ['jobs'],
        summary: 'A background job: queued, running, done (with its result) or failed',
        params: z.strictObject({
          id: z.coerce
            .number()
            .int()
            .positive()
            .max(2 ** 53),
        }),
        response: { 200: jobView },
      },
    },
    async (request) =>
      inTenant(db, request, async ({ tx }) => {
        const job = await tx
          .selectFrom('jobs')
          .selectAll()
          .where('id', '=', request.params.id)
          .executeTakeFirst();
        if (!job) throw notFound('Job');
        const running = job.locked_until !== null && new Date(job.locked_until) > new Date();
        const state = job.finished_at ? (job.last_error ? 'failed' : 'done') : running ? 'running' : 'queued';
        return {
          id: job.id,
          kind: job.kind,
          state,
          dueAt: iso(job.due_at)!,
          attempts: job.attempts,
          startedAt: iso(job.started_at),
          finishedAt: iso(job.finished_at),
          result: job.result ?? null,
          error: job.last_error,
        } as const;
      }),
  );
}
