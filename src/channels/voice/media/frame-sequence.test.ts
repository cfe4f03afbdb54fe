import { describe, expect, it } from 'vitest';
import { FrameSequence } from './frame-sequence.ts';

const all = <T extends Int16Array | Uint8Array>(seq: FrameSequence<T>) => {
  const frames: number[][] = [];
  for (let f = seq.next(); f; f = seq.next()) frames.push([...f]);
  return frames;
};

describe('FrameSequence', () => {
  it('runs frames across the joins and pads the last with the silence value', () => {
    const seq = new FrameSequence(
      [Uint8Array.of(1, 2, 3), Uint8Array.of(), Uint8Array.of(4, 5, 6, 7, 8)],
      3,
      0xff,
    );
    expect(all(seq)).toEqual([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 0xff],
    ]);
    expect(seq.done).toBe(true);
    expect(seq.next()).toBeNull();
  });

  it('plays nothing for no sounds, and 16-bit sounds pad with 0', () => {
    expect(all(new FrameSequence<Int16Array>([]))).toEqual([]);
    expect(all(new FrameSequence([Int16Array.of(-1, 1, 9)], 2))).toEqual([
      [-1, 1],
      [9, 0],
    ]);
  });
});
