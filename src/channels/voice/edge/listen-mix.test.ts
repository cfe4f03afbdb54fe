import { describe, expect, it } from 'vitest';
import { MixRelay } from './listen-mix.ts';
import { FRAME_SAMPLES } from './rtp-leg.ts';

const frame = (value: number) => new Int16Array(FRAME_SAMPLES).fill(value);

describe('MixRelay', () => {
  it('sums one frame of each side', () => {
    const mix = new MixRelay();
    mix.push('caller', frame(1000));
    mix.push('agent', frame(-300));
    expect(mix.frame()?.[0]).toBe(700);
    expect(mix.frame()).toBeNull();
  });

  it('passes one side through while the other is quiet', () => {
    const mix = new MixRelay();
    mix.push('agent', frame(42));
    expect(mix.frame()?.[10]).toBe(42);
  });

  it('clips at full scale instead of wrapping around', () => {
    const mix = new MixRelay();
    mix.push('caller', frame(30000));
    mix.push('agent', frame(30000));
    expect(mix.frame()?.[0]).toBe(32767);
    mix.push('caller', frame(-30000));
    mix.push('agent', frame(-30000));
    expect(mix.frame()?.[0]).toBe(-32768);
  });

  it('keeps only the latest frames of a side that nobody drains', () => {
    const mix = new MixRelay(2);
    for (let i = 1; i <= 5; i++) mix.push('caller', frame(i));
    expect(mix.frame()?.[0]).toBe(4);
    expect(mix.frame()?.[0]).toBe(5);
    expect(mix.frame()).toBeNull();
  });
});
