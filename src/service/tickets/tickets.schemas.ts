import { z } from 'zod';
import { limitQuery } from '../../kernel/http/pagination.ts';
import { fieldDefinitions } from './ticket-fields.ts';

export const ticketType = z.enum(['inquiry', 'complaint', 'repair', 'other']);
export const ticketStatus = z.enum([
  'new',
  'open',
  'pending_customer',
  'pending_third_party',
  'resolved',
  'closed',
  'reopened',
]);
export const ticketPriority = z.enum(['low', 'normal', 'high', 'urgent']);

const fieldValues = z.record(
  z.string().max(40),
  z.union([z.string().max(2000), z.number().finite(), z.null()]),
);
const resolutionCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,49}$/, 'a resolution code (letters, digits, _ . -)');

export const idParams = z.strictObject({ id: z.uuid() });
export const typeParams = z.strictObject({ type: ticketType });

export const complaintCategory = z.enum([
  'product_quality',
  'delivery',
  'installation',
  'service_attitude',
  'billing',
  'other',
]);
export const complaintBody = z.strictObject({
  category: complaintCategory,
  product: z.string().trim().min(1).max(200).nullish(),
  severity: z.enum(['minor', 'major', 'critical']).default('major'),
  compensationMinor: z
    .number()
    .int()
    .min(0)
    .max(1e12)
    .nullish()
    .describe('Compensation offered, in minor units'),
  compensationNote: z.string().trim().max(1000).nullish(),
});
export const complaintPatch = z
  .strictObject({
    category: complaintCategory.optional(),
    product: z.string().trim().min(1).max(200).nullable().optional(),
    severity: z.enum(['minor', 'major', 'critical']).optional(),
    compensationMinor: z.number().int().min(0).max(1e12).nullable().optional(),
    compensationNote: z.string().trim().max(1000).nullable().optional(),
    accepted: z.boolean().nullable().optional().describe('Whether the customer accepted the resolution'),
  })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');

export const createTicketBody = z
  .strictObject({
    type: ticketType,
    subject: z.string().trim().min(1).max(200),
    description: z.string().trim().max(10_000).nullish(),
    priority: ticketPriority.default('normal'),
    customerId: z.uuid().nullish(),
    /** The interaction it comes from: its customer, channel and queue are the ticket's defaults. */
    interactionId: z.uuid().nullish(),
    queueId: z.uuid().nullish(),
    ownerId: z.uuid().nullish(),
    customFields: fieldValues.default({}),
    /** A complaint's own facts: required for type 'complaint', refused for others. */
    complaint: complaintBody.optional(),
  })
  .superRefine((b, ctx) => {
    if (b.type === 'complaint' && !b.complaint)
      ctx.addIssue({ code: 'custom', path: ['complaint'], message: 'a complaint needs its category' });
    if (b.type !== 'complaint' && b.complaint)
      ctx.addIssue({ code: 'custom', path: ['complaint'], message: 'only for type complaint' });
  });
export type CreateTicketBody = z.infer<typeof createTicketBody>;

export const updateTicketBody = z
  .strictObject({
    version: z.number().int().positive().optional(),
    subject: z.string().trim().min(1).max(200).optional(),
    status: ticketStatus.optional(),
    priority: ticketPriority.optional(),
    ownerId: z.uuid().nullable().optional(),
    queueId: z.uuid().nullable().optional(),
    customFields: fieldValues.optional(),
    resolutionCode: resolutionCode.optional(),
    resolutionSummary: z.string().trim().max(5000).nullable().optional(),
    complaint: complaintPatch.optional(),
  })
  .refine((b) => Object.keys(b).some((k) => k !== 'version'), 'nothing to change');
export type UpdateTicketBody = z.infer<typeof updateTicketBody>;

export const noteBody = z.strictObject({ body: z.string().trim().min(1).max(10_000) });
export const linkBody = z.strictObject({ interactionId: z.uuid() });
export const mergeBody = z.strictObject({ intoId: z.uuid() });
export const fieldsBody = z.strictObject({ fields: fieldDefinitions });

export const listTicketsQuery = z.strictObject({
  limit: limitQuery,
  cursor: z.string().optional(),
  status: z
    .string()
    .transform((s) => s.split(','))
    .pipe(z.array(ticketStatus))
    .optional()
    .describe('One status or several, comma-separated'),
  type: ticketType.optional(),
  ownerId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  interactionId: z.uuid().optional(),
});

const at = z.string().nullable();
export const ticketView = z.object({
  id: z.string(),
  number: z.string(),
  type: ticketType,
  subject: z.string(),
  description: z.string().nullable(),
  status: ticketStatus,
  priority: ticketPriority,
  customerId: z.string().nullable(),
  customerName: z.string().nullable(),
  owner: z.object({ id: z.string(), name: z.string() }).nullable(),
  queueId: z.string().nullable(),
  channel: z.string().nullable(),
  customFields: z.record(z.string(), z.unknown()),
  resolutionCode: z.string().nullable(),
  resolutionSummary: z.string().nullable(),
  mergedIntoId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  firstRespondedAt: at,
  resolvedAt: at,
  closedAt: at,
  version: z.number(),
  firstResponseDueAt: at.describe('When the first response falls due (SLA), as last evaluated'),
  resolutionDueAt: at,
  slaBreached: z.boolean().describe('A first-response or resolution target was missed'),
});

const clockView = z.object({
  state: z.enum(['running', 'paused', 'met', 'breached', 'met_late']),
  elapsedMs: z.number(),
  remainingMs: z.number(),
  dueAt: at,
  warnAt: at,
  breachedAt: at,
  warning: z.boolean(),
});

export const ticketDetailView = ticketView.extend({
  complaint: z
    .object({
      category: complaintCategory,
      product: z.string().nullable(),
      severity: z.enum(['minor', 'major', 'critical']),
      compensationMinor: z.number().nullable(),
      compensationNote: z.string().nullable(),
      accepted: z.boolean().nullable(),
      hoursToResolve: z.number().nullable().describe('Opened to resolved, in hours'),
    })
    .nullable(),
  sla: z
    .object({
      policy: z.object({ id: z.string(), name: z.string() }),
      firstResponse: clockView,
      resolution: clockView,
    })
    .nullable()
    .describe('The clocks now, in the queue’s business hours, paused while waiting on the customer'),
  interactions: z.array(
    z.object({ id: z.string(), channel: z.string(), status: z.string(), linkedAt: z.string() }),
  ),
  events: z.array(
    z.object({
      kind: z.string(),
      at: z.string(),
      author: z.object({ id: z.string(), name: z.string() }).nullable(),
      body: z.string().nullable(),
      detail: z.record(z.string(), z.unknown()),
    }),
  ),
});
