import { describe, expect, it } from 'vitest';
import { callerVoice, VOICE_SAMPLE_RATE } from './caller-voice.ts';

describe('caller voice', () => {
  it('is the asked length, never clips, and alternates speech with pauses', () => {
    const pcm = callerVoice(6, 3);
    expect(pcm.length).toBe(6 * VOICE_SAMPLE_RATE);
    let peak = 0;
    for (const v of pcm) peak = Math.max(peak, Math.abs(v));
    expect(peak).toBeGreaterThan(3000);
    expect(peak).toBeLessThan(32767);
    // 20 ms frames: some loud (talking), some silent (pauses), as speech is.
    const frames = Array.from({ length: pcm.length / 160 }, (_, f) => {
      let energy = 0;
      for (let i = f * 160; i < (f + 1) * 160; i++) energy += pcm[i]! * pcm[i]!;
      return Math.sqrt(energy / 160);
    });
    const loud = frames.filter((e) => e > 1000).length / frames.length;
    const silent = frames.filter((e) => e < 50).length / frames.length;
    expect(loud).toBeGreaterThan(0.3);
    expect(silent).toBeGreaterThan(0.1);
  });

  it('is the same for a seed and another voice for another seed', () => {
    expect(callerVoice(1, 5)).toEqual(callerVoice(1, 5));
    expect(callerVoice(1, 5)).not.toEqual(callerVoice(1, 6));
  });
});
