import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ANY_ROLE, MANAGERS, seesFullPhoneNumbers } from '../../kernel/auth/roles.ts';
import type { AppDeps } from '../../kernel/http/app.ts';
import { AppError, notFound } from '../../kernel/http/errors.ts';
import { inTenant, requireUser } from '../../kernel/http/request-context.ts';
import { type ImportReport, runImport } from './import.service.ts';

const rowError = z.object({ line: z.number(), field: z.string().nullable(), reason: z.string() });
const importReport = z.object({
  id: z.string(),
  kind: z.enum(['customers', 'orders']),
  filename: z.string().nullable(),
  encoding: z.string(),
  totalRows: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  errorCount: z.number(),
  errors: z.array(rowError),
  ignoredColumns: z.array(z.string()),
  createdAt: z.string(),
});
const importQuery = z.strictObject({
  filename: z.string().max(255).optional(),
  encoding: z
    .string()
    .max(20)
    .optional()
    .describe('Force an encoding (utf-8, gbk, big5); detected when absent'),
});

/** POST the CSV file's raw bytes (Content-Type text/csv); the report lists every bad row. */
export function importRoutes(app: FastifyInstance, { db, config, jobs }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  for (const kind of ['customers', 'orders'] as const) {
    api.post(
      `/api/v1/imports/${kind}`,
      {
        config: { roles: MANAGERS },
        bodyLimit: config.importLimitBytes,
        schema: {
          tags: ['imports'],
          summary: `Import ${kind} from CSV (UTF-8, GBK or UTF-16); re-importing the same file creates no duplicates`,
          querystring: importQuery,
          consumes: ['text/csv'],
          response: { 200: importReport },
        },
      },
      async (request) => {
        if (!Buffer.isBuffer(request.body)) {
          throw new AppError(
            'UNSUPPORTED_MEDIA_TYPE',
            'Send the CSV file as the body with Content-Type: text/csv',
          );
        }
        const bytes = request.body;
        const user = requireUser(request);
        if (!user.tenantId)
          throw new AppError('CONFLICT', 'Choose a tenant first (POST /api/v1/auth/tenant)');
        return runImport(
          db,
          {
            tenantId: user.tenantId,
            userId: user.userId,
            actor: { userId: user.userId, name: user.displayName },
            fullPhones: seesFullPhoneNumbers(user.role),
          },
          kind,
          bytes,
          request.query,
          { rescoreQueued: () => jobs?.kick() },
        );
      },
    );
  }

  api.get(
    '/api/v1/imports',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags: ['imports'],
        summary: 'Past imports, newest first',
        response: { 200: z.object({ items: z.array(importReport) }) },
      },
    },
    async (request) =>
      inTenant(db, request, async ({ tx }) => ({
        items: (
          await tx.selectFrom('imports').selectAll().orderBy('created_at', 'desc').limit(50).execute()
        ).map(toReport),
      })),
  );

  api.get(
    '/api/v1/imports/:id',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags: ['imports'],
        summary: 'One import report',
        params: z.strictObject({ id: z.uuid() }),
        response: { 200: importReport },
      },
    },
    async (request) =>
      inTenant(db, request, async ({ tx }) => {
        const row = await tx
          .selectFrom('imports')
          .selectAll()
          .where('id', '=', request.params.id)
          .executeTakeFirst();
        if (!row) throw notFound('Import');
        return toReport(row);
      }),
  );
}

function toReport(row: {
  id: string;
  kind: 'customers' | 'orders';
  filename: string | null;
  encoding: string;
  total_rows: number;
  created_rows: number;
  updated_rows: number;
  unchanged_rows: number;
  error_rows: number;
  errors: unknown;
  created_at: Date;
}): ImportReport {
  const stored = row.errors as { rows: ImportReport['errors']; ignoredColumns: string[] };
  return {
    id: row.id,
    kind: row.kind,
    filename: row.filename,
    encoding: row.encoding,
    totalRows: row.total_rows,
    created: row.created_rows,
    updated: row.updated_rows,
    unchanged: row.unchanged_rows,
    errorCount: row.error_rows,
    errors: stored.rows,
    ignoredColumns: stored.ignoredColumns,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
