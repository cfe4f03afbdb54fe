import { writeAudit } from '../kernel/audit/audit-log.ts';
import type { ContactKind, OrderStatus } from '../kernel/db/schema.ts';
import { emitEvent } from '../kernel/events/outbox.ts';
import { AppError, notFound } from '../kernel/http/errors.ts';
import type { TenantScope } from '../kernel/http/request-context.ts';
import { forgetStanding, refreshStanding } from '../lifecycle/customer-standing.ts';
import { normalizeContact, reversed } from './contact-value.ts';
import type {
  CreateCustomerBody,
  CustomerView,
  OrderInput,
  UpdateCustomerBody,
} from './customers.schemas.ts';
import { findContactByValue, findContacts, findCustomer, tenantDefaults } from './customers.store.ts';
import { contactToView, customerSnapshot, orderToView, summaryToView } from './customers.view.ts';

/**
 * Customer operations: each validates, changes rows, writes the audit entry and the
 * domain event in the caller's transaction. HTTP routes and the CSV import both use them.
 */
export type Scope = Pick<TenantScope, 'tx' | 'tenantId' | 'actor' | 'fullPhones'> & {
  /**
   * When set (a CSV import), customers whose value and stage need refreshing are collected
   * here and refreshed once at the end, instead of after every row.
   */
  deferStanding?: Set<string>;
};

/** Refreshes the customers' value tier and lifecycle stage now, or later for an import. */
async function standingChanged(scope: Scope, ...ids: (string | null | undefined)[]) {
  const present = ids.filter((id): id is string => !!id);
  if (scope.deferStanding) for (const id of present) scope.deferStanding.add(id);
  else await refreshStanding(scope.tx, scope.tenantId, present);
}

export interface ContactDraft {
  kind: ContactKind;
  value: string;
  label?: string | null | undefined;
  isPrimary?: boolean | undefined;
}

/** Normalises contacts and checks none is taken; throws a 400/409 naming the bad one. */
export async function prepareContacts(
  scope: Scope,
  drafts: ContactDraft[],
  region: string,
  ownerId?: string,
) {
  const prepared: { kind: ContactKind; value: string; label: string | null; isPrimary: boolean }[] = [];
  for (const [index, draft] of drafts.entries()) {
    const normalized = normalizeContact(draft.kind, draft.value, region);
    if (!normalized.ok) {
      throw new AppError(draft.kind === 'phone' ? 'INVALID_PHONE' : 'VALIDATION_FAILED', normalized.reason, [
        { path: `contacts.${index}.value`, message: normalized.reason },
      ]);
    }
    if (prepared.some((p) => p.kind === draft.kind && p.value === normalized.value)) continue;
    const taken = await findContactByValue(scope.tx, draft.kind, normalized.value);
    if (taken && taken.customer_id !== ownerId) {
      throw new AppError('DUPLICATE_CONTACT', `${draft.value} already belongs to another customer`, {
        path: `contacts.${index}.value`,
        customerId: taken.customer_id,
      });
    }
    if (taken) continue;
    prepared.push({
      kind: draft.kind,
      value: normalized.value,
      label: draft.label ?? null,
      isPrimary: !!draft.isPrimary,
    });
  }
  // The first contact of each kind is primary unless one was chosen.
  for (const kind of ['phone', 'email', 'chat'] as const) {
    const ofKind = prepared.filter((p) => p.kind === kind);
    if (ofKind.length > 0 && !ofKind.some((p) => p.isPrimary)) ofKind[0]!.isPrimary = true;
    ofKind
      .filter((p) => p.isPrimary)
      .forEach((p, i) => {
        p.isPrimary = i === 0;
      });
  }
  return prepared;
}

async function assertReferrer(scope: Scope, referredById: string | null | undefined, selfId?: string) {
  if (!referredById) return;
  if (referredById === selfId) throw new AppError('VALIDATION_FAILED', 'A customer cannot refer themselves');
  if (!(await findCustomer(scope.tx, referredById))) {
    throw new AppError('VALIDATION_FAILED', 'The referring customer does not exist', [
      { path: 'referredById', message: 'no such customer' },
    ]);
  }
}

