import { type Kysely, sql } from 'kysely';
import { writeAudit } from '../../kernel/audit/audit-log.ts';
import type { DB } from '../../kernel/db/schema.ts';
import { withTenant } from '../../kernel/db/tenant-scope.ts';
import { AppError } from '../../kernel/http/errors.ts';
import { refreshStanding } from '../../lifecycle/customer-standing.ts';
import { requestRescore } from '../../lifecycle/standing-jobs.ts';
import { normalizeContact, normalizePhone } from '../contact-value.ts';
import { addContact, createCustomer, type Scope, updateCustomer } from '../customers.service.ts';
import { findContactByValue, findCustomerIdByExternalRef, tenantDefaults } from '../customers.store.ts';
import { decodeCsv } from './csv-decode.ts';
import { type RowError, readCsv } from './csv-records.ts';
import { CUSTOMER_HEADERS, type CustomerRowDraft, parseCustomerRow } from './customer-row.ts';
import { ORDER_HEADERS, type OrderRowDraft, parseOrderRow } from './order-row.ts';

/**
 * CSV import of customers and orders. Every good row is kept and every bad row reported
 * with its line and reason (`{ results, errors }`, never a throw halfway). Rows are
 * matched to what exists (customers by number, then phone, then email; orders by order
 * number), so importing the same file again changes nothing.
 */
export type ImportKind = 'customers' | 'orders';
export type RowOutcome = 'created' | 'updated' | 'unchanged';

export interface ImportReport {
  id: string;
  kind: ImportKind;
  filename: string | null;
  encoding: string;
  totalRows: number;
  created: number;
  updated: number;
  unchanged: number;
  errorCount: number;
  errors: RowError[];
  ignoredColumns: string[];
  createdAt: string;
}

/** Who imports, into which tenant. */
export interface ImportContext {
  tenantId: string;
  userId: string;
  actor: Scope['actor'];
  fullPhones: boolean;
}

/** Rows per transaction: small enough that PostgreSQL's per-row savepoints stay cheap. */
const CHUNK_ROWS = 200;
/** Up to this many touched customers are re-scored in the request; more go to a rescore job. */
const INLINE_REFRESH_LIMIT = 200;

