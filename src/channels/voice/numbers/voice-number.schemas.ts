import { z } from 'zod';

/** HTTP shapes of a tenant's hotline numbers. */

const digits = z.string().regex(/^[0-9]{2,20}$/, 'digits only, 2 to 20 (no +, spaces or dashes)');

export const numberParams = z.strictObject({ number: digits });

const fields = {
  label: z.string().trim().min(1).max(100).nullable().describe('What callers reach, e.g. 售后热线'),
  queueId: z.uuid().nullable().describe('A queue of this tenant that takes voice'),
  ivrMenuId: z.uuid().nullable().describe('An IVR menu of this tenant; answers first when set'),
  outboundCallerId: z
    .string()
    .regex(/^\+?[0-9]{2,20}$/, 'a phone number: digits, optionally a leading +')
    .nullable()
    .describe('Shown to customers on outbound calls for this number'),
};

const queueOrMenu = {
  message: 'give a queueId or an ivrMenuId (or both)',
  path: ['queueId'],
};

export const createNumberBody = z
  .strictObject({
    number: digits.describe('Digits only (E.164 without +, or an extension); unique across tenants'),
    label: fields.label.default(null),
    queueId: fields.queueId.default(null),
    ivrMenuId: fields.ivrMenuId.default(null),
    outboundCallerId: fields.outboundCallerId.default(null),
  })
  .refine((b) => b.queueId !== null || b.ivrMenuId !== null, queueOrMenu);
export type CreateNumberBody = z.infer<typeof createNumberBody>;

export const updateNumberBody = z
  .strictObject({
    label: fields.label.optional(),
    queueId: fields.queueId.optional(),
    ivrMenuId: fields.ivrMenuId.optional(),
    outboundCallerId: fields.outboundCallerId.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'Nothing to change');
export type UpdateNumberBody = z.infer<typeof updateNumberBody>;

export const numberView = z.object({
  number: z.string(),
  label: z.string().nullable(),
  queueId: z.string().nullable(),
  ivrMenuId: z.string().nullable(),
  outboundCallerId: z.string().nullable(),
  createdAt: z.string(),
});
export type NumberView = z.infer<typeof numberView>;

/** The check a PATCH's result must pass too. */
export function routesSomewhere(n: { queueId: string | null; ivrMenuId: string | null }) {
  return n.queueId !== null || n.ivrMenuId !== null;
}
export const QUEUE_OR_MENU = queueOrMenu.message;
