import type { Kysely } from 'kysely';
import nodemailer from 'nodemailer';
import type { Config } from '../../kernel/config.ts';
import type { DB } from '../../kernel/db/schema.ts';
import { type TenantTx, withTenant } from '../../kernel/db/tenant-scope.ts';
import { AppError } from '../../kernel/http/errors.ts';
import { enqueueJob, type Job } from '../../kernel/jobs/job-queue.ts';
import { addMessage } from '../../routing/interaction.service.ts';
import { findInteraction } from '../../routing/interaction.store.ts';
import type { ConversationRow } from './conversation.store.ts';
import { renderTranscript, type TranscriptLine } from './transcript-mail.ts';

/**
 * "Email me the transcript": the request is recorded with the conversation, and a durable
 * job sends it over the configured SMTP server (so it survives a restart and is retried if
 * the mail server is down). Without an SMTP server nothing can be sent: the request is kept
 * as `not_configured`, the team reads a note on the interaction, and the visitor is told.
 */
export const TRANSCRIPT_JOB = 'webchat.transcript';

/** A visitor may ask this many times per chat (the address is theirs to choose: no mail relay). */
const MAX_REQUESTS_PER_CHAT = 3;

export interface TranscriptAnswer {
  status: 'queued' | 'not_configured';
  email: string;
  message: string;
}

export async function requestTranscript(
  tx: TenantTx,
  tenantId: string,
  conversation: ConversationRow,
  email: string | undefined,
  smtpConfigured: boolean,
): Promise<TranscriptAnswer & { jobId: number | null }> {
  const row = await findInteraction(tx, conversation.interaction_id, { forUpdate: true });
  if (!row) throw new AppError('CONVERSATION_ENDED');
  const to = email ?? row.contact_email;
  if (!to) {
    throw new AppError('VALIDATION_FAILED', 'email: give the address to send the transcript to', [
      { path: 'email', message: 'required (none was given when the chat started)' },
    ]);
  }
  const earlier = await tx
    .selectFrom('webchat_transcript_requests')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('conversation_id', '=', conversation.id)
    .executeTakeFirstOrThrow();
  if (Number(earlier.n) >= MAX_REQUESTS_PER_CHAT) {
    throw new AppError(
      'RATE_LIMITED',
      `The transcript of a chat can be sent ${MAX_REQUESTS_PER_CHAT} times`,
      {
        limit: 'transcript',
      },
    );
  }
  const status = smtpConfigured ? 'queued' : 'not_configured';
  const request = await tx
    .insertInto('webchat_transcript_requests')
    .values({ tenant_id: tenantId, conversation_id: conversation.id, email: to, status })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (!smtpConfigured) {
    if (['queued', 'offered', 'active', 'wrap_up'].includes(row.status)) {
      await addMessage(tx, tenantId, row, {
        author: 'system',
        authorUserId: null,
        body: `The visitor asked for the transcript by email (${to}), but no SMTP server is set up (HOTLINE_SMTP_URL): please send it another way`,
      });
    }
    return {
      status,
      email: to,
      jobId: null,
      message:
        'Email is not set up on this service, so the transcript cannot be sent now; your request was recorded and the team will follow up',
    };
  }
  const jobId = await enqueueJob(tx, { kind: TRANSCRIPT_JOB, tenantId, payload: { requestId: request.id } });
  await tx
    .updateTable('webchat_transcript_requests')
    .set({ job_id: jobId })
    .where('id', '=', request.id)
    .execute();
  return { status, email: to, jobId, message: `The transcript will be sent to ${to}` };
}

/** The job that sends one transcript request. */
export function transcriptJob(config: Pick<Config, 'smtpUrl' | 'smtpFrom'>) {
  return async (db: Kysely<DB>, job: Job) => {
    const requestId = String((job.payload as { requestId?: unknown }).requestId ?? '');
    const tenantId = job.tenant_id;
    if (!tenantId || !requestId) throw new Error('a transcript job names its tenant and request');
    const mail = await withTenant(db, tenantId, (tx) => loadTranscript(tx, requestId));
    if (!mail) return { skipped: 'request gone' };
    if (!config.smtpUrl) {
      await mark(db, tenantId, requestId, { status: 'not_configured', error: null });
      return { sent: false, reason: 'no SMTP server is set up' };
    }
    try {
      const transport = nodemailer.createTransport(config.smtpUrl);
      const info = await transport.sendMail({ from: config.smtpFrom, to: mail.to, ...mail.content });
      transport.close();
      await mark(db, tenantId, requestId, { status: 'sent', error: null, sent_at: new Date() });
      return { sent: true, messageId: info.messageId };
    } catch (err) {
      await mark(db, tenantId, requestId, { status: 'failed', error: (err as Error).message.slice(0, 1000) });
      throw err;
    }
  };
}

async function mark(
  db: Kysely<DB>,
  tenantId: string,
  id: string,
  set: { status: 'sent' | 'failed' | 'not_configured'; error: string | null; sent_at?: Date },
) {
  await withTenant(db, tenantId, (tx) =>
    tx.updateTable('webchat_transcript_requests').set(set).where('id', '=', id).execute(),
  );
}

async function loadTranscript(tx: TenantTx, requestId: string) {
  const request = await tx
    .selectFrom('webchat_transcript_requests as r')
    .innerJoin('webchat_conversations as c', 'c.id', 'r.conversation_id')
    .innerJoin('webchat_sites as s', 's.id', 'c.site_id')
    .innerJoin('tenants as t', 't.id', 'r.tenant_id')
    .select(['r.email', 'c.interaction_id', 'c.locale', 's.name as site_name', 't.time_zone'])
    .where('r.id', '=', requestId)
    .executeTakeFirst();
  if (!request) return null;
  const messages = await tx
    .selectFrom('interaction_messages as m')
    .leftJoin('users as u', 'u.id', 'm.author_user_id')
    .select(['m.author', 'm.body', 'm.attachments', 'm.created_at', 'u.display_name'])
    .where('m.interaction_id', '=', request.interaction_id)
    .where('m.author', 'in', ['customer', 'agent'])
    .orderBy('m.id')
    .execute();
  const lines: TranscriptLine[] = messages.map((m) => ({
    author: m.author as TranscriptLine['author'],
    agentName: m.display_name,
    body: m.body,
    at: new Date(m.created_at),
    images: (Array.isArray(m.attachments) ? (m.attachments as { name?: unknown }[]) : []).map((a) =>
      String(a.name ?? ''),
    ),
  }));
  return {
    to: request.email,
    content: renderTranscript({
      siteName: request.site_name,
      locale: request.locale,
      timeZone: request.time_zone,
      lines,
    }),
  };
}
