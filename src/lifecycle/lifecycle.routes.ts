import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { writeAudit } from '../kernel/audit/audit-log.ts';
import { ADMINS, ANY_ROLE, WRITERS } from '../kernel/auth/roles.ts';
import type { AppDeps } from '../kernel/http/app.ts';
import { AppError, notFound } from '../kernel/http/errors.ts';
import { createIdempotent, inTenant } from '../kernel/http/request-context.ts';
import { recordFact } from './lifecycle.service.ts';
import { loadLifecycleRules, saveLifecycleRules } from './lifecycle.store.ts';
import { DEFAULT_LIFECYCLE_RULES, lifecycleRulesSchema } from './lifecycle-rules.ts';
import { customerStanding, standingView } from './standing.view.ts';
import { requestRescore } from './standing-jobs.ts';

const tags = ['lifecycle'];
const idParams = z.strictObject({ id: z.uuid() });

/**
 * A fact about a customer that moves their lifecycle stage. The desktop, surveys and
 * tickets record these as they land; an agent can record them on the card.
 */
const factInput = z
  .strictObject({
    kind: z.enum(['qualified', 'csat', 'nps', 'lost', 'complaint_opened', 'complaint_closed']),
    score: z.number().nullish().describe('csat: 1–5; nps: 0–10'),
    note: z.string().trim().max(500).nullish().describe('lost: the reason (required)'),
    refType: z.string().trim().max(40).nullish(),
    refId: z
      .string()
      .trim()
      .max(100)
      .nullish()
      .describe('complaint_opened/closed: the complaint id (required)'),
    at: z.iso.datetime({ offset: true }).optional().describe('When it happened; now when absent'),
  })
  .superRefine((f, ctx) => {
    if (f.kind === 'csat' && !(Number.isInteger(f.score) && f.score! >= 1 && f.score! <= 5))
      ctx.addIssue({
        code: 'custom',
        path: ['score'],
        message: 'a CSAT score is a whole number from 1 to 5',
      });
    if (f.kind === 'nps' && !(Number.isInteger(f.score) && f.score! >= 0 && f.score! <= 10))
      ctx.addIssue({
        code: 'custom',
        path: ['score'],
        message: 'an NPS answer is a whole number from 0 to 10',
      });
    if (f.kind !== 'csat' && f.kind !== 'nps' && f.score != null)
      ctx.addIssue({ code: 'custom', path: ['score'], message: `a ${f.kind} fact has no score` });
    if (f.kind === 'lost' && !f.note)
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'say why the customer was lost' });
    if (f.kind.startsWith('complaint_') && !f.refId)
      ctx.addIssue({ code: 'custom', path: ['refId'], message: 'name the complaint (refId)' });
  });

const rulesView = z.object({
  rules: lifecycleRulesSchema,
  defaults: lifecycleRulesSchema,
  updatedAt: z.string().nullable(),
});

/** Lifecycle rules, facts and each customer's standing (value tier, stage, referrals). */
export function lifecycleRoutes(app: FastifyInstance, { db, jobs }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/lifecycle/rules',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags,
        summary: 'Lifecycle transition rules and customer costs in force',
        response: { 200: rulesView },
      },
    },
    async (request) =>
      inTenant(db, request, async ({ tx }) => {
        const stored = await loadLifecycleRules(tx);
        return {
          rules: stored.rules,
          defaults: DEFAULT_LIFECYCLE_RULES,
          updatedAt: stored.updatedAt ? new Date(stored.updatedAt).toISOString() : null,
        };
      }),
  );

  api.put(
    '/api/v1/lifecycle/rules',
    {
      config: { roles: ADMINS },
      schema: {
        tags,
        summary: 'Replace the lifecycle rules; every customer is restaged (a job)',
        body: lifecycleRulesSchema,
        response: { 200: z.object({ jobId: z.number(), rules: lifecycleRulesSchema }) },
      },
    },
    async (request) => {
      const result = await inTenant(db, request, async ({ tx, tenantId, user }) => {
        await saveLifecycleRules(tx, tenantId, request.body, user.userId);
        return { jobId: await requestRescore(tx, tenantId, 'lifecycle rules changed'), rules: request.body };
      });
      jobs?.kick();
      return result;
    },
  );

  api.get(
    '/api/v1/customers/:id/standing',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags,
        summary: "The customer's value tier (with why), lifecycle stage and its history, and referrals",
        params: idParams,
        response: { 200: standingView },
      },
    },
    async (request) =>
      inTenant(db, request, ({ tx, tenantId, user }) =>
        customerStanding(tx, tenantId, request.params.id, user.locale),
      ),
  );

  api.post(
    '/api/v1/customers/:id/facts',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary: 'Record a lifecycle fact (qualified lead, CSAT, NPS, lost, complaint opened/closed)',
        params: idParams,
        body: factInput,
        response: { 201: standingView },
      },
    },
    async (request, reply) =>
      createIdempotent(db, request, reply, async ({ tx, tenantId, user, actor }) => {
        const customer = await tx
          .selectFrom('customers')
          .select('id')
          .where('id', '=', request.params.id)
          .where('deleted_at', 'is', null)
          .executeTakeFirst();
        if (!customer) throw notFound('Customer');
        const at = request.body.at ? new Date(request.body.at) : new Date();
        if (at.getTime() > Date.now() + 5 * 60_000)
          throw new AppError('VALIDATION_FAILED', 'A fact cannot happen in the future');
        const { kind, score, note, refType, refId } = request.body;
        await recordFact(tx, tenantId, customer.id, { kind, score, note, refType, refId, at }, user.userId);
        await writeAudit(tx, tenantId, actor, {
          entityType: 'customer',
          entityId: customer.id,
          action: 'fact',
          after: {
            kind,
            score: score ?? null,
            note: note ?? null,
            refId: refId ?? null,
            at: at.toISOString(),
          },
        });
        return customerStanding(tx, tenantId, customer.id, user.locale);
      }),
  );
}
