import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ADMINS, MANAGERS } from '../../../kernel/auth/roles.ts';
import type { AppDeps } from '../../../kernel/http/app.ts';
import { AppError, notFound } from '../../../kernel/http/errors.ts';
import { createIdempotent, inTenant } from '../../../kernel/http/request-context.ts';
import { TELEPHONE_SAMPLE_RATE, wavHeader } from '../media/wav.ts';
import {
  createIvrMenuBody,
  type IvrMenuView,
  idParams,
  ivrMenuView,
  PROMPT_UPLOAD_TYPES,
  updateIvrMenuBody,
  uploadPromptQuery,
  type VoicePromptView,
  voicePromptView,
} from './ivr.schemas.ts';
import { createIvrMenu, deleteIvrMenu, updateIvrMenu } from './ivr-menu.service.ts';
import { findIvrMenu, type IvrMenuRecord, loadIvrMenus } from './ivr-menu.store.ts';
import { multipartFile } from './multipart-file.ts';
import {
  deleteVoicePrompt,
  MAX_PROMPT_BYTES,
  MAX_PROMPT_SECONDS,
  menusUsingPrompt,
  uploadVoicePrompt,
} from './voice-prompt.service.ts';
import { loadVoicePromptBytes, loadVoicePrompts, type VoicePromptRecord } from './voice-prompt.store.ts';

const tags = ['voice'];

/**
 * /api/v1/voice/ivr-menus and /api/v1/voice/prompts: the menus callers hear and the WAV
 * prompts admins upload for them. Admins change them; supervisors read and listen.
 */
