import { z } from 'zod';
import { callView } from '../channels/voice/calls/voice-calls.schemas.ts';

/** HTTP request and response shapes of the customers slice (camelCase JSON). */
const trimmed = (max: number) => z.string().trim().min(1).max(max);
const tag = z.string().trim().min(1).max(40);

export const contactKind = z.enum(['phone', 'email', 'chat']);

export const contactInput = z.strictObject({
  kind: contactKind,
  value: z.string().trim().min(1).max(254),
  label: trimmed(40).nullish(),
  isPrimary: z.boolean().optional(),
});

const customerFields = {
  name: trimmed(100),
  company: trimmed(200).nullish(),
  gender: z.enum(['male', 'female', 'other']).nullish(),
  birthday: z.iso.date().nullish(),
  province: trimmed(40).nullish(),
  city: trimmed(40).nullish(),
  tags: z.array(tag).max(30).optional(),
  doNotCall: z.boolean().optional(),
  marketingOptIn: z.boolean().optional(),
  notes: z.string().max(4000).nullish(),
  externalRef: trimmed(64).nullish(),
  referredById: z.uuid().nullish(),
};

export const createCustomerBody = z.strictObject({
  ...customerFields,
  contacts: z.array(contactInput).max(20).optional(),
});
export type CreateCustomerBody = z.infer<typeof createCustomerBody>;

export const updateCustomerBody = z
  .strictObject({
    ...customerFields,
    name: customerFields.name.optional(),
    /** Optional optimistic lock: the version the client last saw. */
    version: z.number().int().positive().optional(),
  })
  .refine((body) => Object.keys(body).some((key) => key !== 'version'), { message: 'Nothing to change' });
export type UpdateCustomerBody = z.infer<typeof updateCustomerBody>;

const boolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const listCustomersQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  tag: z.string().trim().max(40).optional(),
  province: z.string().trim().max(40).optional(),
  city: z.string().trim().max(40).optional(),
  doNotCall: boolQuery.optional(),
  marketingOptIn: boolQuery.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export type ListCustomersQuery = z.infer<typeof listCustomersQuery>;

export const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export const idParams = z.strictObject({ id: z.uuid() });
export const contactParams = z.strictObject({ id: z.uuid(), contactId: z.uuid() });

export const contactView = z.object({
  id: z.string(),
  kind: contactKind,
  value: z.string(),
  masked: z.boolean(),
  label: z.string().nullable(),
  isPrimary: z.boolean(),
  createdAt: z.string(),
});
export type ContactView = z.infer<typeof contactView>;

export const customerSummaryView = z.object({
  id: z.string(),
  name: z.string(),
  company: z.string().nullable(),
  province: z.string().nullable(),
  city: z.string().nullable(),
  tags: z.array(z.string()),
  doNotCall: z.boolean(),
  marketingOptIn: z.boolean(),
  primaryPhone: z.string().nullable(),
  primaryEmail: z.string().nullable(),
  orderCount: z.number(),
  lifetimeValueMinor: z.number(),
  currency: z.string(),
  lastOrderAt: z.string().nullable(),
  createdAt: z.string(),
});
export type CustomerSummaryView = z.infer<typeof customerSummaryView>;

export const customerView = customerSummaryView.extend({
  gender: z.enum(['male', 'female', 'other']).nullable(),
  birthday: z.string().nullable(),
  notes: z.string().nullable(),
  externalRef: z.string().nullable(),
  referredBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  contacts: z.array(contactView),
  updatedAt: z.string(),
  version: z.number(),
});
export type CustomerView = z.infer<typeof customerView>;

export const orderInput = z.strictObject({
  product: trimmed(200),
  category: trimmed(100).nullish(),
  amountMinor: z.number().int().min(0).max(1e13),
  marginMinor: z.number().int().min(-1e13).max(1e13).nullish(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as CNY')
    .optional(),
  orderedAt: z.iso.datetime({ offset: true }).or(z.iso.date()),
  status: z.enum(['completed', 'refunded', 'cancelled']).optional(),
  externalRef: trimmed(64).nullish(),
});
export type OrderInput = z.infer<typeof orderInput>;

export const orderParams = z.strictObject({ id: z.uuid(), orderId: z.uuid() });
export const orderStatusInput = z.strictObject({
  status: z
    .enum(['completed', 'refunded', 'cancelled'])
    .describe('refunded or cancelled; completed undoes it'),
});

export const orderView = z.object({
  id: z.string(),
  externalRef: z.string().nullable(),
  product: z.string(),
  category: z.string().nullable(),
  amountMinor: z.number(),
  marginMinor: z.number().nullable(),
  currency: z.string(),
  status: z.enum(['completed', 'refunded', 'cancelled']),
  orderedAt: z.string(),
});
export type OrderView = z.infer<typeof orderView>;

export const auditView = z.object({
  id: z.string(),
  action: z.string(),
  actorName: z.string(),
  at: z.string(),
  changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
});

export const timelineItem = z.object({
  kind: z.enum(['order', 'audit', 'interaction', 'stage']),
  at: z.string(),
  title: z.string(),
  detail: z.string().nullable(),
  refId: z.string(),
  transcript: z
    .array(z.object({ author: z.enum(['customer', 'agent', 'system']), body: z.string(), at: z.string() }))
    .optional()
    .describe('Interactions: the conversation, oldest message first'),
  call: callView
    .optional()
    .describe('Voice interactions: the call and its recording (when the reader may play it)'),
});

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
