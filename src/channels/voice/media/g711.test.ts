import { describe, expect, it } from 'vitest';
import {
  decodeG711,
  encodeG711,
  G711_SILENCE,
  type G711Codec,
  g711CodecForPayloadType,
  transcodeG711,
} from './g711.ts';

const ramp = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);

describe('G.711', () => {
  it.each(['PCMU', 'PCMA'] as G711Codec[])('%s round-trips within the codec step size', (codec) => {
    const decoded = decodeG711(codec, encodeG711(codec, ramp));
    for (let i = 0; i < ramp.length; i += 7) {
      const x = ramp[i]!;
      // G.711 is logarithmic: the step within a segment is 1/16 of the segment's base, so the
      // error is at most about 1/32 of the magnitude; μ-law measures it from its bias of 132,
      // A-law has a floor of half its smallest step (16 at 16-bit scale).
      const bound = codec === 'PCMU' ? (Math.abs(x) + 132) / 31 + 1 : Math.max(16, Math.abs(x) / 31 + 1);
      expect(Math.abs(decoded[i]! - x)).toBeLessThanOrEqual(bound);
    }
  });

  it('encodes a sine with a signal-to-noise ratio near 38 dB', () => {
    const sine = Int16Array.from({ length: 8000 }, (_, i) =>
      Math.round(10000 * Math.sin((2 * Math.PI * 1000 * i) / 8000 + 0.3)),
    );
    for (const codec of ['PCMU', 'PCMA'] as G711Codec[]) {
      const out = decodeG711(codec, encodeG711(codec, sine));
      let signal = 0;
      let noise = 0;
      sine.forEach((x, i) => {
        signal += x * x;
        noise += (x - out[i]!) ** 2;
      });
      expect(10 * Math.log10(signal / noise)).toBeGreaterThan(33);
    }
  });

  it('matches the published codes for silence and payload types', () => {
    expect(encodeG711('PCMU', Int16Array.of(0))[0]).toBe(G711_SILENCE.PCMU);
    expect(encodeG711('PCMA', Int16Array.of(0))[0]).toBe(G711_SILENCE.PCMA);
    expect(decodeG711('PCMU', Uint8Array.of(0xff))[0]).toBe(0);
    expect(g711CodecForPayloadType(0)).toBe('PCMU');
    expect(g711CodecForPayloadType(8)).toBe('PCMA');
    expect(g711CodecForPayloadType(18)).toBeNull();
  });

  it('transcodes between the laws close to a decode and re-encode', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const direct = decodeG711('PCMA', transcodeG711('PCMU', 'PCMA', all));
    const reference = decodeG711('PCMU', all);
    direct.forEach((v, i) => {
      expect(Math.abs(v - reference[i]!)).toBeLessThanOrEqual((Math.abs(reference[i]!) + 132) / 15);
    });
    expect(transcodeG711('PCMA', 'PCMA', all)).toBe(all);
  });
});