export function ivrRoutes(app: FastifyInstance, { db }: AppDeps) {
  // Own plugin scope: the WAV and multipart body parsers apply to these routes only.
  void app.register(async (scope) => {
    scope.addContentTypeParser(
      [...PROMPT_UPLOAD_TYPES, 'multipart/form-data'],
      { parseAs: 'buffer', bodyLimit: MAX_PROMPT_BYTES + 64 * 1024 },
      (_r, body, done) => done(null, body),
    );
    const api = scope.withTypeProvider<ZodTypeProvider>();

    api.get(
      '/api/v1/voice/ivr-menus',
      {
        config: { roles: MANAGERS },
        schema: {
          tags,
          summary: 'IVR menus of this tenant, by name, with the numbers using each',
          response: { 200: z.object({ items: z.array(ivrMenuView) }) },
        },
      },
      async (request) =>
        inTenant(db, request, async ({ tx }) => ({ items: (await loadIvrMenus(tx)).map(menuToView) })),
    );

    api.get(
      '/api/v1/voice/ivr-menus/:id',
      {
        config: { roles: MANAGERS },
        schema: { tags, summary: 'One IVR menu', params: idParams, response: { 200: ivrMenuView } },
      },
      async (request) =>
        inTenant(db, request, async ({ tx }) => {
          const menu = await findIvrMenu(tx, request.params.id);
          if (!menu) throw notFound('IVR menu');
          return menuToView(menu);
        }),
    );

    api.post(
      '/api/v1/voice/ivr-menus',
      {
        config: { roles: ADMINS },
        schema: {
          tags,
          summary: 'Add an IVR menu (honours Idempotency-Key); its queues must take voice, its prompts exist',
          body: createIvrMenuBody,
          response: { 201: ivrMenuView },
        },
      },
      async (request, reply) =>
        createIdempotent(db, request, reply, async (s) => menuToView(await createIvrMenu(s, request.body))),
    );

    api.patch(
      '/api/v1/voice/ivr-menus/:id',
      {
        config: { roles: ADMINS },
        schema: {
          tags,
          summary: 'Rename an IVR menu or replace its definition',
          params: idParams,
          body: updateIvrMenuBody,
          response: { 200: ivrMenuView },
        },
      },
      async (request) =>
        inTenant(db, request, async (s) =>
          menuToView(await updateIvrMenu(s, request.params.id, request.body)),
        ),
    );

    api.delete(
      '/api/v1/voice/ivr-menus/:id',
      {
        config: { roles: ADMINS },
        schema: {
          tags,
          summary: 'Delete an IVR menu no hotline number uses (409 otherwise)',
          params: idParams,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await inTenant(db, request, (s) => deleteIvrMenu(s, request.params.id));
        reply.code(204);
        return null;
      },
    );

    api.get(
      '/api/v1/voice/prompts',
      {
        config: { roles: MANAGERS },
        schema: {
          tags,
          summary: 'Uploaded prompts, newest first, with their length and the menus that play them',
          response: { 200: z.object({ items: z.array(voicePromptView) }) },
        },
      },
      async (request) =>
        inTenant(db, request, async (s) => {
          const usage = await menusUsingPrompt(s);
          return { items: (await loadVoicePrompts(s.tx)).map((p) => promptToView(p, usage.get(p.id) ?? [])) };
        }),
    );

    api.post(
      '/api/v1/voice/prompts',
      {
        config: { roles: ADMINS },
        bodyLimit: MAX_PROMPT_BYTES + 64 * 1024,
        schema: {
          tags,
          summary: `Upload a WAV prompt (up to ${MAX_PROMPT_SECONDS} s): the raw file as the body (audio/wav) or a multipart form with one file`,
          description:
            'Any WAV an audio tool writes (8–384 kHz, mono or stereo, 8/16/24/32-bit, float, G.711, IMA ADPCM) is converted to 8 kHz mono for calls. A file that cannot be used is a 4xx whose details.reason says why: not-wav, corrupt, unsupported-format, too-long, too-large, empty.',
          querystring: uploadPromptQuery,
          consumes: [...PROMPT_UPLOAD_TYPES, 'multipart/form-data'],
          response: { 201: voicePromptView },
        },
      },
      async (request, reply) => {
        const upload = uploadOf(request.body, request.headers['content-type'] ?? '');
        const name =
          request.query.name ??
          upload.name
            ?.replace(/\.wav$/i, '')
            .trim()
            .slice(0, 100) ??
          'prompt';
        const prompt = await inTenant(db, request, (s) =>
          uploadVoicePrompt(s, {
            bytes: upload.bytes,
            name: name || 'prompt',
            language: request.query.language,
          }),
        );
        reply.code(201);
        return promptToView(prompt, []);
      },
    );

    api.get(
      '/api/v1/voice/prompts/:id/audio',
      {
        config: { roles: MANAGERS },
        schema: {
          tags,
          summary: 'The prompt as callers hear it: an 8 kHz mono 16-bit WAV',
          params: idParams,
          produces: ['audio/wav'],
        },
      },
      async (request, reply) => {
        const pcm = await inTenant(db, request, ({ tx }) => loadVoicePromptBytes(tx, request.params.id));
        if (!pcm) throw notFound('Prompt');
        reply
          .type('audio/wav')
          .header('cache-control', 'private, max-age=3600')
          .header('content-disposition', `inline; filename="prompt-${request.params.id}.wav"`);
        return Buffer.concat([wavHeader(pcm.length, TELEPHONE_SAMPLE_RATE, 1), pcm]);
      },
    );

    api.delete(
      '/api/v1/voice/prompts/:id',
      {
        config: { roles: ADMINS },
        schema: {
          tags,
          summary: 'Delete a prompt no IVR menu plays (409 otherwise)',
          params: idParams,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await inTenant(db, request, (s) => deleteVoicePrompt(s, request.params.id));
        reply.code(204);
        return null;
      },
    );
  });
}

function uploadOf(body: unknown, contentType: string): { bytes: Uint8Array; name: string | null } {
  if (!Buffer.isBuffer(body) || body.length === 0) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      'Send the WAV file as the body (Content-Type: audio/wav) or as a multipart/form-data file',
    );
  }
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) return { bytes: body, name: null };
  const file = multipartFile(body, contentType);
  if (!file)
    throw new AppError('VALIDATION_FAILED', 'The multipart form holds no file', { reason: 'no-file' });
  return file;
}

function menuToView(menu: IvrMenuRecord): IvrMenuView {
  return {
    id: menu.id,
    name: menu.name,
    definition: menu.definition,
    numbers: menu.numbers,
    createdAt: menu.createdAt.toISOString(),
    updatedAt: menu.updatedAt.toISOString(),
  };
}

function promptToView(prompt: VoicePromptRecord, usedBy: { id: string; name: string }[]): VoicePromptView {
  return {
    id: prompt.id,
    name: prompt.name,
    language: prompt.language,
    durationMs: prompt.durationMs,
    usedBy,
    createdAt: prompt.createdAt.toISOString(),
  };
}
