import { describe, expect, it } from 'vitest';
import {
  buildChallenge,
  ha1,
  parseDigestCredentials,
  verifyDigest,
} from '../../channels/voice/sip/digest-auth.ts';
import { authorization, pickChallenge } from './digest-client.ts';

/** The phone's answers checked by the registrar's own verifier. */
describe('digest client', () => {
  const secret = Buffer.from('0123456789abcdef0123456789abcdef');
  const now = Date.now();
  const challenges = [
    buildChallenge({ realm: 'hotline', secret, now, algorithm: 'SHA-256', opaque: 'x"y' }),
    buildChallenge({ realm: 'hotline', secret, now, algorithm: 'MD5' }),
  ];

  it('answers the MD5 challenge so the registrar accepts it, and a wrong password is refused', () => {
    const challenge = pickChallenge(challenges)!;
    expect(challenge).toMatchObject({ realm: 'hotline', algorithm: 'MD5', qop: 'auth' });
    const request = { username: 'demo.agent20', method: 'REGISTER', uri: 'sip:127.0.0.1:5060', nc: 1 };
    const verify = (password: string) =>
      verifyDigest({
        realm: 'hotline',
        secret,
        now,
        method: 'REGISTER',
        credentials: parseDigestCredentials(authorization(challenge, { ...request, password })),
        ha1: ha1('demo.agent20', 'hotline', 'hotline-phone', 'MD5'),
        requestUri: request.uri,
      });
    expect(verify('hotline-phone')).toEqual({ ok: true });
    expect(verify('wrong-password')).toMatchObject({ ok: false });
  });

  it('answers SHA-256 when that is all there is, and echoes the opaque value', () => {
    const challenge = pickChallenge([challenges[0]!])!;
    expect(challenge).toMatchObject({ algorithm: 'SHA-256', opaque: 'x"y' });
    const value = authorization(challenge, {
      username: 'demo.agent20',
      password: 'hotline-phone',
      method: 'REGISTER',
      uri: 'sip:127.0.0.1:5060',
      nc: 2,
    });
    const credentials = parseDigestCredentials(value);
    expect(credentials).toMatchObject({ nc: '00000002', opaque: 'x"y', algorithm: 'SHA-256' });
    expect(
      verifyDigest({
        realm: 'hotline',
        secret,
        now,
        method: 'REGISTER',
        credentials,
        ha1: ha1('demo.agent20', 'hotline', 'hotline-phone', 'SHA-256'),
      }),
    ).toEqual({ ok: true });
  });

  it('finds no challenge in Basic or broken values', () => {
    expect(pickChallenge(['Basic realm="x"', 'Digest nonce="n"'])).toBeNull();
  });
});
