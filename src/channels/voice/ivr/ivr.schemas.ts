import { z } from 'zod';
import { ivrMenuDefinition } from './ivr-menu.schema.ts';

/** HTTP request and response shapes of IVR menus and uploaded voice prompts. */

export const idParams = z.strictObject({ id: z.uuid() });
const name = z.string().trim().min(1).max(100);

export const createIvrMenuBody = z.strictObject({ name, definition: ivrMenuDefinition });
export type CreateIvrMenuBody = z.infer<typeof createIvrMenuBody>;

export const updateIvrMenuBody = z
  .strictObject({ name: name.optional(), definition: ivrMenuDefinition.optional() })
  .refine((body) => body.name !== undefined || body.definition !== undefined, 'Nothing to change');
export type UpdateIvrMenuBody = z.infer<typeof updateIvrMenuBody>;

export const ivrMenuView = z.object({
  id: z.string(),
  name: z.string(),
  definition: z.unknown().describe('The definition with every default filled in'),
  numbers: z.array(z.string()).describe('Hotline numbers that answer with this menu'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type IvrMenuView = z.infer<typeof ivrMenuView>;

export const PROMPT_UPLOAD_TYPES = ['audio/wav', 'audio/x-wav', 'audio/wave', 'audio/vnd.wave'] as const;

export const uploadPromptQuery = z.strictObject({
  name: name.optional().describe('Defaults to the uploaded file name (multipart) or "prompt"'),
  language: z.enum(['zh', 'en']).describe('The language the prompt is spoken in'),
});

export const voicePromptView = z.object({
  id: z.string(),
  name: z.string(),
  language: z.enum(['zh', 'en']),
  durationMs: z.number(),
  usedBy: z.array(z.object({ id: z.string(), name: z.string() })).describe('IVR menus that play it'),
  createdAt: z.string(),
});
export type VoicePromptView = z.infer<typeof voicePromptView>;
