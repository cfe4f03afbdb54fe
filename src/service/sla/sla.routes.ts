import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ANY_ROLE, MANAGERS, REPORT_READERS } from '../../kernel/auth/roles.ts';
import type { SlaPoliciesTable } from '../../kernel/db/schema.ts';
import type { TenantTx } from '../../kernel/db/tenant-scope.ts';
import type { AppDeps } from '../../kernel/http/app.ts';
import { AppError, notFound } from '../../kernel/http/errors.ts';
import { createIdempotent, inTenant } from '../../kernel/http/request-context.ts';
import { findQueue } from '../../routing/queue.store.ts';

const tags = ['tickets'];

const escalationStep = z.strictObject({
  afterMinutes: z.number().min(0).max(100_000).describe('Business minutes after the breach'),
  action: z.enum(['notify_supervisor', 'raise_priority', 'reassign']),
  queueId: z.uuid().optional().describe('For reassign: the queue the ticket moves to'),
});
const minutes = z.number().positive().max(525_600).describe('Business minutes (fractions allowed)');
const policyBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  ticketType: z.enum(['inquiry', 'complaint', 'repair', 'other']).nullish(),
  valueTier: z.enum(['high', 'potential', 'secondary', 'low']).nullish(),
  firstResponseMinutes: minutes,
  resolutionMinutes: minutes,
  warnFraction: z.number().gt(0).max(1).default(0.8),
  escalation: z
    .array(escalationStep)
    .max(10)
    .default([])
    .refine(
      (steps) => steps.every((s) => s.action !== 'reassign' || s.queueId),
      'a reassign step needs a queueId',
    ),
  active: z.boolean().default(true),
});
const policyPatch = policyBody.partial().refine((b) => Object.keys(b).length > 0, 'nothing to change');
const policyView = z.object({
  id: z.string(),
  name: z.string(),
  ticketType: z.string().nullable(),
  valueTier: z.string().nullable(),
  firstResponseMinutes: z.number(),
  resolutionMinutes: z.number(),
  warnFraction: z.number(),
  escalation: z.array(escalationStep),
  active: z.boolean(),
});
const idParams = z.strictObject({ id: z.uuid() });

type PolicyRow = { [K in keyof SlaPoliciesTable]: unknown } & { id: string; name: string };

function toView(r: PolicyRow) {
  return {
    id: r.id,
    name: r.name,
    ticketType: (r.ticket_type as string | null) ?? null,
    valueTier: (r.value_tier as string | null) ?? null,
    firstResponseMinutes: Number(r.first_response_minutes),
    resolutionMinutes: Number(r.resolution_minutes),
    warnFraction: Number(r.warn_fraction),
    escalation: (r.escalation ?? []) as z.infer<typeof escalationStep>[],
    active: Boolean(r.active),
  };
}

async function checkSteps(tx: TenantTx, steps: readonly z.infer<typeof escalationStep>[] | undefined) {
  for (const [i, step] of (steps ?? []).entries())
    if (step.queueId && !(await findQueue(tx, step.queueId)))
      throw new AppError('VALIDATION_FAILED', `escalation.${i}.queueId: no such queue`, [
        { path: `escalation.${i}.queueId`, message: 'no such queue' },
      ]);
}

/** Another active policy for the same type and tier: the unique index says so; say it plainly. */
function duplicateMatch(err: unknown): never {
  if (String((err as { code?: string }).code) === '23505' || /sla_policies_match_idx/.test(String(err)))
    throw new AppError('CONFLICT', 'An active policy for this ticket type and value tier exists already');
  throw err;
}

/**
 * /api/v1/sla-policies: the targets tickets run under (per type and value tier), and
 * /api/v1/reports/sla-breaches: the tickets that missed a target in a period.
 */
