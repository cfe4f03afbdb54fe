/**
 * The one error the SIP parsers throw. The edge turns it into a 400 Bad Request (datagram) or
 * a closed connection (stream) and logs `reason`, so `reason` is short and never echoes more
 * than a few bytes of the offending input.
 *
 * @example
 * try { parseSipMessage(bytes); } catch (e) { if (e instanceof SipParseError) reply400(e.reason); }
 */
export class SipParseError extends Error {
  override readonly name = 'SipParseError';

  constructor(readonly reason: string) {
    super(reason);
  }
}

/** Throws a SipParseError; handy in expressions (`x ?? fail('no x')`). */
export function fail(reason: string): never {
  throw new SipParseError(reason);
}
