import { describe, expect, it } from 'vitest';
import {
  buildChallenge,
  type DigestAlgorithm,
  digestResponse,
  ha1,
  parseDigestCredentials,
  verifyDigest,
} from './digest-auth.ts';
import { checkNonce, createNonce } from './digest-nonce.ts';
import { SipParseError } from './sip-parse-error.ts';

describe('published digest vectors', () => {
  it('matches the RFC 2617 §3.5 example (MD5, qop=auth)', () => {
    const key = ha1('Mufasa', 'testrealm@host.com', 'Circle Of Life');
    const response = digestResponse({
      ha1: key,
      algorithm: 'MD5',
      method: 'GET',
      uri: '/dir/index.html',
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      qop: 'auth',
      nc: '00000001',
      cnonce: '0a4f113b',
    });
    expect(response).toBe('6629fae49393a05397450978507c4ef1');
  });

  it.each([
    ['MD5', '8ca523f5e9506fed4657c9700eebdbec'],
    ['SHA-256', '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1'],
  ] as const)('matches the RFC 7616 §3.9.1 example with %s', (algorithm, expected) => {
    const response = digestResponse({
      ha1: ha1('Mufasa', 'http-auth@example.org', 'Circle of Life', algorithm),
      algorithm,
      method: 'GET',
      uri: '/dir/index.html',
      nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
      qop: 'auth',
      nc: '00000001',
      cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
    });
    expect(response).toBe(expected);
  });

  it('parses the RFC 2617 example Authorization header', () => {
    const credentials = parseDigestCredentials(
      'Digest username="Mufasa",\r\n realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/dir/index.html", qop=auth, nc=00000001, cnonce="0a4f113b", response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41"'.replace(
        '\r\n',
        '',
      ),
    );
    expect(credentials).toEqual({
      username: 'Mufasa',
      realm: 'testrealm@host.com',
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      uri: '/dir/index.html',
      response: '6629fae49393a05397450978507c4ef1',
      algorithm: 'MD5',
      qop: 'auth',
      nc: '00000001',
      cnonce: '0a4f113b',
      opaque: '5ccc069c403ebaf9f0171e9517f40e41',
    });
  });
});

describe('parseDigestCredentials rejects', () => {
  it.each([
    ['another scheme', 'Basic QWxhZGRpbjpvcGVu'],
    ['a missing response', 'Digest username="a", realm="r", nonce="n", uri="sip:r"'],
    [
      'qop without cnonce',
      'Digest username="a", realm="r", nonce="n", uri="sip:r", response="ab", qop=auth, nc=00000001',
    ],
    [
      'a bad nc',
      'Digest username="a", realm="r", nonce="n", uri="sip:r", response="ab", qop=auth, nc=1, cnonce="c"',
    ],
    [
      'a duplicate parameter',
      'Digest username="a", username="b", realm="r", nonce="n", uri="sip:r", response="ab"',
    ],
    ['an unterminated quote', 'Digest username="a, realm="r'],
    ['a non-hex response', 'Digest username="a", realm="r", nonce="n", uri="sip:r", response="zz"'],
    ['nothing', ''],
  ])('%s', (_name, value) => {
    expect(() => parseDigestCredentials(value)).toThrow(SipParseError);
  });
});

describe('stateless nonces', () => {
  const context = { secret: 'server-secret', realm: 'hotline' };
  const now = Date.UTC(2026, 10, 23, 14, 0, 0);

  it.each([
    ['fresh', 0, 'valid'],
    ['at the lifetime', 60_000, 'valid'],
    ['past the lifetime', 60_001, 'stale'],
    ['a little in the future (another server clock)', -2_000, 'valid'],
    ['far in the future', -60_000, 'invalid'],
  ])('a nonce checked %s is %s', (_name, age, expected) => {
    expect(checkNonce(context, createNonce(context, now), now + age, 60_000)).toBe(expected);
  });

  it('refuses nonces from another secret, realm or binding, or tampered ones', () => {
    const nonce = createNonce({ ...context, binding: '192.0.2.1' }, now);
    expect(checkNonce({ ...context, binding: '192.0.2.1' }, nonce, now, 60_000)).toBe('valid');
    expect(checkNonce({ ...context, binding: '192.0.2.2' }, nonce, now, 60_000)).toBe('invalid');
    expect(checkNonce({ ...context, secret: 'other' }, createNonce(context, now), now, 60_000)).toBe(
      'invalid',
    );
    expect(checkNonce({ ...context, realm: 'other' }, createNonce(context, now), now, 60_000)).toBe(
      'invalid',
    );
    const [time, mac] = createNonce(context, now).split('.') as [string, string];
    const backdated = `${(now + 1000).toString(36)}.${mac}`;
    expect(checkNonce(context, backdated, now, 60_000)).toBe('invalid');
    const flipped = mac.at(-1) === 'A' ? 'B' : 'A';
    expect(checkNonce(context, `${time}.${mac.slice(0, -1)}${flipped}`, now, 60_000)).toBe('invalid');
    expect(checkNonce(context, `${time}.${mac.slice(1)}${mac[0]}`, now, 60_000)).toBe('invalid');
    expect(checkNonce(context, 'dcd98b7102dd2f0e8b11d0f600bfb0c093', now, 60_000)).toBe('invalid');
  });
});

