import { describe, expect, it } from 'vitest';
import { decideRegistration, decideRegistrationFor, type ExpiryPolicy } from './registration-expiry.ts';
import { parseSipMessage, type SipRequest } from './sip-message.ts';
import { parseNameAddr } from './sip-name-addr.ts';
import { SipParseError } from './sip-parse-error.ts';
import { REGISTER } from './sip-test-messages.ts';

const policy: ExpiryPolicy = { defaultSeconds: 3600, minSeconds: 60, maxSeconds: 7200 };
const phone = (params = '') => parseNameAddr(`<sip:1001@10.0.0.5:5060>${params}`);

describe('decideRegistration (RFC 3261 §10.3)', () => {
  it.each([
    ['the Contact expires param wins over Expires', [phone(';expires=600')], 3600, 600],
    ['the Expires header when the Contact has none', [phone()], 1800, 1800],
    ['the default when neither says', [phone()], null, 3600],
    ['longer than the maximum is shortened', [phone(';expires=86400')], null, 7200],
    ['exactly the minimum is fine', [phone()], 60, 60],
    ['0 removes the binding', [phone(';expires=0')], 3600, 0],
    ['Expires 0 removes a binding without its own param', [phone()], 0, 0],
  ])('%s', (_name, contacts, expiresHeader, expected) => {
    const decision = decideRegistration({ contacts, expiresHeader }, policy);
    expect(decision).toMatchObject({ kind: 'update', bindings: [{ expires: expected }] });
  });

  it('answers 423 with Min-Expires for too brief an interval', () => {
    expect(decideRegistration({ contacts: [phone(';expires=30')], expiresHeader: null }, policy)).toEqual({
      kind: 'interval-too-brief',
      minExpires: 60,
    });
    expect(
      decideRegistration({ contacts: [phone(';expires=0'), phone()], expiresHeader: 1 }, policy),
    ).toMatchObject({
      kind: 'interval-too-brief',
    });
  });

  it('removes every binding on Contact: * with Expires: 0', () => {
    expect(decideRegistration({ contacts: '*', expiresHeader: 0 }, policy)).toEqual({ kind: 'remove-all' });
  });

  it.each([null, 3600])('refuses Contact: * with Expires %s', (expiresHeader) => {
    expect(decideRegistration({ contacts: '*', expiresHeader }, policy)).toMatchObject({ kind: 'invalid' });
  });

  it('treats a REGISTER without Contact as a query', () => {
    expect(decideRegistration({ contacts: [], expiresHeader: null }, policy)).toEqual({ kind: 'query' });
  });

  it('reads a whole REGISTER', () => {
    const decision = decideRegistrationFor(parseSipMessage(REGISTER) as SipRequest, policy);
    expect(decision).toMatchObject({
      kind: 'update',
      bindings: [{ expires: 600, contact: { uri: 'sip:1001@10.1.2.3:55060;transport=tcp' } }],
    });
  });

  it('throws SipParseError for a malformed expires', () => {
    const bad = parseSipMessage(REGISTER.replace(';expires=600', ';expires=soon')) as SipRequest;
    expect(() => decideRegistrationFor(bad, policy)).toThrow(SipParseError);
    const huge = parseSipMessage(REGISTER.replace('Expires: 3600', 'Expires: 99999999999')) as SipRequest;
    expect(() => decideRegistrationFor(huge, policy)).toThrow(SipParseError);
    const mixed = parseSipMessage(REGISTER.replace('Contact: <', 'Contact: *, <')) as SipRequest;
    expect(() => decideRegistrationFor(mixed, policy)).toThrow(SipParseError);
  });
});
