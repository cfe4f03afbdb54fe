import { writeAudit } from '../../../kernel/audit/audit-log.ts';
import { AppError, notFound } from '../../../kernel/http/errors.ts';
import type { TenantScope } from '../../../kernel/http/request-context.ts';
import { pcmToBytes, readWavAsTelephonePcm, WavError, type WavErrorCode } from '../media/wav.ts';
import type { PromptLanguage } from '../prompts/prompt-catalog.ts';
import { menuReferences } from './ivr-menu.schema.ts';
import { loadIvrMenus } from './ivr-menu.store.ts';
import {
  findVoicePrompt,
  insertVoicePrompt,
  softDeleteVoicePrompt,
  type VoicePromptRecord,
} from './voice-prompt.store.ts';

/** Uploaded prompts: converted to 8 kHz telephone audio on upload, audited, kept while a menu plays them. */
type Scope = Pick<TenantScope, 'tx' | 'tenantId' | 'actor'>;

/** Prompts are short; this also keeps the synchronous conversion well under a second. */
export const MAX_PROMPT_SECONDS = 120;
export const MAX_PROMPT_BYTES = 24 * 1024 * 1024;

/**
 * Converts an uploaded WAV (any rate, channels, depth, or G.711) to 8 kHz mono PCM and
 * stores it. A file Hotline cannot play is a 400 (415 when it is not a WAV at all, 413 when
 * too large) whose `details.reason` names the problem.
 */
export async function uploadVoicePrompt(
  scope: Scope,
  upload: { bytes: Uint8Array; name: string; language: PromptLanguage },
): Promise<VoicePromptRecord> {
  const audio = convert(upload.bytes);
  const id = await insertVoicePrompt(scope.tx, scope.tenantId, {
    name: upload.name,
    language: upload.language,
    pcm: pcmToBytes(audio.pcm),
    durationMs: audio.durationMs,
    createdBy: scope.actor.userId,
  });
  await writeAudit(scope.tx, scope.tenantId, scope.actor, {
    entityType: 'voice_prompt',
    entityId: id,
    action: 'voice_prompt_upload',
    after: {
      name: upload.name,
      language: upload.language,
      durationMs: audio.durationMs,
      source: audio.source,
    },
  });
  return (await findVoicePrompt(scope.tx, id))!;
}

/** Menus (id, name) that play the prompt. */
export async function menusUsingPrompt(
  scope: Pick<Scope, 'tx'>,
): Promise<Map<string, { id: string; name: string }[]>> {
  const usage = new Map<string, { id: string; name: string }[]>();
  for (const menu of await loadIvrMenus(scope.tx)) {
    for (const promptId of menuReferences(menu.definition).promptIds) {
      usage.set(promptId, [...(usage.get(promptId) ?? []), { id: menu.id, name: menu.name }]);
    }
  }
  return usage;
}

/** Deletes a prompt no menu plays (409 naming the menus otherwise). */
export async function deleteVoicePrompt(scope: Scope, id: string) {
  const current = await findVoicePrompt(scope.tx, id);
  if (!current) throw notFound('Prompt');
  const usedBy = (await menusUsingPrompt(scope)).get(id) ?? [];
  if (usedBy.length > 0) {
    throw new AppError(
      'CONFLICT',
      `Prompt "${current.name}" is played by IVR menu(s) ${usedBy.map((m) => `"${m.name}"`).join(', ')}`,
      { menus: usedBy },
    );
  }
  await softDeleteVoicePrompt(scope.tx, id);
  await writeAudit(scope.tx, scope.tenantId, scope.actor, {
    entityType: 'voice_prompt',
    entityId: id,
    action: 'voice_prompt_delete',
    before: { name: current.name, language: current.language, durationMs: current.durationMs },
  });
}

const WAV_ERROR_CODES: Record<
  WavErrorCode,
  'VALIDATION_FAILED' | 'UNSUPPORTED_MEDIA_TYPE' | 'PAYLOAD_TOO_LARGE'
> = {
  'not-wav': 'UNSUPPORTED_MEDIA_TYPE',
  corrupt: 'VALIDATION_FAILED',
  'unsupported-format': 'UNSUPPORTED_MEDIA_TYPE',
  'too-long': 'VALIDATION_FAILED',
  'too-large': 'PAYLOAD_TOO_LARGE',
  empty: 'VALIDATION_FAILED',
};

function convert(bytes: Uint8Array) {
  try {
    return readWavAsTelephonePcm(bytes, { maxSeconds: MAX_PROMPT_SECONDS, maxBytes: MAX_PROMPT_BYTES });
  } catch (err) {
    if (!(err instanceof WavError)) throw err;
    throw new AppError(WAV_ERROR_CODES[err.code], `The prompt cannot be used: ${err.message}`, {
      reason: err.code,
    });
  }
}
