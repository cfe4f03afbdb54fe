import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ADMINS, ANY_ROLE, MANAGERS } from '../kernel/auth/roles.ts';
import type { AppDeps } from '../kernel/http/app.ts';
import { inTenant } from '../kernel/http/request-context.ts';
import { requestRescore } from '../lifecycle/standing-jobs.ts';
import { loadValueRules, saveValueRules } from './value.store.ts';
import { DEFAULT_VALUE_RULES, valueRulesSchema } from './value-rules.ts';

const tags = ['value'];
const cutPoints = z.array(z.number()).length(4);
const rulesView = z.object({
  rules: valueRulesSchema,
  defaults: valueRulesSchema,
  breakpoints: z
    .object({
      method: z.enum(['quantile', 'threshold']),
      recencyDays: cutPoints,
      frequency: cutPoints,
      monetaryMinor: cutPoints,
      marginMinor: cutPoints.nullable(),
    })
    .nullable()
    .describe('The cut points of the last full rescore'),
  rescoredAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
const jobRef = z.object({ jobId: z.number().describe('Follow it at GET /api/v1/jobs/:id') });

/** /api/v1/value: the tenant's value rules and the full rescore. */
export function valueRoutes(app: FastifyInstance, { db, jobs }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/value/rules',
    {
      config: { roles: ANY_ROLE },
      schema: { tags, summary: 'Value rules (RFM scoring and tiers) in force', response: { 200: rulesView } },
    },
    async (request) =>
      inTenant(db, request, async ({ tx }) => {
        const stored = await loadValueRules(tx);
        return {
          rules: stored.rules,
          defaults: DEFAULT_VALUE_RULES,
          breakpoints: stored.breakpoints,
          rescoredAt: stored.rescoredAt ? new Date(stored.rescoredAt).toISOString() : null,
          updatedAt: stored.updatedAt ? new Date(stored.updatedAt).toISOString() : null,
        };
      }),
  );

  api.put(
    '/api/v1/value/rules',
    {
      config: { roles: ADMINS },
      schema: {
        tags,
        summary: 'Replace the value rules; every customer is rescored (a job)',
        body: valueRulesSchema,
        response: { 200: jobRef.extend({ rules: valueRulesSchema }) },
      },
    },
    async (request) => {
      const result = await inTenant(db, request, async ({ tx, tenantId, user }) => {
        await saveValueRules(tx, tenantId, request.body, user.userId);
        return { jobId: await requestRescore(tx, tenantId, 'value rules changed'), rules: request.body };
      });
      jobs?.kick();
      return result;
    },
  );

  api.post(
    '/api/v1/value/rescore',
    {
      config: { roles: MANAGERS },
      schema: {
        tags,
        summary: 'Rescore and restage every customer now (a job; a request while one is pending joins it)',
        description:
          'With `rebuild=true`, every order is aggregated again (for orders loaded by other means than the API); otherwise customers are rescored from the order facts each order write keeps current.',
        querystring: z.object({ rebuild: z.enum(['true', 'false']).optional() }),
        response: { 202: jobRef },
      },
    },
    async (request, reply) => {
      const jobId = await inTenant(db, request, ({ tx, tenantId }) =>
        requestRescore(tx, tenantId, 'on demand', { rebuild: request.query.rebuild === 'true' }),
      );
      jobs?.kick();
      reply.code(202);
      return { jobId };
    },
  );
}
