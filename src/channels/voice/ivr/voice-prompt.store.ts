import type { TenantTx } from '../../../kernel/db/tenant-scope.ts';
import type { PromptLanguage } from '../prompts/prompt-catalog.ts';

/** SQL of uploaded voice prompts (`voice_prompts`: 8 kHz mono 16-bit PCM, soft-deleted). */

export interface VoicePromptRecord {
  id: string;
  name: string;
  language: PromptLanguage;
  durationMs: number;
  createdAt: Date;
}

const COLUMNS = ['id', 'name', 'language', 'duration_ms', 'created_at'] as const;

const toRecord = (r: {
  id: string;
  name: string;
  language: PromptLanguage;
  duration_ms: number;
  created_at: Date;
}): VoicePromptRecord => ({
  id: r.id,
  name: r.name,
  language: r.language,
  durationMs: r.duration_ms,
  createdAt: r.created_at,
});

/** Live prompts of the tenant, newest first (without their audio). */
export async function loadVoicePrompts(tx: TenantTx): Promise<VoicePromptRecord[]> {
  const rows = await tx
    .selectFrom('voice_prompts')
    .select(COLUMNS)
    .where('deleted_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(toRecord);
}

export async function findVoicePrompt(tx: TenantTx, id: string): Promise<VoicePromptRecord | undefined> {
  const row = await tx
    .selectFrom('voice_prompts')
    .select(COLUMNS)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row && toRecord(row);
}

/**
 * A prompt's audio: 8 kHz mono 16-bit little-endian PCM, for the call to play (or
 * undefined when it is gone). The live call resolves `{ source: 'uploaded', promptId }` here.
 */
export async function loadVoicePromptPcm(
  tx: TenantTx,
  id: string,
): Promise<{ pcm: Int16Array; language: PromptLanguage } | undefined> {
  const row = await tx
    .selectFrom('voice_prompts')
    .select(['pcm', 'language'])
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const bytes = new Uint8Array(row.pcm);
  const pcm = new Int16Array(bytes.length >> 1);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < pcm.length; i++) pcm[i] = view.getInt16(i * 2, true);
  return { pcm, language: row.language };
}

/** The raw PCM bytes as stored (little-endian), for serving as a WAV. */
export async function loadVoicePromptBytes(tx: TenantTx, id: string): Promise<Uint8Array | undefined> {
  const row = await tx
    .selectFrom('voice_prompts')
    .select('pcm')
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row && new Uint8Array(row.pcm);
}

export async function insertVoicePrompt(
  tx: TenantTx,
  tenantId: string,
  prompt: {
    name: string;
    language: PromptLanguage;
    pcm: Uint8Array;
    durationMs: number;
    createdBy: string | null;
  },
): Promise<string> {
  const row = await tx
    .insertInto('voice_prompts')
    .values({
      tenant_id: tenantId,
      name: prompt.name,
      language: prompt.language,
      pcm: Buffer.from(prompt.pcm.buffer, prompt.pcm.byteOffset, prompt.pcm.byteLength),
      duration_ms: prompt.durationMs,
      created_by: prompt.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function softDeleteVoicePrompt(tx: TenantTx, id: string) {
  await tx.updateTable('voice_prompts').set({ deleted_at: new Date() }).where('id', '=', id).execute();
}
