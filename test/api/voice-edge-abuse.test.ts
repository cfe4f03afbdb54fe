import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * Bad input at the SIP edge, over real UDP: garbage is dropped and counted, a flood of INVITEs
 * or REGISTERs from one address is answered 503 with Retry-After past its burst, and another
 * address is served all the while.
 */
describe.each(DATABASES)('the SIP edge under abuse on %s', (kind) => {
  let t: TestServer;
  const sockets: dgram.Socket[] = [];

  beforeAll(async () => {
    t = await startTestServer(kind, {
      HOTLINE_SIP_PORT: '0',
      HOTLINE_SIP_HOST: '127.0.0.1',
      // A trunk on loopback: every call from one address, never held to the per-address limit.
      HOTLINE_SIP_TRUSTED: '127.0.0.3, 127.0.1.0/24',
    });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t?.close();
  });

  /** A UDP peer on its own port that collects what the edge answers. */
  async function peer(address = '127.0.0.1') {
    const socket = dgram.createSocket('udp4');
    sockets.push(socket);
    const replies: string[] = [];
    socket.on('message', (bytes) => replies.push(bytes.toString('utf8')));
    await new Promise<void>((resolve) => socket.bind(0, address, resolve));
    const port = socket.address().port;
    const send = (text: string) =>
      new Promise<void>((resolve) => socket.send(text, t.server.voice.port!, '127.0.0.1', () => resolve()));
    return { port, replies, send };
  }

  const request = (method: string, port: number, n: number, uri = 'sip:9999@127.0.0.1') =>
    [
      `${method} ${uri} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bK-abuse-${method}-${n};rport`,
      `From: <sip:flood@127.0.0.1>;tag=f${n}`,
      `To: <${uri}>`,
      `Call-ID: abuse-${method}-${n}@127.0.0.1`,
      `CSeq: 1 ${method}`,
      'Max-Forwards: 70',
      `Contact: <sip:flood@127.0.0.1:${port}>`,
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');

  const statusOf = (reply: string) => Number(reply.slice(8, 11));
  const settle = (ms = 500) => new Promise((r) => setTimeout(r, ms));
  /** Waits (up to 10 s, for a slow machine) until `enough` holds for the replies so far. */
  async function until(enough: () => boolean) {
    const deadline = Date.now() + 10_000;
    while (!enough() && Date.now() < deadline) await settle(50);
  }

  it('drops malformed datagrams without an answer and counts them', async () => {
    const noisy = await peer();
    const before = t.server.voice.stats.malformed;
    await noisy.send('GARBAGE\r\n\r\n');
    await noisy.send('INVITE sip:x SIP/2.0\r\nVia: nonsense\r\n\r\n');
    await noisy.send('\u0000\u0001\u0002 not sip at all');
    await settle();
    expect(noisy.replies).toEqual([]);
    expect(t.server.voice.stats.malformed - before).toBe(3);
    // The edge still answers a well-formed request.
    await noisy.send(request('OPTIONS', noisy.port, 1));
    await until(() => noisy.replies.length > 0);
    expect(noisy.replies.map(statusOf)).toEqual([200]);
  });

  it('answers an INVITE flood from one address with 503 and Retry-After, and serves another address', async () => {
    const flooder = await peer();
    for (let n = 0; n < 40; n++) await flooder.send(request('INVITE', flooder.port, n));
    await until(() => flooder.replies.filter((r) => statusOf(r) >= 200).length >= 40);
    const finals = flooder.replies.map(statusOf).filter((s) => s >= 200);
    // Within the burst: an unknown number is 404 (each after a 100 Trying); past it: 503.
    expect(finals.filter((s) => s === 404).length).toBeGreaterThanOrEqual(15);
    const refused = flooder.replies.filter((r) => statusOf(r) === 503);
    expect(refused.length).toBeGreaterThanOrEqual(10);
    expect(refused.every((r) => /\r\nRetry-After: \d+\r\n/i.test(r))).toBe(true);
    expect(t.server.voice.stats.rateLimited).toBeGreaterThanOrEqual(10);

    // Limits are per source address: another machine (127.0.0.2 on loopback) is not held back.
    const neighbour = await peer('127.0.0.2');
    await neighbour.send(request('INVITE', neighbour.port, 1000));
    await until(() => neighbour.replies.some((r) => statusOf(r) >= 200));
    expect(neighbour.replies.map(statusOf).filter((s) => s >= 200)).toEqual([404]);
  });

  it('does not hold a trusted address (HOTLINE_SIP_TRUSTED, a trunk) to the per-address limit', async () => {
    for (const address of ['127.0.0.3', '127.0.1.9']) {
      const trunk = await peer(address);
      const before = t.server.voice.stats.rateLimited;
      for (let n = 0; n < 40; n++) await trunk.send(request('INVITE', trunk.port, 2000 + n));
      await until(() => trunk.replies.filter((r) => statusOf(r) >= 200).length >= 40);
      // Far past the burst of 20, every INVITE is answered on its merits (an unknown number: 404).
      const finals = trunk.replies.map(statusOf).filter((s) => s >= 200);
      expect(finals).toEqual(Array.from({ length: 40 }, () => 404));
      expect(t.server.voice.stats.rateLimited).toBe(before);
    }
  });

  it('answers a REGISTER flood with 503 past its burst', async () => {
    const flooder = await peer();
    for (let n = 0; n < 25; n++) await flooder.send(request('REGISTER', flooder.port, n, 'sip:127.0.0.1'));
    await until(() => flooder.replies.length >= 25);
    const statuses = flooder.replies.map(statusOf);
    // Without credentials each REGISTER in the burst is challenged; the rest are refused.
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(8);
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThanOrEqual(10);
  });
});
