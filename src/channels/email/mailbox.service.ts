import { writeAudit } from '../../kernel/audit/audit-log.ts';
import { AppError, notFound } from '../../kernel/http/errors.ts';
import type { TenantScope } from '../../kernel/http/request-context.ts';
import { findQueue } from '../../routing/queue.store.ts';
import type { CreateMailboxBody, UpdateMailboxBody } from './email.schemas.ts';
import { requestPoll } from './imap-poller.ts';
import {
  findMailbox,
  insertMailbox,
  type MailboxColumns,
  type MailboxRecord,
  replaceAddresses,
  softDeleteMailbox,
  updateMailboxRow,
} from './mailbox.store.ts';

/** Mailbox administration: create, change, delete, with audit entries (never the IMAP password). */
type Scope = Pick<TenantScope, 'tx' | 'tenantId' | 'actor' | 'user'>;

export async function createMailbox(scope: Scope, body: CreateMailboxBody): Promise<MailboxRecord> {
  await assertEmailQueue(scope, body.queueId);
  const id = await insertMailbox(
    scope.tx,
    scope.tenantId,
    {
      name: body.name,
      queue_id: body.queueId,
      from_address: body.fromAddress,
      from_name: body.fromName ?? null,
      enabled: body.enabled,
      ...imapColumns(body.imap, null),
    },
    scope.user.userId,
  );
  await assignAddresses(scope, id, body.addresses);
  if (body.imap && body.enabled) await requestPoll(scope.tx, scope.tenantId, id);
  await writeAudit(scope.tx, scope.tenantId, scope.actor, {
    entityType: 'email_mailbox',
    entityId: id,
    action: 'email_mailbox_create',
    after: redacted(body),
  });
  return (await findMailbox(scope.tx, id))!;
}

export async function updateMailbox(
  scope: Scope,
  id: string,
  patch: UpdateMailboxBody,
): Promise<MailboxRecord> {
  const current = await findMailbox(scope.tx, id);
  if (!current) throw notFound('Mailbox');
  if (patch.queueId !== undefined) await assertEmailQueue(scope, patch.queueId);
  const set: MailboxColumns = {
    ...(patch.name === undefined ? {} : { name: patch.name }),
    ...(patch.queueId === undefined ? {} : { queue_id: patch.queueId }),
    ...(patch.fromAddress === undefined ? {} : { from_address: patch.fromAddress }),
    ...(patch.fromName === undefined ? {} : { from_name: patch.fromName }),
    ...(patch.enabled === undefined ? {} : { enabled: patch.enabled }),
    ...(patch.imap === undefined ? {} : imapColumns(patch.imap, current)),
  };
  await updateMailboxRow(scope.tx, id, set);
  if (patch.addresses) await assignAddresses(scope, id, patch.addresses);
  const updated = (await findMailbox(scope.tx, id))!;
  // New credentials or a mailbox switched back on: see at once whether they work.
  if (updated.imap && updated.enabled && (patch.imap || patch.enabled)) {
    await requestPoll(scope.tx, scope.tenantId, id);
  }
  await writeAudit(scope.tx, scope.tenantId, scope.actor, {
    entityType: 'email_mailbox',
    entityId: id,
    action: 'email_mailbox_update',
    before: redacted(current),
    after: redacted(patch),
  });
  return updated;
}

/** Its addresses are freed; its emails stay on their interactions. */
export async function deleteMailbox(scope: Scope, id: string) {
  const current = await findMailbox(scope.tx, id);
  if (!current) throw notFound('Mailbox');
  await softDeleteMailbox(scope.tx, id);
  await writeAudit(scope.tx, scope.tenantId, scope.actor, {
    entityType: 'email_mailbox',
    entityId: id,
    action: 'email_mailbox_delete',
    before: redacted(current),
  });
}

async function assertEmailQueue(scope: Scope, queueId: string) {
  const queue = await findQueue(scope.tx, queueId);
  if (!queue) {
    throw new AppError('VALIDATION_FAILED', 'queueId: no such queue', [
      { path: 'queueId', message: 'no such queue' },
    ]);
  }
  if (!queue.channels.includes('email')) {
    throw new AppError('VALIDATION_FAILED', `queueId: queue ${queue.code} does not take email`, [
      { path: 'queueId', message: `queue ${queue.code} does not take email` },
    ]);
  }
}

async function assignAddresses(scope: Scope, mailboxId: string, addresses: readonly string[]) {
  const taken = await replaceAddresses(scope.tx, scope.tenantId, mailboxId, addresses);
  if (taken.length > 0) {
    // Which tenant holds it is not said: that would tell one tenant about another.
    throw new AppError('CONFLICT', `Already the address of another mailbox: ${taken.join(', ')}`, {
      path: 'addresses',
      taken,
    });
  }
}

function imapColumns(
  imap: CreateMailboxBody['imap'] | NonNullable<UpdateMailboxBody['imap']> | null,
  current: MailboxRecord | null,
): MailboxColumns {
  if (!imap) {
    return { imap_host: null, imap_port: null, imap_user: null, imap_password: null };
  }
  if (imap.password === undefined && !current?.imap) {
    throw new AppError('VALIDATION_FAILED', 'imap.password: required for a new IMAP account', [
      { path: 'imap.password', message: 'required for a new IMAP account' },
    ]);
  }
  return {
    imap_host: imap.host,
    imap_port: imap.port,
    imap_tls: imap.tls,
    imap_user: imap.user,
    imap_folder: imap.folder,
    ...(imap.password === undefined ? {} : { imap_password: imap.password }),
  };
}

/** A body or record for the audit log, without the IMAP password. */
function redacted(value: object): Record<string, unknown> {
  const copy = { ...value } as Record<string, unknown>;
  if (copy.imap && typeof copy.imap === 'object') {
    const { password: _password, ...rest } = copy.imap as Record<string, unknown>;
    copy.imap = rest;
  }
  return copy;
}
