import { type ExpressionBuilder, sql } from 'kysely';
import type { ContactKind, Customer, DB } from '../kernel/db/schema.ts';
import type { TenantTx } from '../kernel/db/tenant-scope.ts';
import type { Cursor } from '../kernel/http/pagination.ts';
import { phoneSearchDigits, reversed } from './contact-value.ts';

/**
 * SQL of the customers slice. Every function runs inside a tenant transaction, where
 * row-level security already limits rows to one tenant.
 */
export interface CustomerFilter {
  q?: string | undefined;
  tag?: string | undefined;
  province?: string | undefined;
  city?: string | undefined;
  doNotCall?: boolean | undefined;
  marketingOptIn?: boolean | undefined;
}

export interface CustomerRow extends Customer {
  order_count: number;
  lifetime_value_minor: number;
  last_order_at: Date | null;
  primary_phone: string | null;
  primary_email: string | null;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The customer columns plus order totals and primary contacts, as one select. */
function withSummary(tx: TenantTx) {
  return tx
    .selectFrom('customers as c')
    .selectAll('c')
    .select((eb) => [
      eb
        .selectFrom('orders')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('orders.customer_id', '=', 'c.id')
        .where('orders.status', '=', 'completed')
        .as('order_count'),
      eb
        .selectFrom('orders')
        .select(sql<number>`coalesce(sum(amount_minor), 0)::bigint`.as('v'))
        .whereRef('orders.customer_id', '=', 'c.id')
        .where('orders.status', '=', 'completed')
        .as('lifetime_value_minor'),
      eb
        .selectFrom('orders')
        .select(sql<Date | null>`max(ordered_at)`.as('m'))
        .whereRef('orders.customer_id', '=', 'c.id')
        .where('orders.status', '=', 'completed')
        .as('last_order_at'),
      primaryContact(eb, 'phone').as('primary_phone'),
      primaryContact(eb, 'email').as('primary_email'),
    ]);
}

function primaryContact(eb: ExpressionBuilder<DB & { c: DB['customers'] }, 'c'>, kind: ContactKind) {
  return eb
    .selectFrom('contacts')
    .select('value')
    .whereRef('contacts.customer_id', '=', 'c.id')
    .where('contacts.kind', '=', kind)
    .where('contacts.deleted_at', 'is', null)
    .orderBy('is_primary', 'desc')
    .orderBy('created_at')
    .limit(1);
}

/** Search and filter live customers, newest first, one page past `cursor`. */
export async function listCustomers(
  tx: TenantTx,
  filter: CustomerFilter,
  limit: number,
  cursor: Cursor | null,
) {
  let query = withSummary(tx).where('c.deleted_at', 'is', null);
  const q = filter.q?.trim();
  if (q) {
    const digits = phoneSearchDigits(q);
    const like = `%${escapeLike(q)}%`;
    query = query.where((eb) => {
      const byContact = eb.exists(
        eb
          .selectFrom('contacts as k')
          .select(sql`1`.as('one'))
          .whereRef('k.customer_id', '=', 'c.id')
          .where('k.deleted_at', 'is', null)
          .where((k) =>
            digits
              ? // The end of the number: "5678", "13812345678" and "+86 138 1234 5678" all match.
                k.and([
                  k('k.kind', '=', 'phone'),
                  k('k.value_reversed', 'like', `${escapeLike(reversed(digits))}%`),
                ])
              : k.and([k('k.kind', 'in', ['email', 'chat']), k('k.value', 'ilike', like)]),
          ),
      );
      return eb.or([
        byContact,
        eb('c.name', 'ilike', like),
        eb('c.company', 'ilike', like),
        eb('c.external_ref', '=', q),
      ]);
    });
  }
  if (filter.tag) query = query.where(sql<boolean>`c.tags @> array[${filter.tag}]::text[]`);
  if (filter.province) query = query.where('c.province', '=', filter.province);
  if (filter.city) query = query.where('c.city', '=', filter.city);
  if (filter.doNotCall !== undefined) query = query.where('c.do_not_call', '=', filter.doNotCall);
  if (filter.marketingOptIn !== undefined)
    query = query.where('c.marketing_opt_in', '=', filter.marketingOptIn);
  if (cursor) {
    query = query.where((eb) =>
      eb.or([
        eb('c.created_at', '<', new Date(cursor.at)),
        eb.and([eb('c.created_at', '=', new Date(cursor.at)), eb('c.id', '<', cursor.id)]),
      ]),
    );
  }
  return (await query
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(limit + 1)
    .execute()) as CustomerRow[];
}

export async function findCustomer(tx: TenantTx, id: string, options: { forUpdate?: boolean } = {}) {
  let query = withSummary(tx).where('c.id', '=', id).where('c.deleted_at', 'is', null);
  if (options.forUpdate) query = query.forUpdate('c');
  return (await query.executeTakeFirst()) as CustomerRow | undefined;
}

export async function findContacts(tx: TenantTx, customerId: string) {
  return tx
    .selectFrom('contacts')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('deleted_at', 'is', null)
    .orderBy('kind')
    .orderBy('is_primary', 'desc')
    .orderBy('created_at')
    .execute();
}

/** The live contact holding this exact value, if any (contacts are unique per tenant). */
export async function findContactByValue(tx: TenantTx, kind: ContactKind, value: string) {
  return tx
    .selectFrom('contacts')
    .select(['id', 'customer_id'])
    .where('kind', '=', kind)
    .where('value', '=', value)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function findCustomerIdByExternalRef(tx: TenantTx, externalRef: string) {
  const row = await tx
    .selectFrom('customers')
    .select('id')
    .where('external_ref', '=', externalRef)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row?.id;
}

export async function tenantDefaults(tx: TenantTx, tenantId: string) {
  const tenant = await tx
    .selectFrom('tenants')
    .select(['default_region', 'default_currency'])
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
  return { region: tenant.default_region, currency: tenant.default_currency };
}

export async function listOrders(tx: TenantTx, customerId: string, limit: number, cursor: Cursor | null) {
  let query = tx.selectFrom('orders').selectAll().where('customer_id', '=', customerId);
  if (cursor) {
    query = query.where((eb) =>
      eb.or([
        eb('ordered_at', '<', new Date(cursor.at)),
        eb.and([eb('ordered_at', '=', new Date(cursor.at)), eb('id', '<', cursor.id)]),
      ]),
    );
  }
  return query
    .orderBy('ordered_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
}

export async function listAudit(tx: TenantTx, customerId: string, limit: number, beforeId: number | null) {
  let query = tx
    .selectFrom('audit_log')
    .selectAll()
    .where('entity_type', '=', 'customer')
    .where('entity_id', '=', customerId);
  if (beforeId !== null) query = query.where('id', '<', beforeId);
  return query
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
}

/** The values the list's filters offer, with how many live customers have each. */
export async function customerFacets(tx: TenantTx) {
  const tags = await sql<{ value: string; count: number }>`
    select tag as value, count(*)::int as count
    from customers, unnest(tags) as tag
    where deleted_at is null
    group by tag order by count desc, tag limit 100`.execute(tx);
  const regions = await tx
    .selectFrom('customers')
    .select(['province', 'city', sql<number>`count(*)::int`.as('count')])
    .where('deleted_at', 'is', null)
    .where('province', 'is not', null)
    .groupBy(['province', 'city'])
    .orderBy('province')
    .orderBy('city')
    .execute();
  return {
    tags: tags.rows,
    regions: regions.map((r) => ({ province: r.province!, city: r.city, count: Number(r.count) })),
  };
}
