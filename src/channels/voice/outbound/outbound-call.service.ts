import type { Kysely } from 'kysely';
import { maskPhone, normalizePhone } from '../../../customers/contact-value.ts';
import {
  findContactByValue,
  findContacts,
  findCustomer,
  tenantDefaults,
} from '../../../customers/customers.store.ts';
import type { AuthUser } from '../../../kernel/auth/auth.service.ts';
import { MANAGERS, seesFullPhoneNumbers } from '../../../kernel/auth/roles.ts';
import type { DB } from '../../../kernel/db/schema.ts';
import { type TenantTx, withTenant } from '../../../kernel/db/tenant-scope.ts';
import { AppError, notFound } from '../../../kernel/http/errors.ts';
import { findTenantUser, lockAgentRow } from '../../../routing/agent.store.ts';
import { newCallId } from '../edge/sip-transactions.ts';
import { addCallEvent, insertCall, phonesOf } from '../voice-call.store.ts';
import type { OutboundCallBody, OutboundCallView } from './outbound-call.schemas.ts';
import { agentOnCall, firstVoiceQueue, tenantNumbers } from './outbound-call.store.ts';
import type { OutboundPlan } from './outbound-call.ts';
import type { OutboundDialer } from './outbound-dialer.ts';

/**
 * Placing an outbound call (click to call, and later callbacks and campaigns): who may, to
 * which number, from which caller ID; then the agent's phone rings. Refusals, in order:
 * 403 an agent calling for someone else; 404 an agent, customer or contact not in the tenant;
 * 400 no number to dial, a number that is not one, a caller ID that is not the tenant's;
 * 409 a customer marked do-not-call, no trunk configured (or the SIP edge off), no phone
 * registered for the agent, the agent already on a call, no number or voice queue to call from.
 */
export interface Caller {
  tenantId: string;
  user: AuthUser;
}

/**
 * Checks the request, writes the call record and rings the agent's phone; resolves once the
 * INVITE is out (202: the customer is dialled when the agent answers).
 *
 * @example
 * await placeOutboundCall({ db, dialer: dialerFor(db) }, { tenantId, user }, { customerId });
 */
export async function placeOutboundCall(
  deps: { db: Kysely<DB>; dialer: OutboundDialer | undefined },
  caller: Caller,
  body: OutboundCallBody,
): Promise<OutboundCallView> {
  const { plan, view } = await withTenant(deps.db, caller.tenantId, (tx) =>
    prepareOutboundCall(tx, deps.dialer, caller, body),
  );
  await deps.dialer!.start(plan);
  return view;
}

/** Everything but the ringing, in the caller's transaction: the checks and the call record. */
export async function prepareOutboundCall(
  tx: TenantTx,
  dialer: OutboundDialer | undefined,
  caller: Caller,
  body: OutboundCallBody,
): Promise<{ plan: OutboundPlan; view: OutboundCallView }> {
  const { user, tenantId } = caller;
  const agentId = body.agentId ?? user.userId;
  if (agentId !== user.userId && !MANAGERS.includes(user.role))
    throw new AppError('FORBIDDEN', 'Agents place calls only from their own phone');
  if (!(await findTenantUser(tx, agentId))) throw notFound('Agent');
  // One request at a time per agent: a double click finds the first call's record and is refused.
  await lockAgentRow(tx, agentId);

  const target = await dialTarget(tx, tenantId, body);
  const customer = target.customerId ? await findCustomer(tx, target.customerId) : undefined;
  if (customer?.do_not_call)
    throw new AppError('CONFLICT', 'This customer asked not to be called (do not call)', {
      reason: 'do_not_call',
    });
  const from = await callerIdFor(tx, body.callerId);

  if (!dialer?.trunkConfigured)
    throw new AppError(
      'CONFLICT',
      dialer
        ? 'No trunk configured for outbound calls (HOTLINE_SIP_TRUNK)'
        : 'The SIP edge is off on this server',
      { reason: 'no_trunk' },
    );
  const now = new Date();
  const phone = (await phonesOf(tx, agentId, now))[0];
  if (!phone)
    throw new AppError(
      'CONFLICT',
      'No phone is registered for this agent: sign in a desk phone or softphone with the SIP account (Phone setup)',
      { reason: 'no_phone' },
    );
  if (await agentOnCall(tx, agentId, now))
    throw new AppError('CONFLICT', 'The agent is on a call already: finish it (and its wrap-up) first', {
      reason: 'on_call',
    });

  const callRecordId = await insertCall(tx, {
    tenantId,
    direction: 'outbound',
    // The agent's leg's Call-ID is set when it rings; this one only fills the column till then.
    sipCallId: newCallId(dialer.edgeAddress),
    fromNumber: from.callerId,
    toNumber: target.number,
  });
  await tx.updateTable('voice_calls').set({ agent_id: agentId }).where('id', '=', callRecordId).execute();
  await addCallEvent(tx, tenantId, callRecordId, 'requested', {
    by: user.userId,
    number: target.number,
    callerId: from.callerId,
    customerId: target.customerId,
  });
  const plan: OutboundPlan = {
    tenantId,
    callRecordId,
    agentId,
    requestedBy: user.userId,
    phone,
    number: target.number,
    callerId: from.callerId,
    customerId: target.customerId,
    customerName: customer?.name ?? null,
    queueId: from.queueId,
  };
  return {
    plan,
    view: {
      callId: callRecordId,
      agentId,
      customerId: target.customerId,
      number: seesFullPhoneNumbers(user.role) ? target.number : maskPhone(target.number),
      callerId: from.callerId,
      status: 'ringing_agent',
    },
  };
}