export async function runImport(
  db: Kysely<DB>,
  ctx: ImportContext,
  kind: ImportKind,
  bytes: Buffer,
  options: { filename?: string | undefined; encoding?: string | undefined },
  hooks: { rescoreQueued?: () => void } = {},
): Promise<ImportReport> {
  const decoded = decodeCsv(bytes, options.encoding);
  if (!decoded.ok) throw new AppError('INVALID_ENCODING', decoded.reason);
  const headers = kind === 'customers' ? CUSTOMER_HEADERS : ORDER_HEADERS;
  let table: ReturnType<typeof readCsv>;
  try {
    table = readCsv(decoded.text, headers);
  } catch (err) {
    throw new AppError('INVALID_CSV', `The file is not a readable CSV: ${(err as Error).message}`);
  }
  if ('missingHeader' in table) throw new AppError('INVALID_CSV', `The file has no ${table.missingHeader}`);
  const required = kind === 'customers' ? ['name'] : ['orderRef', 'product', 'amount', 'orderedAt'];
  const missing = required.filter((f) => !table.fields.includes(f));
  if (missing.length > 0) {
    throw new AppError('INVALID_CSV', `Missing column(s): ${missing.join(', ')}`, {
      missing: missing.map((field) => ({
        field,
        accepted: [field, ...(headers as Record<string, readonly string[]>)[field]!],
      })),
    });
  }

  const counts: Record<RowOutcome, number> = { created: 0, updated: 0, unchanged: 0 };
  const errors: RowError[] = [...table.errors];
  const touched = new Set<string>();
  const { defaults, timeZone } = await withTenant(db, ctx.tenantId, async (tx) => ({
    defaults: await tenantDefaults(tx, ctx.tenantId),
    timeZone: (
      await tx
        .selectFrom('tenants')
        .select('time_zone')
        .where('id', '=', ctx.tenantId)
        .executeTakeFirstOrThrow()
    ).time_zone,
  }));
  const actor = { ...ctx.actor, name: `${ctx.actor.name} (import)` };

  // Chunks of rows, each in its own transaction. A crash mid-file keeps the chunks already
  // committed; importing the file again completes it without duplicates.
  for (let start = 0; start < table.records.length; start += CHUNK_ROWS) {
    const chunk = table.records.slice(start, start + CHUNK_ROWS);
    await withTenant(db, ctx.tenantId, async (tx) => {
      const importScope: Scope = {
        tx,
        tenantId: ctx.tenantId,
        actor,
        fullPhones: ctx.fullPhones,
        deferStanding: new Set(),
      };
      for (const record of chunk) {
        const draft =
          kind === 'customers'
            ? parseCustomerRow(record.line, record.values)
            : parseOrderRow(record.line, record.values, { currency: defaults.currency, timeZone });
        if (Array.isArray(draft)) {
          errors.push(...draft);
          continue;
        }
        // Each row in its own savepoint: a row that fails in the database leaves no trace.
        await sql`savepoint import_row`.execute(tx);
        const rowTouched = new Set<string>();
        importScope.deferStanding = rowTouched;
        try {
          const outcome =
            kind === 'customers'
              ? await importCustomer(importScope, draft as CustomerRowDraft, defaults.region)
              : await importOrder(importScope, draft as OrderRowDraft, defaults.region);
          await sql`release savepoint import_row`.execute(tx);
          counts[outcome] += 1;
          for (const id of rowTouched) touched.add(id);
        } catch (err) {
          await sql`rollback to savepoint import_row`.execute(tx);
          errors.push({ line: record.line, field: fieldOf(err), reason: reasonOf(err) });
        }
      }
    });
  }

  errors.sort((a, b) => a.line - b.line);
  const totalRows = table.records.length + table.errors.length;
  const errorCount = new Set(errors.map((e) => e.line)).size;
  const { row, queued } = await withTenant(db, ctx.tenantId, async (tx) => {
    // Value tiers and lifecycle stages of the customers the file touched: at once for a
    // small file, by a rescore job (seconds later) for a big one.
    let queued = false;
    if (touched.size <= INLINE_REFRESH_LIMIT) await refreshStanding(tx, ctx.tenantId, touched);
    else {
      await requestRescore(tx, ctx.tenantId, `import of ${touched.size} customers`, { rebuild: true });
      queued = true;
    }
    const row = await tx
      .insertInto('imports')
      .values({
        tenant_id: ctx.tenantId,
        kind,
        filename: options.filename ?? null,
        encoding: decoded.encoding,
        total_rows: totalRows,
        created_rows: counts.created,
        updated_rows: counts.updated,
        unchanged_rows: counts.unchanged,
        error_rows: errorCount,
        errors: JSON.stringify({ rows: errors, ignoredColumns: table.unknownHeaders }),
        created_by: ctx.userId,
      })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow();
    return { row, queued };
  });
  if (queued) hooks.rescoreQueued?.();
  return {
    id: row.id,
    kind,
    filename: options.filename ?? null,
    encoding: decoded.encoding,
    totalRows,
    ...counts,
    errorCount,
    errors,
    ignoredColumns: table.unknownHeaders,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

async function importCustomer(scope: Scope, draft: CustomerRowDraft, region: string): Promise<RowOutcome> {
  const { tx } = scope;
  // Normalise contacts first: a bad phone fails the row before anything is written.
  const contacts = draft.contacts.map((c) => {
    const normalized = normalizeContact(c.kind, c.value, region);
    if (!normalized.ok) throw new RowFailure(c.kind, normalized.reason);
    return { ...c, value: normalized.value };
  });
  let referredById: string | undefined;
  if (draft.referredByRef) {
    referredById = await findCustomerIdByExternalRef(tx, draft.referredByRef);
    if (!referredById) throw new RowFailure('referredBy', `No customer with number ${draft.referredByRef}`);
  }

  const existingId = await matchCustomer(scope, draft.externalRef, contacts);
  const fields = {
    name: draft.name,
    company: draft.company,
    province: draft.province,
    city: draft.city,
    tags: draft.tags,
    doNotCall: draft.doNotCall,
    marketingOptIn: draft.marketingOptIn,
    gender: draft.gender,
    birthday: draft.birthday,
    notes: draft.notes,
    externalRef: draft.externalRef,
    referredById,
  };
  if (!existingId) {
    await createCustomer(scope, { ...stripUndefined(fields), contacts }, 'import');
    return 'created';
  }
  let changed = await updateCustomer(scope, existingId, stripUndefined(fields));
  for (const contact of contacts) {
    const holder = await findContactByValue(tx, contact.kind, contact.value);
    if (holder?.customer_id === existingId) continue;
    await addContact(scope, existingId, contact);
    changed = true;
  }
  return changed ? 'updated' : 'unchanged';
}

/** The existing customer a row means: same customer number, else same phone, else same email. */
async function matchCustomer(
  scope: Scope,
  externalRef: string | undefined,
  contacts: { kind: 'phone' | 'email' | 'chat'; value: string }[],
) {
  const { tx } = scope;
  const byRef = externalRef ? await findCustomerIdByExternalRef(tx, externalRef) : undefined;
  const holders = new Set<string>();
  for (const c of contacts) {
    const holder = await findContactByValue(tx, c.kind, c.value);
    if (holder) holders.add(holder.customer_id);
  }
  if (byRef) {
    const other = [...holders].find((id) => id !== byRef);
    if (other) throw new RowFailure('phone', `A phone or email of this row belongs to another customer`);
    return byRef;
  }
  if (holders.size > 1)
    throw new RowFailure('phone', 'The phones/emails of this row belong to different customers');
  const [holder] = holders;
  if (holder && externalRef) {
    // Matched by contact, but the existing customer has another number: keep theirs.
    const existing = await tx
      .selectFrom('customers')
      .select('external_ref')
      .where('id', '=', holder)
      .executeTakeFirst();
    if (existing?.external_ref && existing.external_ref !== externalRef) {
      throw new RowFailure('phone', `This phone belongs to customer ${existing.external_ref}`);
    }
  }
  return holder;
}

async function importOrder(scope: Scope, draft: OrderRowDraft, region: string): Promise<RowOutcome> {
  const { tx, tenantId } = scope;
  let customerId: string | undefined;
  if (draft.customerRef) {
    customerId = await findCustomerIdByExternalRef(tx, draft.customerRef);
    if (!customerId) throw new RowFailure('customerRef', `No customer with number ${draft.customerRef}`);
  } else if (draft.phone) {
    const phone = normalizePhone(draft.phone, region);
    if (!phone.ok) throw new RowFailure('phone', phone.reason);
    customerId = (await findContactByValue(tx, 'phone', phone.value))?.customer_id;
    if (!customerId) throw new RowFailure('phone', `No customer with phone ${draft.phone}`);
  }
  const values = {
    customer_id: customerId!,
    product: draft.product,
    category: draft.category ?? null,
    amount_minor: draft.amountMinor,
    margin_minor: draft.marginMinor ?? null,
    currency: draft.currency,
    status: draft.status,
    ordered_at: draft.orderedAt,
  };
  const existing = await tx
    .selectFrom('orders')
    .selectAll()
    .where('external_ref', '=', draft.orderRef)
    .executeTakeFirst();
  if (!existing) {
    const order = await tx
      .insertInto('orders')
      .values({ ...values, tenant_id: tenantId, external_ref: draft.orderRef })
      .returning('id')
      .executeTakeFirstOrThrow();
    scope.deferStanding?.add(values.customer_id);
    await writeAudit(tx, tenantId, scope.actor, {
      entityType: 'customer',
      entityId: values.customer_id,
      action: 'order_add',
      after: {
        order: draft.orderRef,
        product: draft.product,
        amountMinor: draft.amountMinor,
        currency: draft.currency,
      },
    });
    await tx
      .insertInto('outbox_events')
      .values({
        tenant_id: tenantId,
        type: 'order.created',
        aggregate_type: 'customer',
        aggregate_id: values.customer_id,
        payload: JSON.stringify({
          orderId: order.id,
          amountMinor: draft.amountMinor,
          status: draft.status,
          source: 'import',
        }),
      })
      .execute();
    return 'created';
  }
  const before = {
    customer_id: existing.customer_id,
    product: existing.product,
    category: existing.category,
    amount_minor: Number(existing.amount_minor),
    margin_minor: existing.margin_minor === null ? null : Number(existing.margin_minor),
    currency: existing.currency,
    status: existing.status,
    ordered_at: new Date(existing.ordered_at).toISOString(),
  };
  const after = { ...values, ordered_at: values.ordered_at.toISOString() };
  if (JSON.stringify(before) === JSON.stringify(after)) return 'unchanged';
  if (existing.customer_id !== values.customer_id) {
    throw new RowFailure('customerRef', `Order ${draft.orderRef} already belongs to another customer`);
  }
  await tx
    .updateTable('orders')
    .set({ ...values, ...(existing.status === values.status ? {} : { status_changed_at: new Date() }) })
    .where('id', '=', existing.id)
    .execute();
  scope.deferStanding?.add(values.customer_id);
  await writeAudit(tx, tenantId, scope.actor, {
    entityType: 'customer',
    entityId: values.customer_id,
    action: 'order_update',
    before: { order: draft.orderRef, ...before },
    after: { order: draft.orderRef, ...after },
  });
  await tx
    .insertInto('outbox_events')
    .values({
      tenant_id: tenantId,
      type: 'order.updated',
      aggregate_type: 'customer',
      aggregate_id: values.customer_id,
      payload: JSON.stringify({ orderId: existing.id, status: draft.status, source: 'import' }),
    })
    .execute();
  return 'updated';
}

class RowFailure extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(reason);
  }
}

function fieldOf(err: unknown): string | null {
  if (err instanceof RowFailure) return err.field;
  if (err instanceof AppError && err.code === 'DUPLICATE_CONTACT') return 'phone';
  return null;
}

function reasonOf(err: unknown): string {
  if (err instanceof RowFailure || err instanceof AppError) return err.message;
  const pg = err as { code?: string; constraint?: string };
  if (pg.code === '23505') return `Duplicate value (${pg.constraint ?? 'unique key'})`;
  return 'The row could not be saved';
}

function stripUndefined<T extends Record<string, unknown>>(
  value: T,
): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
