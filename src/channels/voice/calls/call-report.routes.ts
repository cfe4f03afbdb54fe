import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { REPORT_READERS } from '../../../kernel/auth/roles.ts';
import type { AppDeps } from '../../../kernel/http/app.ts';
import { AppError } from '../../../kernel/http/errors.ts';
import { inTenant } from '../../../kernel/http/request-context.ts';
import { callsForReport, tenantTimeZone } from './call-report.store.ts';
import { summarizeCalls } from './call-report.ts';
import { callReportToCsv } from './call-report-export.ts';

const tags = ['voice'];
/** The longest period one report reads: a quarter. */
const MAX_DAYS = 93;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD');
const reportQuery = z.strictObject({
  from: day.optional().describe('First day (the tenant’s time zone); default six days before `to`'),
  to: day.optional().describe('Last day, included; default today'),
  groupBy: z.enum(['queue', 'agent', 'day']).default('queue'),
  slSeconds: z.coerce.number().int().min(1).max(3600).default(20).describe('Service-level threshold'),
  format: z.enum(['json', 'csv']).default('json'),
});

/**
 * GET /api/v1/reports/calls: the call detail records of a period summed by queue, agent
 * or day, for supervisors, admins and analysts; as JSON or a CSV download. Under the API's
 * `reports/*`, served from here because the call records are this slice's tables.
 */
export function callReportRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/reports/calls',
    {
      config: { roles: REPORT_READERS },
      schema: {
        tags,
        summary: 'Call report: calls, answered, abandoned, service level, wait, talk, hold, transfers',
        description: `Days are the tenant's; at most ${MAX_DAYS} days. JSON: { from, to, timeZone, groupBy, rows, total }, each row { key, label, inbound, outbound, answered, abandoned, serviceLevel, avgWaitSeconds, avgTalkSeconds, holds, holdSeconds, transfers, voicemails, callbacks }. \`format=csv\` downloads it (UTF-8 with BOM).`,
        querystring: reportQuery,
        produces: ['application/json', 'text/csv'],
      },
    },
    async (request, reply) => {
      const q = request.query;
      const result = await inTenant(db, request, async ({ tx, tenantId, user }) => {
        const timeZone = await tenantTimeZone(tx, tenantId);
        const last = q.to
          ? DateTime.fromISO(q.to, { zone: timeZone })
          : DateTime.now().setZone(timeZone).startOf('day');
        const first = q.from ? DateTime.fromISO(q.from, { zone: timeZone }) : last.minus({ days: 6 });
        if (!first.isValid || !last.isValid)
          throw new AppError('VALIDATION_FAILED', 'from/to: not a calendar day', [
            { path: first.isValid ? 'to' : 'from', message: 'not a calendar day' },
          ]);
        const days = last.diff(first, 'days').days + 1;
        if (days < 1)
          throw new AppError('VALIDATION_FAILED', 'from: after to', [{ path: 'from', message: 'after to' }]);
        if (days > MAX_DAYS)
          throw new AppError('VALIDATION_FAILED', `to: at most ${MAX_DAYS} days from from`, [
            { path: 'to', message: `at most ${MAX_DAYS} days` },
          ]);
        const calls = await callsForReport(tx, first.toJSDate(), last.plus({ days: 1 }).toJSDate());
        const report = summarizeCalls(calls, { by: q.groupBy, timeZone, slSeconds: q.slSeconds });
        return {
          from: first.toISODate()!,
          to: last.toISODate()!,
          timeZone,
          groupBy: q.groupBy,
          ...report,
          locale: user.locale,
        };
      });
      if (q.format === 'csv') {
        reply
          .type('text/csv; charset=utf-8')
          .header(
            'content-disposition',
            `attachment; filename="calls-${result.from}-${result.to}-by-${result.groupBy}.csv"`,
          );
        return reply.send(callReportToCsv(result, result.groupBy, result.locale));
      }
      const { locale: _locale, ...body } = result;
      return body;
    },
  );
}