describe('challenge and verify, as a phone would', () => {
  const realm = 'hotline.example.cn';
  const secret = 'server-secret';
  const now = Date.UTC(2026, 10, 23, 14, 0, 0);
  const uri = 'sip:hotline.example.cn';

  /** What a phone does with a challenge: pick out the nonce and answer it. */
  function answer(challenge: string, password: string, algorithm: DigestAlgorithm, username = '1001') {
    const nonce = /nonce="([^"]+)"/.exec(challenge)![1]!;
    const response = digestResponse({
      ha1: ha1(username, realm, password, algorithm),
      algorithm,
      method: 'REGISTER',
      uri,
      nonce,
      qop: 'auth',
      nc: '00000001',
      cnonce: 'c0ffee',
    });
    return parseDigestCredentials(
      `Digest username="${username}", realm="${realm}", nonce="${nonce}", uri="${uri}", response="${response}", algorithm=${algorithm}, qop=auth, nc=00000001, cnonce="c0ffee"`,
    );
  }

  function verify(
    credentials: ReturnType<typeof answer>,
    at: number,
    algorithm: DigestAlgorithm,
    extra = {},
  ) {
    return verifyDigest({
      credentials,
      method: 'REGISTER',
      ha1: ha1('1001', realm, 'right password', algorithm),
      realm,
      secret,
      now: at,
      requestUri: uri,
      ...extra,
    });
  }

  it.each(['MD5', 'SHA-256'] as const)('accepts the right password with %s', (algorithm) => {
    const challenge = buildChallenge({ realm, secret, now, algorithm });
    expect(challenge).toMatch(
      new RegExp(`^Digest realm="${realm}", nonce="[^"]+", algorithm=${algorithm}, qop="auth"$`),
    );
    expect(verify(answer(challenge, 'right password', algorithm), now + 1000, algorithm)).toEqual({
      ok: true,
    });
  });

  it('refuses a wrong password', () => {
    const challenge = buildChallenge({ realm, secret, now });
    expect(verify(answer(challenge, 'wrong', 'MD5'), now, 'MD5')).toEqual({
      ok: false,
      reason: 'wrong-response',
    });
  });

  it('says stale for the right password on an expired nonce, and only then', () => {
    const challenge = buildChallenge({ realm, secret, now });
    const later = now + 10 * 60_000;
    expect(verify(answer(challenge, 'right password', 'MD5'), later, 'MD5')).toEqual({
      ok: false,
      reason: 'stale',
    });
    expect(verify(answer(challenge, 'wrong', 'MD5'), later, 'MD5')).toEqual({
      ok: false,
      reason: 'wrong-response',
    });
    expect(buildChallenge({ realm, secret, now: later, stale: true })).toMatch(/, stale=true$/);
  });

  it('refuses a nonce this server never issued', () => {
    const forged = 'Digest realm="hotline.example.cn", nonce="lxk3v0ab.AAAAAAAAAAAAAAAAAAAAAA"';
    expect(verify(answer(forged, 'right password', 'MD5'), now, 'MD5')).toEqual({
      ok: false,
      reason: 'bad-nonce',
    });
  });

  it('refuses a wrong realm, algorithm, qop or uri', () => {
    const credentials = answer(buildChallenge({ realm, secret, now }), 'right password', 'MD5');
    expect(verify({ ...credentials, realm: 'other' }, now, 'MD5')).toMatchObject({ reason: 'wrong-realm' });
    expect(verify({ ...credentials, algorithm: 'MD5-sess' }, now, 'MD5')).toMatchObject({
      reason: 'unsupported-algorithm',
    });
    expect(verify({ ...credentials, qop: 'auth-int' }, now, 'MD5')).toMatchObject({
      reason: 'unsupported-qop',
    });
    expect(verify(credentials, now, 'MD5', { requestUri: 'sip:elsewhere' })).toMatchObject({
      reason: 'wrong-uri',
    });
  });

  it('accepts an RFC 2069 client that sends no qop', () => {
    const challenge = buildChallenge({ realm, secret, now });
    const nonce = /nonce="([^"]+)"/.exec(challenge)![1]!;
    const response = digestResponse({
      ha1: ha1('1001', realm, 'right password'),
      algorithm: 'MD5',
      method: 'REGISTER',
      uri,
      nonce,
    });
    const credentials = parseDigestCredentials(
      `Digest username="1001", realm="${realm}", nonce="${nonce}", uri="${uri}", response="${response}"`,
    );
    expect(verify(credentials, now, 'MD5')).toEqual({ ok: true });
  });

  it('puts opaque in the challenge when asked and quotes an odd realm', () => {
    expect(buildChallenge({ realm: 'a "b"', secret, now, opaque: 'xyz' })).toMatch(
      /^Digest realm="a \\"b\\"", .*, opaque="xyz"$/,
    );
  });
});