export async function createCustomer(
  scope: Scope,
  input: CreateCustomerBody,
  source = 'api',
): Promise<string> {
  const { tx, tenantId } = scope;
  const { region } = await tenantDefaults(tx, tenantId);
  const contacts = await prepareContacts(scope, input.contacts ?? [], region);
  await assertReferrer(scope, input.referredById);
  const row = await tx
    .insertInto('customers')
    .values({
      tenant_id: tenantId,
      name: input.name,
      company: input.company ?? null,
      gender: input.gender ?? null,
      birthday: input.birthday ?? null,
      province: input.province ?? null,
      city: input.city ?? null,
      tags: dedupeTags(input.tags ?? []),
      do_not_call: input.doNotCall ?? false,
      marketing_opt_in: input.marketingOptIn ?? false,
      notes: input.notes ?? null,
      external_ref: input.externalRef ?? null,
      referred_by_id: input.referredById ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (contacts.length > 0) {
    await tx
      .insertInto('contacts')
      .values(
        contacts.map((c) => ({
          tenant_id: tenantId,
          customer_id: row.id,
          kind: c.kind,
          value: c.value,
          value_reversed: reversed(c.value),
          label: c.label,
          is_primary: c.isPrimary,
        })),
      )
      .execute();
  }
  const after = { ...customerSnapshot(row), contacts: contacts.map((c) => auditContact(c.kind, c.value)) };
  await writeAudit(tx, tenantId, scope.actor, {
    entityType: 'customer',
    entityId: row.id,
    action: 'create',
    after,
  });
  await emitEvent(tx, tenantId, {
    type: 'customer.created',
    aggregateType: 'customer',
    aggregateId: row.id,
    payload: { source, referredById: row.referred_by_id },
  });
  await standingChanged(scope, row.id, row.referred_by_id);
  return row.id;
}

const FIELD_COLUMNS = {
  name: 'name',
  company: 'company',
  gender: 'gender',
  birthday: 'birthday',
  province: 'province',
  city: 'city',
  tags: 'tags',
  doNotCall: 'do_not_call',
  marketingOptIn: 'marketing_opt_in',
  notes: 'notes',
  externalRef: 'external_ref',
  referredById: 'referred_by_id',
} as const;

/** Applies a partial update; returns false when nothing actually changed (nothing is written). */
export async function updateCustomer(scope: Scope, id: string, patch: UpdateCustomerBody): Promise<boolean> {
  const { tx, tenantId } = scope;
  const current = await findCustomer(tx, id, { forUpdate: true });
  if (!current) throw notFound('Customer');
  if (patch.version !== undefined && patch.version !== current.version) {
    throw new AppError('CONFLICT', 'Someone else changed this customer; reload and try again', {
      currentVersion: current.version,
    });
  }
  await assertReferrer(scope, patch.referredById, id);
  const before = customerSnapshot(current);
  const changes: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(FIELD_COLUMNS) as [keyof typeof FIELD_COLUMNS, string][]) {
    const value = patch[field];
    if (value === undefined) continue;
    const next = field === 'tags' ? dedupeTags(value as string[]) : value;
    if (JSON.stringify(next ?? null) !== JSON.stringify(before[field] ?? null))
      changes[column] = next ?? null;
  }
  if (Object.keys(changes).length === 0) return false;
  const updated = await tx
    .updateTable('customers')
    .set({ ...changes, updated_at: new Date(), version: current.version + 1 })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const after = customerSnapshot(updated);
  await writeAudit(tx, tenantId, scope.actor, {
    entityType: 'customer',
    entityId: id,
    action: 'update',
    before,
    after,
  });
  await emitEvent(tx, tenantId, {
    type: 'customer.updated',
    aggregateType: 'customer',
    aggregateId: id,
    payload: { fields: Object.keys(changes) },
  });
  // A referral counts towards the referrer's loyalty.
  if ('referred_by_id' in changes)
    await standingChanged(scope, current.referred_by_id, updated.referred_by_id);
  return true;
}

export async function deleteCustomer(scope: Scope, id: string) {
  const { tx, tenantId } = scope;
  const current = await findCustomer(tx, id, { forUpdate: true });
  if (!current) throw notFound('Customer');
  const now = new Date();
  await tx.updateTable('customers').set({ deleted_at: now, updated_at: now }).where('id', '=', id).execute();
  await forgetStanding(tx, id);
  // Free the contacts, so a number can belong to a new customer later.
  await tx
    .updateTable('contacts')
    .set({ deleted_at: now })
    .where('customer_id', '=', id)
    .where('deleted_at', 'is', null)
    .execute();
  await writeAudit(tx, tenantId, scope.actor, {
    entityType: 'customer',
    entityId: id,
    action: 'delete',
    before: customerSnapshot(current),
  });
  await emitEvent(tx, tenantId, {
    type: 'customer.deleted',
    aggregateType: 'customer',
    aggregateId: id,
    payload: {},
  });
  await standingChanged(scope, current.referred_by_id);
}

export async function addContact(scope: Scope, customerId: string, draft: ContactDraft) {
  const { tx, tenantId } = scope;
  if (!(await findCustomer(tx, customerId, { forUpdate: true }))) throw notFound('Customer');
  const { region } = await tenantDefaults(tx, tenantId);
  const [prepared] = await prepareContacts(scope, [draft], region, customerId);
  if (!prepared) throw new AppError('CONFLICT', 'This customer already has that contact');
  const existingOfKind = (await findContacts(tx, customerId)).filter((c) => c.kind === draft.kind);
  const isPrimary = existingOfKind.length === 0 || !!draft.isPrimary;
  if (isPrimary && existingOfKind.length > 0) {
    await tx
      .updateTable('contacts')
      .set({ is_primary: false })
      .where('customer_id', '=', customerId)
      .where('kind', '=', draft.kind)
      .execute();
  }
  const contact = await tx
    .insertInto('contacts')
    .values({
      tenant_id: tenantId,
      customer_id: customerId,
      kind: prepared.kind,
      value: prepared.value,
      value_reversed: reversed(prepared.value),
      label: prepared.label,
      is_primary: isPrimary,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await touch(scope, customerId);
  await writeAudit(tx, tenantId, scope.actor, {
    entityType: 'customer',
    entityId: customerId,
    action: 'contact_add',
    after: { contact: auditContact(contact.kind, contact.value), label: contact.label },
  });
  return contactToView(contact, scope.fullPhones);
}

export async function removeContact(scope: Scope, customerId: string, contactId: string) {
  const { tx, tenantId } = scope;
  const contact = (await findContacts(tx, customerId)).find((c) => c.id === contactId);
  if (!contact) throw notFound('Contact');
  await tx
    .updateTable('contacts')
    .set({ deleted_at: new Date(), is_primary: false })
    .where('id', '=', contactId)
    .execute();
  if (contact.is_primary) {
    const next = (await findContacts(tx, customerId)).find((c) => c.kind === contact.kind);
    if (next) await tx.updateTable('contacts').set({ is_primary: true }).where('id', '=', next.id).execute();
  }
  await touch(scope, customerId);
  await writeAudit(tx, tenantId, scope.actor, {
    entityType: 'customer',
    entityId: customerId,
    action: 'contact_remove',
    before: { contact: auditContact(contact.kind, contact.value), label: contact.label },
  });
}

/** Shows a masked number in full, and records who looked. */
export async function revealContact(scope: Scope, customerId: string, contactId: string) {
  const { tx, tenantId } = scope;
  const contact = (await findContacts(tx, customerId)).find((c) => c.id === contactId);
  if (!contact) throw notFound('Contact');
  await writeAudit(tx, tenantId, scope.actor, {
    entityType: 'customer',
    entityId: customerId,
    action: 'reveal_phone',
    after: { contact: auditContact(contact.kind, contact.value), label: contact.label },
  });
  return { value: contact.value };
}

export async function addOrder(scope: Scope, customerId: string, input: OrderInput) {
  const { tx, tenantId } = scope;
  if (!(await findCustomer(tx, customerId, { forUpdate: true }))) throw notFound('Customer');
  const { currency } = await tenantDefaults(tx, tenantId);
  const order = await tx
    .insertInto('orders')
    .values({
      tenant_id: tenantId,
      customer_id: customerId,
      product: input.product,
      category: input.category ?? null,
      amount_minor: input.amountMinor,
      margin_minor: input.marginMinor ?? null,
      currency: input.currency ?? currency,
      status: input.status ?? 'completed',
      ordered_at: new Date(input.orderedAt),
      external_ref: input.externalRef ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(tx, tenantId, scope.actor, {
    entityType: 'customer',
    entityId: customerId,
    action: 'order_add',
    after: {
      order: order.external_ref ?? order.id,
      product: order.product,
      amountMinor: order.amount_minor,
      currency: order.currency,
    },
  });
  await emitEvent(tx, tenantId, {
    type: 'order.created',
    aggregateType: 'customer',
    aggregateId: customerId,
    payload: { orderId: order.id, amountMinor: order.amount_minor, status: order.status },
  });
  await standingChanged(scope, customerId);
  return orderToView(order);
}

/** A refund or a cancellation (or its reversal): the tier and stage follow at once. */
export async function changeOrderStatus(
  scope: Scope,
  customerId: string,
  orderId: string,
  status: OrderStatus,
) {
  const { tx, tenantId } = scope;
  if (!(await findCustomer(tx, customerId, { forUpdate: true }))) throw notFound('Customer');
  const order = await tx
    .selectFrom('orders')
    .selectAll()
    .where('id', '=', orderId)
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  if (!order) throw notFound('Order');
  if (order.status === status) return orderToView(order);
  const updated = await tx
    .updateTable('orders')
    .set({ status, status_changed_at: new Date() })
    .where('id', '=', orderId)
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(tx, tenantId, scope.actor, {
    entityType: 'customer',
    entityId: customerId,
    action: 'order_status',
    before: { order: order.external_ref ?? order.id, status: order.status },
    after: { order: order.external_ref ?? order.id, status },
  });
  await emitEvent(tx, tenantId, {
    type: 'order.status_changed',
    aggregateType: 'customer',
    aggregateId: customerId,
    payload: { orderId, from: order.status, to: status },
  });
  await standingChanged(scope, customerId);
  return orderToView(updated);
}

export async function customerCard(scope: Scope, id: string): Promise<CustomerView> {
  const { tx, tenantId, fullPhones } = scope;
  const row = await findCustomer(tx, id);
  if (!row) throw notFound('Customer');
  // One transaction is one connection: query in sequence.
  const contacts = await findContacts(tx, id);
  const { currency } = await tenantDefaults(tx, tenantId);
  const referrer = row.referred_by_id ? await findCustomer(tx, row.referred_by_id) : undefined;
  return {
    ...summaryToView(row, currency, fullPhones),
    gender: row.gender,
    birthday: row.birthday,
    notes: row.notes,
    externalRef: row.external_ref,
    referredBy: referrer ? { id: referrer.id, name: referrer.name } : null,
    contacts: contacts.map((c) => contactToView(c, fullPhones)),
    updatedAt: new Date(row.updated_at).toISOString(),
    version: row.version,
  };
}

async function touch(scope: Scope, customerId: string) {
  await scope.tx
    .updateTable('customers')
    .set((eb) => ({ updated_at: new Date(), version: eb('version', '+', 1) }))
    .where('id', '=', customerId)
    .execute();
}

/** Audit entries are read by agents too, so phone numbers in them are kept masked. */
function auditContact(kind: ContactKind, value: string) {
  return kind === 'phone'
    ? `phone:${'*'.repeat(Math.max(value.length - 5, 3))}${value.slice(-4)}`
    : `${kind}:${value}`;
}

function dedupeTags(tags: string[]): string[] {
  return [...new Set(tags.map((t) => t.trim()).filter(Boolean))];
}