/** The number to dial (E.164) and whose it is: the contact, the number given, or the customer's primary phone. */
async function dialTarget(tx: TenantTx, tenantId: string, body: OutboundCallBody) {
  let customerId = body.customerId ?? null;
  if (customerId && !(await findCustomer(tx, customerId))) throw notFound('Customer');
  let raw = body.number ?? null;
  if (body.contactId) {
    const contact = await tx
      .selectFrom('contacts')
      .select(['customer_id', 'value', 'kind'])
      .where('id', '=', body.contactId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (contact?.kind !== 'phone' || (customerId && contact.customer_id !== customerId))
      throw notFound('Phone contact');
    if (!(await findCustomer(tx, contact.customer_id))) throw notFound('Customer');
    customerId = contact.customer_id;
    raw ??= contact.value;
  }
  if (!raw && customerId)
    raw = (await findContacts(tx, customerId)).find((c) => c.kind === 'phone')?.value ?? null;
  if (!raw)
    throw new AppError('VALIDATION_FAILED', 'number: the customer has no phone number', [
      { path: 'number', message: 'no phone number' },
    ]);
  const normalized = normalizePhone(raw, (await tenantDefaults(tx, tenantId)).region);
  if (!normalized.ok) throw new AppError('INVALID_PHONE', `number: ${normalized.reason}`);
  // A number typed by hand may be a customer's: their do-not-call and timeline apply.
  customerId ??= (await findContactByValue(tx, 'phone', normalized.value))?.customer_id ?? null;
  return { number: normalized.value, customerId };
}

/** The caller ID to show and the queue the call counts in, from the tenant's numbers. */
async function callerIdFor(tx: TenantTx, wanted: string | undefined) {
  const numbers = await tenantNumbers(tx);
  const digits = (v: string) => v.replace(/\D/g, '');
  const chosen = wanted
    ? numbers.find(
        (n) =>
          digits(n.number) === digits(wanted) ||
          (n.outboundCallerId !== null && digits(n.outboundCallerId) === digits(wanted)),
      )
    : numbers[0];
  if (wanted && !chosen)
    throw new AppError('VALIDATION_FAILED', 'callerId: not one of your numbers', [
      { path: 'callerId', message: 'not one of your numbers' },
    ]);
  if (!chosen)
    throw new AppError('CONFLICT', 'The tenant has no phone number to call from (Voice numbers)', {
      reason: 'no_number',
    });
  const queueId = chosen.queueId ?? (await firstVoiceQueue(tx));
  if (!queueId)
    throw new AppError('CONFLICT', 'No queue takes voice calls, so the call has nowhere to count', {
      reason: 'no_voice_queue',
    });
  return { callerId: wanted ? wanted.trim() : (chosen.outboundCallerId ?? chosen.number), queueId };
}
