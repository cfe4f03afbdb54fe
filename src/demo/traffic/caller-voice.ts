/**
 * What a simulated caller sounds like: not a test tone but speech-like babble (syllables of
 * a voiced sound at a talking pitch, with pauses between phrases), so a supervisor listening
 * to a demo recording hears "someone talking" rather than a beep. 8 kHz mono PCM, made once
 * per seed. Pure.
 */
import { type Random, seededRandom } from './seeded-random.ts';

export const VOICE_SAMPLE_RATE = 8000;

/**
 * `seconds` of babble; the caller's media loops it.
 *
 * @example
 * const pcm = callerVoice(8, 1); // 64,000 samples
 */
export function callerVoice(seconds: number, seed: number): Int16Array {
  const rng = seededRandom(seed);
  const out = new Int16Array(Math.round(seconds * VOICE_SAMPLE_RATE));
  // Each caller has their own voice: a base pitch between a low man's and a high woman's.
  const basePitch = 110 + rng.next() * 130;
  let at = 0;
  while (at < out.length) {
    const syllables = 2 + Math.floor(rng.next() * 6);
    for (let s = 0; s < syllables && at < out.length; s++) at = syllable(out, at, basePitch, rng);
    // The pause between phrases.
    at += Math.round((0.2 + rng.next() * 0.5) * VOICE_SAMPLE_RATE);
  }
  return out;
}

/** One syllable from `at`: a pitch glide with a few formant-like harmonics under a smooth envelope. */
function syllable(out: Int16Array, at: number, basePitch: number, rng: Random): number {
  const length = Math.round((0.12 + rng.next() * 0.16) * VOICE_SAMPLE_RATE);
  const from = basePitch * (0.85 + rng.next() * 0.3);
  const to = from * (0.8 + rng.next() * 0.4);
  // A vowel's colour: which harmonics are strong.
  const colour = [1, 0.3 + rng.next() * 0.5, 0.1 + rng.next() * 0.4, rng.next() * 0.2];
  const level = 0.18 + rng.next() * 0.12;
  let phase = 0;
  for (let i = 0; i < length && at + i < out.length; i++) {
    const t = i / length;
    const hz = from + (to - from) * t;
    phase += (2 * Math.PI * hz) / VOICE_SAMPLE_RATE;
    let v = 0;
    for (let h = 0; h < colour.length; h++) v += colour[h]! * Math.sin((h + 1) * phase);
    // A raised-sine envelope: no clicks at the edges.
    const envelope = Math.sin(Math.PI * t);
    out[at + i] = Math.round(v * envelope * level * 20_000);
  }
  // A short gap between syllables.
  return at + length + Math.round(rng.next() * 0.06 * VOICE_SAMPLE_RATE);
}
