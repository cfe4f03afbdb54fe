import type { Contact, Order } from '../kernel/db/schema.ts';
import { maskPhone } from './contact-value.ts';
import type { ContactView, CustomerSummaryView, OrderView } from './customers.schemas.ts';
import type { CustomerRow } from './customers.store.ts';

/** Database rows → API shapes. Phone numbers are masked here for roles that may not see them. */
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function contactToView(contact: Contact, fullPhones: boolean): ContactView {
  const masked = contact.kind === 'phone' && !fullPhones;
  return {
    id: contact.id,
    kind: contact.kind,
    value: masked ? maskPhone(contact.value) : contact.value,
    masked,
    label: contact.label,
    isPrimary: contact.is_primary,
    createdAt: new Date(contact.created_at).toISOString(),
  };
}

export function summaryToView(row: CustomerRow, currency: string, fullPhones: boolean): CustomerSummaryView {
  return {
    id: row.id,
    name: row.name,
    company: row.company,
    province: row.province,
    city: row.city,
    tags: row.tags,
    doNotCall: row.do_not_call,
    marketingOptIn: row.marketing_opt_in,
    primaryPhone:
      row.primary_phone === null ? null : fullPhones ? row.primary_phone : maskPhone(row.primary_phone),
    primaryEmail: row.primary_email,
    orderCount: Number(row.order_count),
    lifetimeValueMinor: Number(row.lifetime_value_minor),
    currency,
    lastOrderAt: iso(row.last_order_at),
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export function orderToView(order: Order): OrderView {
  return {
    id: order.id,
    externalRef: order.external_ref,
    product: order.product,
    category: order.category,
    amountMinor: Number(order.amount_minor),
    marginMinor: order.margin_minor === null ? null : Number(order.margin_minor),
    currency: order.currency,
    status: order.status,
    orderedAt: new Date(order.ordered_at).toISOString(),
  };
}

/** What the audit log keeps of a customer: the editable fields, in API names. */
export function customerSnapshot(row: {
  name: string;
  company: string | null;
  gender: string | null;
  birthday: string | Date | null;
  province: string | null;
  city: string | null;
  tags: string[];
  do_not_call: boolean;
  marketing_opt_in: boolean;
  notes: string | null;
  external_ref: string | null;
  referred_by_id: string | null;
}): Record<string, unknown> {
  return {
    name: row.name,
    company: row.company,
    gender: row.gender,
    birthday: row.birthday === null ? null : dateOnly(row.birthday),
    province: row.province,
    city: row.city,
    tags: row.tags,
    doNotCall: row.do_not_call,
    marketingOptIn: row.marketing_opt_in,
    notes: row.notes,
    externalRef: row.external_ref,
    referredById: row.referred_by_id,
  };
}

/** A `date` column as YYYY-MM-DD, whether the driver gave a Date or a string. */
export function dateOnly(value: string | Date): string {
  if (typeof value === 'string') return value.slice(0, 10);
  const y = value.getFullYear();
  const m = String(value.getMonth() + 1).padStart(2, '0');
  const d = String(value.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}
