import { writeAudit } from '../../../kernel/audit/audit-log.ts';
import type { VoiceSettings } from '../../../kernel/config.ts';
import { AppError, notFound } from '../../../kernel/http/errors.ts';
import type { TenantScope } from '../../../kernel/http/request-context.ts';
import type { NewPasswordBody, NewPasswordView, SipAccountView } from './sip-account.schemas.ts';
import {
  dropRegistrations,
  findAccountHolder,
  findSipAccount,
  liveRegistrations,
  type RegistrationRow,
  type SipAccountRow,
  tryInsertSipAccount,
  updateSipDigests,
} from './sip-account.store.ts';
import { generateSipPassword, sipDigests } from './sip-password.ts';
import { usernameCandidates } from './sip-username.ts';

/**
 * Agents' SIP accounts: what to type into a phone, and a new password on request (shown once,
 * kept only as HA1 digests). An agent sees and changes their own; supervisors and admins
 * anyone's in their tenant.
 */
type Scope = Pick<TenantScope, 'tx' | 'tenantId' | 'user' | 'actor'>;
type Voice = Pick<VoiceSettings, 'realm' | 'publicAddress' | 'sipPort'>;

/** Roles that take calls on a phone; analysts and operators do not. */
const PHONE_ROLES = ['tenant_admin', 'supervisor', 'agent'];

export async function getSipAccount(scope: Scope, voice: Voice, agentId: string): Promise<SipAccountView> {
  await assertHolder(scope, agentId);
  const now = new Date();
  const account = await findSipAccount(scope.tx, agentId);
  return toView(voice, agentId, account, await liveRegistrations(scope.tx, agentId, now));
}

export async function setSipPassword(
  scope: Scope,
  voice: Voice,
  agentId: string,
  body: NewPasswordBody,
): Promise<NewPasswordView> {
  const holder = await assertHolder(scope, agentId);
  const password = body?.password ?? generateSipPassword();
  const now = new Date();
  let account = await findSipAccount(scope.tx, agentId, { lock: true });
  const created = !account;
  if (account) {
    await updateSipDigests(scope.tx, agentId, sipDigests(account.username, voice.realm, password), now);
    await dropRegistrations(scope.tx, agentId);
  } else {
    let inserted = false;
    for (const username of usernameCandidates(holder.slug, holder.email, agentId)) {
      const digests = sipDigests(username, voice.realm, password);
      inserted = await tryInsertSipAccount(scope.tx, scope.tenantId, agentId, username, digests);
      if (inserted) break;
    }
    // The last candidate holds the whole user id, so only this agent's own row stops it: a
    // second request for the same agent created it a moment ago.
    if (!inserted) throw new AppError('CONFLICT', 'The SIP account was just created by another request');
    account = (await findSipAccount(scope.tx, agentId))!;
  }
  await writeAudit(scope.tx, scope.tenantId, scope.actor, {
    entityType: 'sip_account',
    entityId: agentId,
    action: created ? 'sip_account_create' : 'sip_password_change',
    // Never the password, never its digests.
    after: { username: account.username, password: body?.password ? 'chosen' : 'generated' },
  });
  const view = toView(
    voice,
    agentId,
    { ...account, updatedAt: now },
    await liveRegistrations(scope.tx, agentId, now),
  );
  return { ...view, password, created };
}

async function assertHolder(scope: Scope, agentId: string) {
  if (scope.user.role === 'agent' && agentId !== scope.user.userId) {
    throw new AppError('FORBIDDEN', "Agents see and change only their own phone's settings");
  }
  const holder = await findAccountHolder(scope.tx, agentId);
  if (!holder || holder.disabled_at) throw notFound('Agent');
  if (!PHONE_ROLES.includes(holder.role)) {
    throw new AppError('CONFLICT', `A user with the role ${holder.role} does not take calls on a phone`);
  }
  return holder;
}

function toView(
  voice: Voice,
  agentId: string,
  account: SipAccountRow | undefined,
  registrations: RegistrationRow[],
): SipAccountView {
  const edgeOn = voice.sipPort !== null;
  return {
    agentId,
    username: account?.username ?? null,
    realm: voice.realm,
    serverAddress: edgeOn ? voice.publicAddress : null,
    serverPort: voice.sipPort,
    transports: ['udp', 'tcp'],
    registered: registrations.length > 0,
    registrations: registrations.map((r) => ({ ...r, expiresAt: r.expiresAt.toISOString() })),
    passwordSetAt: account?.updatedAt.toISOString() ?? null,
  };
}
