import { describe, expect, it } from 'vitest';
import { resampleMono } from './resample.ts';

const sine = (hz: number, rate: number, n: number, amplitude = 10000) =>
  Float64Array.from({ length: n }, (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / rate));

const rms = (x: ArrayLike<number>, from = 200) => {
  let s = 0;
  for (let i = from; i < x.length - from; i++) s += x[i]! ** 2;
  return Math.sqrt(s / (x.length - 2 * from));
};

describe('resampleMono', () => {
  it.each([
    [16000, 300],
    [16000, 3400],
    [44100, 1000],
    [48000, 3000],
    [4000, 1000],
    [11025, 2000],
  ])("keeps a %i Hz source's %i Hz tone at full level", (rate, hz) => {
    const out = resampleMono(sine(hz, rate, rate), rate, 8000);
    expect(out.length).toBe(8000);
    expect(rms(out) / (10000 / Math.SQRT2)).toBeGreaterThan(0.93);
    expect(rms(out) / (10000 / Math.SQRT2)).toBeLessThan(1.03);
  });

  it.each([5000, 7000, 12000])('removes a %i Hz tone that 8 kHz cannot carry', (hz) => {
    const out = resampleMono(sine(hz, 32000, 32000), 32000, 8000);
    expect(rms(out)).toBeLessThan(10000 / Math.SQRT2 / 100); // -40 dB
  });

  it('passes 8 kHz through, clamped to 16 bits', () => {
    expect([...resampleMono([1.4, -40000, 40000], 8000, 8000)]).toEqual([1, -32768, 32767]);
  });

  it('keeps a constant level at every fractional position', () => {
    const out = resampleMono(new Float64Array(44100).fill(1000), 44100, 8000);
    for (let i = 200; i < out.length - 200; i++) expect(Math.abs(out[i]! - 1000)).toBeLessThanOrEqual(2);
  });
});
