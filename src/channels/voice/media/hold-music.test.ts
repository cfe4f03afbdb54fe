import { describe, expect, it } from 'vitest';
import { encodeG711 } from './g711.ts';
import { HOLD_MUSIC_SAMPLE_RATE, holdMusic } from './hold-music.ts';
import { LoopPlayer } from './loop-player.ts';

describe('holdMusic', () => {
  const music = holdMusic();

  it('is a 10 s loop at 8 kHz peaking at -6 dBFS, the same on every call', () => {
    expect(music.length).toBe(10 * HOLD_MUSIC_SAMPLE_RATE);
    const peak = music.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(peak).toBeGreaterThan(16000);
    expect(peak).toBeLessThanOrEqual(16384);
    expect(holdMusic()).toBe(music);
  });

  it('is never silent and joins its end to its start without a click', () => {
    for (let at = 0; at < music.length; at += 800) {
      const window = music.subarray(at, at + 800);
      const rms = Math.sqrt(window.reduce((s, v) => s + v * v, 0) / window.length);
      expect(rms).toBeGreaterThan(500);
    }
    // The jump across the loop point is no bigger than the biggest jump inside the loop.
    let biggest = 0;
    for (let i = 1; i < music.length; i++) biggest = Math.max(biggest, Math.abs(music[i]! - music[i - 1]!));
    expect(Math.abs(music[0]! - music[music.length - 1]!)).toBeLessThanOrEqual(biggest);
  });
});

describe('LoopPlayer', () => {
  it('plays frames in order and wraps around seamlessly', () => {
    const sound = Uint8Array.from({ length: 10 }, (_, i) => i);
    const player = new LoopPlayer(sound, 4);
    expect([...player.next()]).toEqual([0, 1, 2, 3]);
    expect([...player.next()]).toEqual([4, 5, 6, 7]);
    expect([...player.next()]).toEqual([8, 9, 0, 1]);
    expect([...player.next()]).toEqual([2, 3, 4, 5]);
  });

  it('loops a sound shorter than a frame, and can start anywhere', () => {
    expect([...new LoopPlayer(Int16Array.of(1, 2, 3), 7).next()]).toEqual([1, 2, 3, 1, 2, 3, 1]);
    expect([...new LoopPlayer(Int16Array.of(1, 2, 3), 2, 5).next()]).toEqual([3, 1]);
    expect(() => new LoopPlayer(new Uint8Array(0))).toThrow(RangeError);
  });

  it('plays the encoded hold music as 160-byte frames', () => {
    const player = new LoopPlayer(encodeG711('PCMA', holdMusic()));
    for (let i = 0; i < 600; i++) expect(player.next()).toHaveLength(160);
  });
});
