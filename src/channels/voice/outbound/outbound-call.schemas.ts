import { z } from 'zod';

/** HTTP shapes of POST /api/v1/voice/calls/outbound. */

export const outboundCallBody = z
  .strictObject({
    agentId: z.uuid().optional().describe('Whose phone rings first; supervisors only (default: yourself)'),
    customerId: z
      .uuid()
      .optional()
      .describe('The customer to call (their primary phone unless a number or contact is given)'),
    contactId: z
      .uuid()
      .optional()
      .describe("One of the customer's phone contacts (works with masked numbers)"),
    number: z
      .string()
      .trim()
      .min(3)
      .max(40)
      .optional()
      .describe('A number to dial, read in the tenant’s region'),
    callerId: z
      .string()
      .trim()
      .min(2)
      .max(30)
      .optional()
      .describe(
        "One of the tenant's numbers (or their outbound caller IDs) to show; default: the tenant's own",
      ),
  })
  .refine((b) => b.customerId || b.contactId || b.number, {
    message: 'Give a customerId, a contactId or a number',
    path: ['number'],
  });
export type OutboundCallBody = z.infer<typeof outboundCallBody>;

export const outboundCallView = z.object({
  callId: z.string().describe('The call record (GET /api/v1/voice/calls/:id)'),
  agentId: z.string(),
  customerId: z.string().nullable(),
  number: z.string().describe('The number dialled, E.164 (masked unless you see full numbers)'),
  callerId: z.string(),
  status: z
    .literal('ringing_agent')
    .describe("The agent's phone rings now; the customer is dialled once it is answered"),
});
export type OutboundCallView = z.infer<typeof outboundCallView>;
