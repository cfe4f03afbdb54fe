import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { REPORT_READERS } from '../kernel/auth/roles.ts';
import type { AppDeps } from '../kernel/http/app.ts';
import { AppError } from '../kernel/http/errors.ts';
import { tenantReader } from '../kernel/http/request-context.ts';
import { customerAnalytics } from './customer-analytics.ts';

const DAY_MS = 86_400_000;
const num = z.number();
const analyticsView = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  currency: z.string(),
  funnel: z.array(z.object({ stage: z.string(), customers: num })),
  flows: z.array(z.object({ from: z.string().nullable(), to: z.string(), customers: num })),
  tiers: z.array(
    z.object({ tier: z.string(), customers: num, lifetimeRevenueMinor: num, windowRevenueMinor: num }),
  ),
  churn: z.array(z.object({ month: z.string(), churned: num, buyers: num, rate: num })),
  cohorts: z.array(z.object({ cohort: z.string(), size: num, retention: z.array(num.nullable()) })),
  atRisk: z.object({
    customers: num,
    annualRevenueMinor: num,
    top: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        tier: z.string(),
        annualRevenueMinor: num,
        lastOrderAt: z.string().nullable(),
        reason: z.string(),
      }),
    ),
  }),
  referrals: z.object({
    referrers: num,
    referred: num,
    secondLevel: num,
    referredRevenueMinor: num,
    top: z.array(z.object({ id: z.string(), name: z.string(), referred: num, revenueMinor: num })),
  }),
  costOfLosing: z.object({
    revenueAtStakeMinor: num,
    replacementCostMinor: num,
    costOfLosingMinor: num,
    costOfKeepingMinor: num,
    losingToKeepingRatio: num.nullable(),
    ordinaryPerHighValue: num.nullable(),
    acquisitionCostMinor: num,
    retentionCostMinor: num,
    atRiskCustomers: num,
  }),
  generatedInMs: num,
});

/** /api/v1/reports/customer-analytics: the retention analytics page's data. */
export function insightRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/v1/reports/customer-analytics',
    {
      config: { roles: REPORT_READERS },
      schema: {
        tags: ['reports'],
        summary:
          'Stage funnel and flows, tier mix, churn and cohorts, at-risk revenue, referrals, cost of losing',
        querystring: z.strictObject({
          from: z.iso
            .date()
            .optional()
            .describe('Start of the period for flows and churn (default: 12 months ago)'),
          to: z.iso.date().optional().describe('End of the period, inclusive (default: today)'),
        }),
        response: { 200: analyticsView },
      },
    },
    async (request) => {
      const now = new Date();
      const to = request.query.to ? new Date(Date.parse(request.query.to) + DAY_MS) : now;
      const from = request.query.from
        ? new Date(request.query.from)
        : new Date(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth(), 1));
      if (from >= to) throw new AppError('VALIDATION_FAILED', '"from" must be before "to"');
      if (to.getTime() - from.getTime() > 5 * 366 * DAY_MS)
        throw new AppError('VALIDATION_FAILED', 'The period can be at most five years');
      const { tenantId, read } = tenantReader(db, request);
      return customerAnalytics(read, tenantId, { from, to }, now);
    },
  );
}
