import type { Kysely } from 'kysely';
import { createTransport } from 'nodemailer';
import type { Config } from '../../kernel/config.ts';
import type { DB } from '../../kernel/db/schema.ts';
import { type TenantTx, withTenant } from '../../kernel/db/tenant-scope.ts';
import { emitEvent } from '../../kernel/events/outbox.ts';
import { enqueueJob, type Job } from '../../kernel/jobs/job-queue.ts';
import { addMessage } from '../../routing/interaction.service.ts';
import { findInteraction } from '../../routing/interaction.store.ts';
import { isPermanent, retryDelayMs, type SendFailure } from './delivery-schedule.ts';
import { type EmailRow, findEmail, updateEmail } from './email-message.store.ts';
import { SEND_JOB } from './email-outbound.ts';
import { bracket } from './message-id.ts';

/**
 * The `email.send` job: hands one queued email to the SMTP relay (`HOTLINE_SMTP_URL`) with
 * its threading headers, and records what happened on the email row, where the API shows it.
 * A failure that may pass (relay down, 4xx, timeout) is tried again later on the channel's own
 * schedule (a minute, then up to hours); a 5xx answer, or the last attempt, marks the email
 * failed and tells the agent in the transcript. The job itself always completes: the retry is
 * a new job, so the kernel's short retry budget does not cut a long outage short.
 */
export function deliveryJob(config: Config) {
  return async (db: Kysely<DB>, job: Job) => {
    const emailId = (job.payload as { emailId?: string }).emailId;
    if (!job.tenant_id || !emailId) throw new Error('an email.send job names its tenant and email');
    const tenantId = job.tenant_id;
    const email = await withTenant(db, tenantId, (tx) => findEmail(tx, emailId));
    if (email?.status !== 'queued') return { emailId, skipped: email?.status ?? 'gone' };
    const attempt = email.attempts + 1;
    try {
      const response = await send(config, email);
      await withTenant(db, tenantId, async (tx) => {
        await updateEmail(tx, email.id, {
          status: 'sent',
          attempts: attempt,
          sent_at: new Date(),
          last_error: null,
          next_attempt_at: null,
        });
        await emitDeliveryEvent(tx, tenantId, email, 'email.sent', null);
      });
      return { emailId, status: 'sent', attempt, response };
    } catch (err) {
      const failure = toFailure(err);
      const giveUp = isPermanent(failure) || attempt >= config.email.sendAttempts;
      const retryAt = giveUp ? null : new Date(Date.now() + retryDelayMs(attempt));
      await withTenant(db, tenantId, async (tx) => {
        await updateEmail(tx, email.id, {
          status: giveUp ? 'failed' : 'queued',
          attempts: attempt,
          last_error: failure.message.slice(0, 2000),
          next_attempt_at: retryAt,
        });
        if (retryAt) {
          await enqueueJob(tx, { kind: SEND_JOB, tenantId, payload: { emailId }, dueAt: retryAt });
        } else {
          await emitDeliveryEvent(tx, tenantId, email, 'email.failed', failure.message);
          await tellAgent(tx, tenantId, email, failure.message);
        }
      });
      return { emailId, status: giveUp ? 'failed' : 'retrying', attempt, error: failure.message, retryAt };
    }
  };
}

async function send(config: Config, email: EmailRow): Promise<string> {
  if (!config.smtpUrl) throw new Error('no SMTP relay is configured (set HOTLINE_SMTP_URL)');
  const transport = createTransport(config.smtpUrl, {});
  try {
    const info = await transport.sendMail({
      from: email.from_name ? { name: email.from_name, address: email.from_address! } : email.from_address!,
      to: email.to_addresses,
      subject: email.subject ?? '',
      text: email.text_body ?? '',
      messageId: bracket(email.message_id),
      ...(email.in_reply_to ? { inReplyTo: bracket(email.in_reply_to) } : {}),
      ...(email.references.length > 0 ? { references: email.references.map(bracket).join(' ') } : {}),
      // RFC 3834: an auto-reply says so, and asks other responders not to answer it.
      headers:
        email.kind === 'auto_reply'
          ? { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All', Precedence: 'auto_reply' }
          : {},
    });
    return info.response;
  } finally {
    transport.close();
  }
}

function toFailure(err: unknown): SendFailure {
  const e = err as { message?: string; responseCode?: number; code?: string };
  return { message: e.message ?? String(err), responseCode: e.responseCode, code: e.code };
}

/** On the realtime feed, for the agent handling the interaction and supervisors. */
async function emitDeliveryEvent(
  tx: TenantTx,
  tenantId: string,
  email: EmailRow,
  type: 'email.sent' | 'email.failed',
  error: string | null,
) {
  const interaction = await findInteraction(tx, email.interaction_id);
  await emitEvent(tx, tenantId, {
    type,
    aggregateType: 'interaction',
    aggregateId: email.interaction_id,
    payload: {
      agentId: interaction?.agent_id ?? null,
      emailId: email.id,
      kind: email.kind,
      messageId: email.interaction_message_id === null ? null : String(email.interaction_message_id),
      to: email.to_addresses,
      error,
    },
  });
}

/** A reply that could not be delivered shows in the conversation, while it is still open. */
async function tellAgent(tx: TenantTx, tenantId: string, email: EmailRow, error: string) {
  const interaction = await findInteraction(tx, email.interaction_id, { forUpdate: true });
  if (!interaction || !['queued', 'offered', 'active', 'wrap_up'].includes(interaction.status)) return;
  await addMessage(tx, tenantId, interaction, {
    author: 'system',
    authorUserId: null,
    body: `Email to ${email.to_addresses.join(', ')} could not be delivered: ${error}`,
  });
}
