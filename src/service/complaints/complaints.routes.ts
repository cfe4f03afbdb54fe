import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { orderCountsByProduct } from '../../customers/order-counts.ts';
import { ANY_ROLE, MANAGERS, REPORT_READERS } from '../../kernel/auth/roles.ts';
import type { TenantTx } from '../../kernel/db/tenant-scope.ts';
import type { AppDeps } from '../../kernel/http/app.ts';
import { AppError } from '../../kernel/http/errors.ts';
import { inTenant } from '../../kernel/http/request-context.ts';
import { complaintRates } from './complaint-rate.ts';

const tags = ['tickets'];
const DEFAULT_WARN = 5;
const settingsView = z.object({ warnPer1000Orders: z.number() });

async function warnThreshold(tx: TenantTx): Promise<number> {
  const row = await tx.selectFrom('complaint_settings').select('warn_per_1000_orders').executeTakeFirst();
  return row ? Number(row.warn_per_1000_orders) : DEFAULT_WARN;
}

/**
 * /api/v1/reports/complaints: complaints per product and per 1,000 orders in a period, against
 * the tenant's warning threshold (/api/v1/complaint-settings), with the reasons and how long
 * complaints took to resolve and how many customers accepted the resolution.
 */
export function complaintRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/complaint-settings',
    {
      config: { roles: ANY_ROLE },
      schema: { tags, summary: 'The complaint-rate warning threshold', response: { 200: settingsView } },
    },
    async (request) =>
      inTenant(db, request, async ({ tx }) => ({ warnPer1000Orders: await warnThreshold(tx) })),
  );

  api.put(
    '/api/v1/complaint-settings',
    {
      config: { roles: MANAGERS },
      schema: {
        tags,
        summary: 'Set the complaint rate (per 1,000 orders) at which a product is flagged',
        body: z.strictObject({ warnPer1000Orders: z.number().positive().max(1000) }),
        response: { 200: settingsView },
      },
    },
    async (request) =>
      inTenant(db, request, async ({ tx, tenantId }) => {
        const value = request.body.warnPer1000Orders;
        await tx
          .insertInto('complaint_settings')
          .values({ tenant_id: tenantId, warn_per_1000_orders: value })
          .onConflict((oc) =>
            oc.column('tenant_id').doUpdateSet({ warn_per_1000_orders: value, updated_at: new Date() }),
          )
          .execute();
        return { warnPer1000Orders: value };
      }),
  );

  api.get(
    '/api/v1/reports/complaints',
    {
      config: { roles: REPORT_READERS },
      schema: {
        tags,
        summary: 'Complaint rate per product and per 1,000 orders, reasons, time to resolve, acceptance',
        querystring: z.strictObject({
          from: z.iso
            .datetime({ offset: true })
            .optional()
            .describe('Complaints opened at or after; default 30 days ago'),
          to: z.iso.datetime({ offset: true }).optional().describe('Opened before; default now'),
        }),
        response: {
          200: z.object({
            from: z.string(),
            to: z.string(),
            warnPer1000Orders: z.number(),
            products: z.array(
              z.object({
                product: z.string(),
                complaints: z.number(),
                orders: z.number(),
                per1000Orders: z.number().nullable(),
                warning: z.boolean(),
              }),
            ),
            byCategory: z.record(z.string(), z.number()),
            total: z.object({
              complaints: z.number(),
              orders: z.number(),
              per1000Orders: z.number().nullable(),
              warning: z.boolean(),
            }),
            resolved: z.number(),
            avgHoursToResolve: z.number().nullable(),
            accepted: z.number().describe('Resolutions the customer accepted'),
            rejected: z.number(),
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
          .selectFrom('ticket_complaints as c')
          .innerJoin('tickets as t', 't.id', 'c.ticket_id')
          .select(['c.product', 'c.category', 'c.accepted', 't.created_at', 't.resolved_at'])
          .where('t.created_at', '>=', from)
          .where('t.created_at', '<', to)
          .where('t.merged_into_id', 'is', null)
          .execute();
        const warn = await warnThreshold(tx);
        const rates = complaintRates(rows, await orderCountsByProduct(tx, from, to), warn);
        const hours = rows
          .filter((r) => r.resolved_at)
          .map((r) => (new Date(r.resolved_at!).getTime() - new Date(r.created_at).getTime()) / 3_600_000);
        return {
          from: from.toISOString(),
          to: to.toISOString(),
          ...rates,
          resolved: hours.length,
          avgHoursToResolve: hours.length
            ? Math.round((hours.reduce((a, b) => a + b, 0) / hours.length) * 10) / 10
            : null,
          accepted: rows.filter((r) => r.accepted === true).length,
          rejected: rows.filter((r) => r.accepted === false).length,
        };
      }),
  );
}
