import { describe, expect, it } from 'vitest';
import { readCallId } from './sip-fields.ts';
import { SipStreamFramer } from './sip-stream.ts';
import { INVITE, OK_RESPONSE, REGISTER, sipText } from './sip-test-messages.ts';

const STREAM = Buffer.from(`\r\n\r\n${INVITE}\r\n\r\n${REGISTER}\r\n\r\n\r\n\r\n${OK_RESPONSE}`);
const CALL_IDS = [
  '3848276298220188511@192.0.2.10',
  '1j9FpLxk3uxtm8tn@10.1.2.3',
  '3848276298220188511@192.0.2.10',
];

function feed(framer: SipStreamFramer, chunks: readonly Buffer[]) {
  const callIds: string[] = [];
  let keepAlives = 0;
  for (const chunk of chunks) {
    const output = framer.push(chunk);
    callIds.push(...output.messages.map(readCallId));
    keepAlives += output.keepAlives;
    if (output.error) return { callIds, keepAlives, error: output.error.reason };
  }
  return { callIds, keepAlives, error: undefined };
}

describe('SipStreamFramer', () => {
  it('cuts a stream holding three messages and four pings, in one chunk', () => {
    expect(feed(new SipStreamFramer(), [STREAM])).toEqual({
      callIds: CALL_IDS,
      keepAlives: 4,
      error: undefined,
    });
  });

  it('gives the same messages and pings when the stream is split at every byte', () => {
    const framer = new SipStreamFramer();
    const bytes = [...STREAM].map((byte) => Buffer.from([byte]));
    expect(feed(framer, bytes)).toEqual({ callIds: CALL_IDS, keepAlives: 4, error: undefined });
    expect(framer.buffered).toBe(0);
  });

  it('gives the same messages for every single split point', () => {
    for (let at = 0; at <= STREAM.length; at++) {
      const result = feed(new SipStreamFramer(), [STREAM.subarray(0, at), STREAM.subarray(at)]);
      expect(result.callIds, `split at ${at}`).toEqual(CALL_IDS);
      expect(result.keepAlives, `split at ${at}`).toBe(4);
    }
  });

  it('takes a near-limit message dripped one byte at a time, then the next one whole', () => {
    const body = 'a'.repeat(60_000);
    const big = INVITE.replace('Content-Length: 131', `Content-Length: ${body.length}`).replace(
      /\r\n\r\n[\s\S]*$/,
      `\r\n\r\n${body}`,
    );
    const bytes = Buffer.from(big + REGISTER);
    const framer = new SipStreamFramer();
    const messages = [];
    for (let i = 0; i < bytes.length; i++) messages.push(...framer.push(bytes.subarray(i, i + 1)).messages);
    expect(messages.map((message) => message.body.length)).toEqual([60_000, 0]);
    expect(messages[0]!.body.toString()).toBe(body);
  });

  it('keeps earlier message bodies intact when later chunks reuse the buffer', () => {
    const framer = new SipStreamFramer();
    const first = framer.push(Buffer.from(INVITE)).messages[0]!;
    const copy = Buffer.from(first.body);
    for (let i = 0; i < 50; i++) framer.push(Buffer.from(OK_RESPONSE));
    expect(first.body.equals(copy)).toBe(true);
  });

  it('waits for the body that Content-Length announces', () => {
    const framer = new SipStreamFramer();
    const bytes = Buffer.from(INVITE);
    expect(framer.push(bytes.subarray(0, -1)).messages).toEqual([]);
    expect(framer.push(bytes.subarray(-1)).messages).toHaveLength(1);
  });

  it('does not grow on endless line feeds', () => {
    const framer = new SipStreamFramer();
    for (let i = 0; i < 100; i++) framer.push(Buffer.from('\n'.repeat(1000)));
    expect(framer.buffered).toBeLessThan(4);
  });

  it('rejects a message without Content-Length and stays closed', () => {
    const framer = new SipStreamFramer();
    const bad = sipText(
      REGISTER.split('\r\n').filter((line) => line !== '' && !line.startsWith('Content-Length')),
    );
    const result = framer.push(Buffer.from(`${INVITE}${bad}${INVITE}`));
    expect(result.messages.map(readCallId)).toEqual([CALL_IDS[0]]);
    expect(result.error?.reason).toBe('missing Content-Length');
    expect(framer.push(Buffer.from(INVITE))).toMatchObject({ messages: [], error: result.error });
  });

  it('rejects a header section that never ends once it passes the size limit', () => {
    const framer = new SipStreamFramer({ maxMessageBytes: 1024 });
    const result = framer.push(Buffer.from(`INVITE sip:a@b SIP/2.0\r\nSubject: ${'x'.repeat(2000)}`));
    expect(result.error?.reason).toBe('message too large');
  });

  it('rejects an announced body larger than the limit before it arrives', () => {
    const framer = new SipStreamFramer({ maxMessageBytes: 4096 });
    const head = INVITE.slice(0, INVITE.indexOf('\r\n\r\n')).replace(
      'Content-Length: 131',
      'Content-Length: 100000',
    );
    expect(framer.push(Buffer.from(`${head}\r\n\r\n`)).error?.reason).toBe('message too large');
  });

  it('rejects two Content-Length headers and a bad one', () => {
    const twice = INVITE.replace('Content-Length: 131', 'Content-Length: 131\r\nl: 131');
    expect(new SipStreamFramer().push(Buffer.from(twice)).error?.reason).toBe('more than one Content-Length');
    const bad = INVITE.replace('Content-Length: 131', 'Content-Length: 1e3');
    expect(new SipStreamFramer().push(Buffer.from(bad)).error?.reason).toBe('bad Content-Length');
  });

  it('passes a malformed message on as an error rather than a crash', () => {
    const result = new SipStreamFramer().push(Buffer.from(sipText(['HELLO', 'Content-Length: 0'])));
    expect(result.error?.reason).toBe('bad start line');
  });
});
