/**
 * The registrar's expiry rules (RFC 3261 §10.3 steps 6–8, §10.2.1.1, §10.2.2): how long each
 * Contact of a REGISTER stays bound, when to refuse with 423 Interval Too Brief, and the
 * `Contact: *` + `Expires: 0` form that removes every binding of the address of record.
 */
import { contactExpires, readContacts, readExpires } from './sip-fields.ts';
import type { SipRequest } from './sip-message.ts';
import type { NameAddr } from './sip-name-addr.ts';

export interface ExpiryPolicy {
  /** Used when neither the Contact nor the request says (RFC 3261 suggests 3600). */
  readonly defaultSeconds: number;
  /** Shorter non-zero requests get 423 with this as Min-Expires. */
  readonly minSeconds: number;
  /** Longer requests are shortened to this, which the 200 OK reports back. */
  readonly maxSeconds: number;
}

export const DEFAULT_EXPIRY_POLICY: ExpiryPolicy = { defaultSeconds: 3600, minSeconds: 60, maxSeconds: 7200 };

export interface ContactBinding {
  readonly contact: NameAddr;
  /** 0 removes this binding. */
  readonly expires: number;
}

export type RegistrationDecision =
  /** No Contact: a query; answer 200 with the current bindings. */
  | { readonly kind: 'query' }
  | { readonly kind: 'remove-all' }
  | { readonly kind: 'update'; readonly bindings: readonly ContactBinding[] }
  /** Answer 423 with `Min-Expires: minExpires`. */
  | { readonly kind: 'interval-too-brief'; readonly minExpires: number }
  /** Answer 400: `*` needs Expires: 0 (§10.3 step 6). */
  | { readonly kind: 'invalid'; readonly reason: string };

/**
 * Decides from the already parsed Contact and Expires values.
 *
 * @example
 * decideRegistration({ contacts: '*', expiresHeader: 0 }); // { kind: 'remove-all' }
 * decideRegistration({ contacts: [phone], expiresHeader: 30 }); // { kind: 'interval-too-brief', minExpires: 60 }
 */
export function decideRegistration(
  request: { readonly contacts: '*' | readonly NameAddr[]; readonly expiresHeader: number | null },
  policy: ExpiryPolicy = DEFAULT_EXPIRY_POLICY,
): RegistrationDecision {
  if (request.contacts === '*') {
    return request.expiresHeader === 0
      ? { kind: 'remove-all' }
      : { kind: 'invalid', reason: 'Contact: * requires Expires: 0' };
  }
  if (request.contacts.length === 0) return { kind: 'query' };
  const bindings: ContactBinding[] = [];
  for (const contact of request.contacts) {
    const asked = contactExpires(contact) ?? request.expiresHeader ?? policy.defaultSeconds;
    if (asked !== 0 && asked < policy.minSeconds)
      return { kind: 'interval-too-brief', minExpires: policy.minSeconds };
    bindings.push({ contact, expires: Math.min(asked, policy.maxSeconds) });
  }
  return { kind: 'update', bindings };
}

/**
 * Reads Contact and Expires from a REGISTER and decides.
 *
 * @throws SipParseError when Contact or Expires is malformed (answer 400).
 */
export function decideRegistrationFor(
  request: SipRequest,
  policy: ExpiryPolicy = DEFAULT_EXPIRY_POLICY,
): RegistrationDecision {
  return decideRegistration({ contacts: readContacts(request), expiresHeader: readExpires(request) }, policy);
}