export function slaRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/sla-policies',
    {
      config: { roles: ANY_ROLE },
      schema: { tags, summary: 'SLA policies', response: { 200: z.object({ items: z.array(policyView) }) } },
    },
    async (request) =>
      inTenant(db, request, async ({ tx }) => ({
        items: (await tx.selectFrom('sla_policies').selectAll().orderBy('created_at').execute()).map(toView),
      })),
  );

  api.post(
    '/api/v1/sla-policies',
    {
      config: { roles: MANAGERS },
      schema: {
        tags,
        summary:
          'Add an SLA policy (null type or tier: any); the most specific active one applies to a new ticket',
        body: policyBody,
        response: { 201: policyView },
      },
    },
    async (request, reply) =>
      createIdempotent(db, request, reply, async ({ tx, tenantId }) => {
        const b = request.body;
        await checkSteps(tx, b.escalation);
        const row = await tx
          .insertInto('sla_policies')
          .values({
            tenant_id: tenantId,
            name: b.name,
            ticket_type: b.ticketType ?? null,
            value_tier: b.valueTier ?? null,
            first_response_minutes: b.firstResponseMinutes,
            resolution_minutes: b.resolutionMinutes,
            warn_fraction: b.warnFraction,
            escalation: JSON.stringify(b.escalation),
            active: b.active,
          })
          .returningAll()
          .executeTakeFirstOrThrow()
          .catch(duplicateMatch);
        return toView(row);
      }),
  );

  api.patch(
    '/api/v1/sla-policies/:id',
    {
      config: { roles: MANAGERS },
      schema: {
        tags,
        summary: 'Change an SLA policy (tickets already opened keep it, with the new targets)',
        params: idParams,
        body: policyPatch,
        response: { 200: policyView },
      },
    },
    async (request) =>
      inTenant(db, request, async ({ tx }) => {
        const b = request.body;
        await checkSteps(tx, b.escalation);
        const row = await tx
          .updateTable('sla_policies')
          .set({
            ...(b.name !== undefined ? { name: b.name } : {}),
            ...(b.ticketType !== undefined ? { ticket_type: b.ticketType ?? null } : {}),
            ...(b.valueTier !== undefined ? { value_tier: b.valueTier ?? null } : {}),
            ...(b.firstResponseMinutes !== undefined
              ? { first_response_minutes: b.firstResponseMinutes }
              : {}),
            ...(b.resolutionMinutes !== undefined ? { resolution_minutes: b.resolutionMinutes } : {}),
            ...(b.warnFraction !== undefined ? { warn_fraction: b.warnFraction } : {}),
            ...(b.escalation !== undefined ? { escalation: JSON.stringify(b.escalation) } : {}),
            ...(b.active !== undefined ? { active: b.active } : {}),
            updated_at: new Date(),
          })
          .where('id', '=', request.params.id)
          .returningAll()
          .executeTakeFirst()
          .catch(duplicateMatch);
        if (!row) throw notFound('SLA policy');
        return toView(row);
      }),
  );

  api.get(
    '/api/v1/reports/sla-breaches',
    {
      config: { roles: REPORT_READERS },
      schema: {
        tags,
        summary: 'Tickets that missed their first-response or resolution target in a period',
        querystring: z.strictObject({
          from: z.iso
            .datetime({ offset: true })
            .optional()
            .describe('Breached at or after; default 30 days ago'),
          to: z.iso.datetime({ offset: true }).optional().describe('Breached before; default now'),
        }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                ticketId: z.string(),
                number: z.string(),
                type: z.string(),
                subject: z.string(),
                priority: z.string(),
                status: z.string(),
                ownerId: z.string().nullable(),
                queueId: z.string().nullable(),
                clock: z.enum(['first_response', 'resolution']),
                dueAt: z.string(),
                resolvedAt: z.string().nullable(),
              }),
            ),
            byType: z.record(z.string(), z.number()),
          }),
        },
      },
    },
    async (request) =>
      inTenant(db, request, async ({ tx }) => {
        const to = request.query.to ? new Date(request.query.to) : new Date();
        const from = request.query.from
          ? new Date(request.query.from)
          : new Date(to.getTime() - 30 * 86_400_000);
        if (from >= to)
          throw new AppError('VALIDATION_FAILED', 'from: after to', [{ path: 'from', message: 'after to' }]);
        const rows = await tx
          .selectFrom('tickets')
          .selectAll()
          .where((eb) =>
            eb.or([
              eb.and([
                eb('first_response_breached_at', '>=', from),
                eb('first_response_breached_at', '<', to),
              ]),
              eb.and([eb('resolution_breached_at', '>=', from), eb('resolution_breached_at', '<', to)]),
            ]),
          )
          .orderBy('created_at', 'desc')
          .limit(5000)
          .execute();
        const items = rows.flatMap((r) =>
          (
            [
              ['first_response', r.first_response_breached_at],
              ['resolution', r.resolution_breached_at],
            ] as const
          )
            .filter(([, at]) => at && at >= from && at < to)
            .map(([clock, at]) => ({
              ticketId: r.id,
              number: String(r.number),
              type: r.type,
              subject: r.subject,
              priority: r.priority,
              status: r.status,
              ownerId: r.owner_id,
              queueId: r.queue_id,
              clock,
              dueAt: new Date(at!).toISOString(),
              resolvedAt: r.resolved_at ? new Date(r.resolved_at).toISOString() : null,
            })),
        );
        const byType: Record<string, number> = {};
        for (const item of items) byType[item.type] = (byType[item.type] ?? 0) + 1;
        return { items, byType };
      }),
  );
}
