import { describe, expect, it } from 'vitest';
import wavefile from 'wavefile';
import { RecordingWriter } from './recording-writer.ts';

/** A 20 ms frame whose every sample is `value`, so positions in the output are easy to read. */
const frame = (value: number) => new Int16Array(160).fill(value);

/** Streams the writer the way the voice edge will: header, drained chunks, tail, header again. */
function streamed(rec: RecordingWriter, feed: (drain: (nowMs: number) => Uint8Array) => void): Uint8Array {
  const chunks: Uint8Array[] = [rec.header()];
  feed((nowMs) => {
    const chunk = rec.drain(nowMs);
    chunks.push(chunk);
    return chunk;
  });
  const { tail, header } = rec.finalize();
  chunks.push(tail);
  const file = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    file.set(c, at);
    at += c.length;
  }
  file.set(header, 0);
  return file;
}

function channels(file: Uint8Array): [Int16Array, Int16Array] {
  const w = new wavefile.WaveFile(file);
  expect(w.fmt).toMatchObject({ numChannels: 2, sampleRate: 8000, bitsPerSample: 16 });
  const [left, right] = w.getSamples(false, Int16Array) as unknown as Int16Array[];
  return [left!, right!];
}

/** The value of each 20 ms slot of a channel (the frame's fill value, 0 for silence). */
const slots = (pcm: Int16Array) => Array.from({ length: pcm.length / 160 }, (_, i) => pcm[i * 160 + 80]);

describe('RecordingWriter', () => {
  it('puts the caller left and the agent right, frame for frame', () => {
    const rec = new RecordingWriter({ startMs: 1000 });
    const file = streamed(rec, (drain) => {
      for (let i = 1; i <= 50; i++) {
        rec.push('caller', 1000 + i * 20, frame(i));
        rec.push('agent', 1000 + i * 20 + 3, frame(-i));
        if (i % 10 === 0) drain(1000 + i * 20);
      }
    });
    const [left, right] = channels(file);
    expect(left.length).toBe(50 * 160);
    expect(slots(left)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(slots(right)).toEqual(Array.from({ length: 50 }, (_, i) => -(i + 1)));
  });

  it('fills a gap on one side with silence without shifting the other side', () => {
    const rec = new RecordingWriter({ startMs: 0 });
    const file = streamed(rec, (drain) => {
      for (let i = 1; i <= 40; i++) {
        rec.push('caller', i * 20, frame(i));
        // The agent's frames 11–20 are lost (200 ms of nothing).
        if (i <= 10 || i > 20) rec.push('agent', i * 20 + 5, frame(100 + i));
        if (i % 7 === 0) drain(i * 20);
      }
    });
    const [left, right] = channels(file);
    expect(slots(left)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(slots(right)).toEqual(Array.from({ length: 40 }, (_, i) => (i < 10 || i >= 20 ? 101 + i : 0)));
    expect(rec.stats.silenceMs.agent).toBe(200);
    expect(rec.stats.silenceMs.caller).toBe(0);
  });

  it('absorbs jitter: frames arriving a little late or in a burst stay back to back', () => {
    const rec = new RecordingWriter({ startMs: 0 });
    const jitter = [0, 15, 3, 40, 40, 40, 2, 0, 30, 5];
    const file = streamed(rec, () => {
      jitter.forEach((late, i) => {
        rec.push('caller', (i + 1) * 20 + late, frame(i + 1));
        rec.push('agent', (i + 1) * 20, frame(i + 1));
      });
    });
    const [left, right] = channels(file);
    expect(slots(left)).toEqual(slots(right));
    expect(rec.stats.silenceMs.caller).toBe(0);
  });

  it('writes silence for a leg that sends nothing (hold), keeping memory bounded', () => {
    const rec = new RecordingWriter({ startMs: 0, holdbackMs: 300 });
    let written = 0;
    const file = streamed(rec, (drain) => {
      for (let i = 1; i <= 500; i++) {
        rec.push('caller', i * 20, frame(1));
        if (i % 50 === 0) {
          written += drain(i * 20).length;
          // All but the holdback has left the writer: 4 bytes per stereo sample.
          expect(written).toBe((i * 20 - 300) * 8 * 4);
        }
      }
    });
    const [left, right] = channels(file);
    expect(left.length).toBe(500 * 160);
    expect(left.every((v) => v === 1)).toBe(true);
    expect(right.every((v) => v === 0)).toBe(true);
  });

  it('places a leg that joins late at its arrival time', () => {
    const rec = new RecordingWriter({ startMs: 0 });
    const file = streamed(rec, () => {
      for (let i = 1; i <= 20; i++) {
        rec.push('caller', i * 20, frame(1));
        if (i > 10) rec.push('agent', i * 20, frame(2));
      }
    });
    const [, right] = channels(file);
    expect(slots(right)).toEqual([...new Array(10).fill(0), ...new Array(10).fill(2)]);
  });

  it('drops frames from a leg running far ahead of the clock instead of drifting', () => {
    const rec = new RecordingWriter({ startMs: 0, maxLeadMs: 100 });
    for (let i = 0; i < 20; i++) rec.push('caller', 20, frame(1)); // 400 ms of audio at once
    expect(rec.stats.droppedFrames.caller).toBe(20 - 6);
  });

  it('refuses frames after finalize', () => {
    const rec = new RecordingWriter({ startMs: 0 });
    rec.finalize();
    expect(() => rec.push('caller', 20, frame(1))).toThrow();
  });
});
