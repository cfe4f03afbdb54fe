import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addToTimestamp,
  decodeRtpPacket,
  encodeRtpPacket,
  extendCounter,
  nextSequenceNumber,
  RtpPacketError,
  sequenceDelta,
  timestampDelta,
} from './rtp-packet.ts';

describe('RTP packets', () => {
  it('round-trips every header field', () => {
    const packet = {
      marker: true,
      payloadType: 101,
      sequenceNumber: 65535,
      timestamp: 0xfffffff0,
      ssrc: 0xdeadbeef,
      csrc: [1, 0xffffffff],
      extension: { profile: 0xbede, data: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8) },
      payload: Uint8Array.of(9, 8, 7),
      paddingLength: 5,
    };
    const bytes = encodeRtpPacket(packet);
    expect(bytes.length).toBe(12 + 8 + 4 + 8 + 3 + 5);
    expect(bytes[0]).toBe(0x80 | 0x20 | 0x10 | 2);
    expect(decodeRtpPacket(bytes)).toEqual(packet);
  });

  it('decodes a plain PCMU packet from known bytes', () => {
    const bytes = Uint8Array.of(0x80, 0x00, 0x12, 0x34, 0, 0, 0x01, 0x40, 0, 0, 0, 7, 0xff, 0xfe);
    const p = decodeRtpPacket(bytes);
    expect(p).toMatchObject({
      marker: false,
      payloadType: 0,
      sequenceNumber: 0x1234,
      timestamp: 320,
      ssrc: 7,
    });
    expect([...p.payload]).toEqual([0xff, 0xfe]);
    expect(p.extension).toBeNull();
    expect(p.csrc).toEqual([]);
  });

  it('reads from a view at an offset into a larger buffer', () => {
    const bytes = encodeRtpPacket({
      payloadType: 8,
      sequenceNumber: 1,
      timestamp: 2,
      ssrc: 3,
      payload: Uint8Array.of(1),
    });
    const big = new Uint8Array(100);
    big.set(bytes, 37);
    expect(decodeRtpPacket(big.subarray(37, 37 + bytes.length)).sequenceNumber).toBe(1);
  });

  const header = [0x80, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1];
  it.each([
    ['too-short', [0x80, 0, 0, 1]],
    ['bad-version', [0x40, ...header.slice(1)]],
    ['truncated-csrc', [0x83, ...header.slice(1), 0, 0, 0, 1]],
    ['truncated-extension', [0x90, ...header.slice(1), 0xbe, 0xde]],
    ['truncated-extension', [0x90, ...header.slice(1), 0xbe, 0xde, 0, 2, 1, 2, 3, 4]],
    ['bad-padding', [0xa0, ...header.slice(1), 1, 2, 0]],
    ['bad-padding', [0xa0, ...header.slice(1), 1, 9]],
  ])('rejects a malformed packet (%s)', (reason, bytes) => {
    expect(() => decodeRtpPacket(Uint8Array.from(bytes))).toThrow(
      expect.objectContaining({ name: 'RtpPacketError', reason }),
    );
  });

  it('rejects out-of-range fields when encoding', () => {
    const base = { payloadType: 0, sequenceNumber: 0, timestamp: 0, ssrc: 0, payload: new Uint8Array() };
    expect(() => encodeRtpPacket({ ...base, payloadType: 128 })).toThrow(RangeError);
    expect(() => encodeRtpPacket({ ...base, sequenceNumber: 65536 })).toThrow(RangeError);
    expect(() => encodeRtpPacket({ ...base, csrc: new Array(16).fill(1) })).toThrow(RangeError);
  });

  it('fuzz: decoding arbitrary bytes returns a packet or throws RtpPacketError only', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          const p = decodeRtpPacket(bytes);
          expect(p.payload.length + p.paddingLength).toBeLessThanOrEqual(bytes.length - 12);
        } catch (err) {
          if (!(err instanceof RtpPacketError)) throw err;
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('fuzz: mostly-valid headers with random flags and lengths', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0x3f }),
        fc.uint8Array({ minLength: 11, maxLength: 80 }),
        (flags, rest) => {
          try {
            decodeRtpPacket(Uint8Array.of(0x80 | flags, ...rest));
          } catch (err) {
            if (!(err instanceof RtpPacketError)) throw err;
          }
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('fuzz: any valid packet round-trips', () => {
    fc.assert(
      fc.property(
        fc.record({
          marker: fc.boolean(),
          payloadType: fc.integer({ min: 0, max: 127 }),
          sequenceNumber: fc.integer({ min: 0, max: 0xffff }),
          timestamp: fc.nat({ max: 0xffffffff }),
          ssrc: fc.nat({ max: 0xffffffff }),
          csrc: fc.array(fc.nat({ max: 0xffffffff }), { maxLength: 15 }),
          extension: fc.option(
            fc.record({
              profile: fc.integer({ min: 0, max: 0xffff }),
              data: fc.integer({ min: 0, max: 4 }).map((w) => new Uint8Array(w * 4).fill(w)),
            }),
          ),
          payload: fc.uint8Array({ maxLength: 160 }),
          paddingLength: fc.integer({ min: 0, max: 255 }),
        }),
        (packet) => {
          expect(decodeRtpPacket(encodeRtpPacket(packet))).toEqual(packet);
        },
      ),
    );
  });
});

describe('sequence and timestamp wrap-around', () => {
  it.each([
    [0, 1, 1],
    [65535, 0, 1],
    [65530, 4, 10],
    [4, 65530, -10],
    [100, 100, 0],
  ])('sequenceDelta(%i, %i) = %i', (from, to, delta) => {
    expect(sequenceDelta(from, to)).toBe(delta);
  });

  it('steps and adds modulo the field size', () => {
    expect(nextSequenceNumber(65535)).toBe(0);
    expect(addToTimestamp(0xffffff00, 0x200)).toBe(0x100);
    expect(timestampDelta(0xffffff00, 0x100)).toBe(0x200);
    expect(timestampDelta(0x100, 0xffffff00)).toBe(-0x200);
  });

  it('extends counters across wraps and tolerates reordering', () => {
    let ext: number | null = null;
    const seen: number[] = [];
    for (const seq of [65533, 65534, 65535, 1, 0, 2]) {
      ext = extendCounter(ext, seq, 16);
      seen.push(ext);
    }
    expect(seen).toEqual([65533, 65534, 65535, 65537, 65536, 65538]);
    expect(extendCounter(0xfffffff0, 0x10, 32)).toBe(0x100000010);
  });
});
