import { z } from 'zod';

/** HTTP shapes of agents' SIP accounts (GET the settings, POST a new password). */

export const agentIdParams = z.strictObject({ id: z.uuid() });

// No body at all is fine (Fastify passes null): the server then generates the password.
export const newPasswordBody = z
  .strictObject({
    password: z
      .string()
      .min(12, 'at least 12 characters')
      .max(128, 'at most 128 characters')
      .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces, so any phone can take it')
      .optional()
      .describe('Your own password; absent: a strong one is generated'),
  })
  .nullish();
export type NewPasswordBody = z.infer<typeof newPasswordBody>;

const registration = z.object({
  contact: z.string(),
  transport: z.enum(['udp', 'tcp']),
  sourceAddress: z.string(),
  sourcePort: z.number(),
  userAgent: z.string().nullable(),
  expiresAt: z.string(),
});

export const sipAccountView = z.object({
  agentId: z.string(),
  username: z.string().nullable().describe('null until a first password is set'),
  realm: z.string(),
  serverAddress: z.string().nullable().describe('Where the phone registers; null: the SIP edge is off'),
  serverPort: z.number().nullable().describe('SIP port (UDP and TCP); null: the SIP edge is off'),
  transports: z.array(z.enum(['udp', 'tcp'])),
  registered: z.boolean().describe('A phone is registered now'),
  registrations: z.array(registration).describe('Live bindings, latest expiry first'),
  passwordSetAt: z.string().nullable(),
});
export type SipAccountView = z.infer<typeof sipAccountView>;

export const newPasswordView = sipAccountView.extend({
  password: z.string().describe('Shown this once; only its digests are kept'),
  created: z.boolean().describe('The account was created by this request'),
});
export type NewPasswordView = z.infer<typeof newPasswordView>;
