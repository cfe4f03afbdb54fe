import { ImapFlow } from 'imapflow';
import type { Kysely } from 'kysely';
import type { EmailSettings } from '../../kernel/config.ts';
import type { DB } from '../../kernel/db/schema.ts';
import { withTenant } from '../../kernel/db/tenant-scope.ts';
import { enqueueJob, type Job } from '../../kernel/jobs/job-queue.ts';
import { type IngestOptions, ingestEmail } from './email-ingest.ts';
import { MalformedEmailError, parseEmail } from './email-parse.ts';
import { type ImapAccount, imapAccount, pollableMailboxes, recordPoll } from './mailbox.store.ts';
import type { EmailLog } from './smtp-listener.ts';

/**
 * IMAP polling, for a tenant whose mail stays at its own provider: a durable `email.imap-poll`
 * job per mailbox fetches the unseen messages of its folder, feeds each through the same
 * ingest as the SMTP listener, and marks it seen once it is stored. A message that cannot be
 * stored now (the database is down) stays unseen for the next poll; one that will never be
 * (malformed, too big) is marked seen so it does not block the folder, and named in the
 * mailbox's last error. Dedupe by Message-ID makes a message fetched twice harmless.
 *
 * Jobs are claimed with SKIP LOCKED, so with several server instances one polls a mailbox at
 * a time; `schedulePolls` keeps one pending job per mailbox.
 */
export const POLL_JOB = 'email.imap-poll';

/** Messages taken per poll, so a full folder does not hold the job runner for long; the rest wait for the next. */
const BATCH = 200;

export const pollKey = (mailboxId: string) => `${POLL_JOB}:${mailboxId}`;

export interface PollResult {
  mailboxId: string;
  unseen: number;
  stored: number;
  duplicates: number;
  refused: string[];
  /** More unseen messages wait than one batch took. */
  more: boolean;
}

export function pollJob(settings: EmailSettings, ingest: IngestOptions, log: EmailLog) {
  return async (db: Kysely<DB>, job: Job) => {
    const mailboxId = (job.payload as { mailboxId?: string }).mailboxId;
    if (!job.tenant_id || !mailboxId) throw new Error('an email.imap-poll job names its tenant and mailbox');
    const tenantId = job.tenant_id;
    const account = await withTenant(db, tenantId, (tx) => imapAccount(tx, mailboxId));
    if (!account) return { mailboxId, skipped: 'no enabled mailbox with an IMAP account' };
    try {
      const result = await pollOnce(db, account, { tenantId, mailboxId }, settings, ingest);
      const note = result.refused.length > 0 ? `refused: ${result.refused.join('; ')}` : null;
      await withTenant(db, tenantId, (tx) => recordPoll(tx, mailboxId, note));
      return result;
    } catch (err) {
      const message = (err as Error).message;
      log('warn', `imap: polling mailbox ${mailboxId} (${account.user}@${account.host}) failed: ${message}`);
      await withTenant(db, tenantId, (tx) => recordPoll(tx, mailboxId, message));
      // The next scheduled poll is the retry; the job itself is done.
      return { mailboxId, error: message };
    }
  };
}

async function pollOnce(
  db: Kysely<DB>,
  account: ImapAccount,
  target: { tenantId: string; mailboxId: string },
  settings: EmailSettings,
  ingest: IngestOptions,
): Promise<PollResult> {
  const client = new ImapFlow({
    host: account.host,
    port: account.port,
    secure: account.tls,
    auth: { user: account.user, pass: account.password },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  // A dropped connection emits 'error'; the awaited command rejects with it as well.
  client.on('error', () => undefined);
  await client.connect();
  const result: PollResult = {
    mailboxId: target.mailboxId,
    unseen: 0,
    stored: 0,
    duplicates: 0,
    refused: [],
    more: false,
  };
  try {
    const lock = await client.getMailboxLock(account.folder);
    try {
      const unseen = (await client.search({ seen: false }, { uid: true })) || [];
      result.unseen = unseen.length;
      result.more = unseen.length > BATCH;
      for (const uid of unseen.slice(0, BATCH)) {
        // One message at a time: imapflow runs no other command while a fetch is being read.
        // The size first, so a message over the limit is never downloaded.
        const head = await client.fetchOne(String(uid), { uid: true, size: true }, { uid: true });
        if (head === false) continue;
        let outcome: Awaited<ReturnType<typeof storeOne>>;
        if ((head.size ?? 0) > settings.maxMessageBytes) {
          outcome = { refused: `${head.size} bytes is over the limit of ${settings.maxMessageBytes}` };
        } else {
          const message = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
          if (message === false || !message.source) continue;
          outcome = await storeOne(db, message.source, target, ingest);
        }
        if (outcome === 'stored') result.stored++;
        else if (outcome === 'duplicate') result.duplicates++;
        else result.refused.push(`uid ${uid}: ${outcome.refused}`);
        await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
      }
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  return result;
}

async function storeOne(
  db: Kysely<DB>,
  raw: Buffer,
  target: { tenantId: string; mailboxId: string },
  ingest: IngestOptions,
): Promise<'stored' | 'duplicate' | { refused: string }> {
  let parsed: Awaited<ReturnType<typeof parseEmail>>;
  try {
    parsed = await parseEmail(raw);
  } catch (err) {
    if (err instanceof MalformedEmailError) return { refused: `malformed: ${err.message}` };
    throw err;
  }
  // A database failure here propagates: the message stays unseen for the next poll.
  const [result] = await ingestEmail(db, parsed, { source: 'imap', mailFrom: null }, [target], ingest);
  return result?.outcome === 'duplicate' ? 'duplicate' : 'stored';
}

/** Asks for a poll of the mailbox now; joins one already pending. */
export async function requestPoll(db: Kysely<DB>, tenantId: string, mailboxId: string): Promise<number> {
  return enqueueJob(db, {
    kind: POLL_JOB,
    tenantId,
    payload: { mailboxId },
    dedupeKey: pollKey(mailboxId),
  });
}

/**
 * One pending poll for every enabled mailbox with an IMAP account (run on start and every
 * poll interval, on every instance: the dedupe key keeps one per mailbox). Finished polls
 * older than a day are removed, as a poll a minute would otherwise pile up job rows.
 */
export async function schedulePolls(db: Kysely<DB>): Promise<number> {
  const mailboxes = await pollableMailboxes(db);
  for (const m of mailboxes) await requestPoll(db, m.tenant_id, m.id);
  await db
    .deleteFrom('jobs')
    .where('kind', '=', POLL_JOB)
    .where('finished_at', '<', new Date(Date.now() - 86_400_000))
    .execute();
  return mailboxes.length;
}
