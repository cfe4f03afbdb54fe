import { clamp16 } from './resample.ts';

/**
 * Hotline's own music on hold, synthesized rather than shipped, so it is royalty-free by
 * construction and costs no asset: a soft I–vi–ii–V progression in C (Cmaj7, Am7, Dm7,
 * G7sus4) as a warm pad, with a slow plucked arpeggio on top, 10 s long and seamless when
 * looped (every note's tail wraps around to the start). Notes sit between 130 Hz and 1 kHz
 * plus harmonics, inside what a phone passes, and the mix peaks at -6 dBFS so G.711 never
 * clips. Deterministic: the same samples on every run and every server.
 *
 * @example
 * const player = new LoopPlayer(encodeG711('PCMA', holdMusic()));
 */

export const HOLD_MUSIC_SAMPLE_RATE = 8000;
const CHORD_SECONDS = 2.5;
const ARPEGGIO_STEPS = 8;

/** MIDI note numbers: a bass note, then the chord's pad voicing. */
const PROGRESSION: { bass: number; pad: number[] }[] = [
  { bass: 48, pad: [60, 64, 67, 71] }, // Cmaj7
  { bass: 45, pad: [60, 64, 67, 69] }, // Am7
  { bass: 50, pad: [60, 62, 65, 69] }, // Dm7
  { bass: 43, pad: [60, 62, 65, 67] }, // G7sus4
];

let cached: Int16Array | null = null;

/** The loop as 8 kHz mono 16-bit PCM (shared; do not modify). */
export function holdMusic(): Int16Array {
  cached ??= synthesize();
  return cached;
}

function synthesize(): Int16Array {
  const rate = HOLD_MUSIC_SAMPLE_RATE;
  const chordLength = Math.round(CHORD_SECONDS * rate);
  const length = chordLength * PROGRESSION.length;
  const mix = new Float64Array(length);

  PROGRESSION.forEach((chord, c) => {
    const start = c * chordLength;
    // The pad swells in and overlaps the next chord by half a second, so changes are smooth.
    const padLength = chordLength + Math.round(0.5 * rate);
    for (const note of chord.pad) addTone(mix, start, padLength, midiHz(note), 0.16, padEnvelope);
    addTone(mix, start, padLength, midiHz(chord.bass), 0.22, padEnvelope);
    const arpeggio = [...chord.pad.map((n) => n + 12), chord.pad[2]! + 12, chord.pad[1]! + 12];
    const stepLength = chordLength / ARPEGGIO_STEPS;
    arpeggio.slice(0, ARPEGGIO_STEPS).forEach((note, step) => {
      addTone(
        mix,
        start + Math.round(step * stepLength),
        Math.round(0.9 * rate),
        midiHz(note),
        0.1,
        pluckEnvelope,
      );
    });
  });

  let peak = 0;
  for (const v of mix) peak = Math.max(peak, Math.abs(v));
  const gain = (0.5 * 32767) / peak;
  const out = new Int16Array(length);
  for (let i = 0; i < length; i++) out[i] = clamp16(mix[i]! * gain);
  return out;
}

/** Adds a note with a few soft harmonics; samples past the end wrap to the loop's start. */
function addTone(
  mix: Float64Array,
  start: number,
  length: number,
  hz: number,
  level: number,
  envelope: (t: number, duration: number) => number,
): void {
  const rate = HOLD_MUSIC_SAMPLE_RATE;
  const duration = length / rate;
  const w = (2 * Math.PI * hz) / rate;
  for (let i = 0; i < length; i++) {
    const env = envelope(i / rate, duration) * level;
    const phase = w * i;
    const v = Math.sin(phase) + 0.3 * Math.sin(2 * phase) + 0.08 * Math.sin(3 * phase);
    mix[(start + i) % mix.length]! += v * env;
  }
}

/** Slow raised-cosine attack and release: no clicks, nothing percussive. */
function padEnvelope(t: number, duration: number): number {
  const attack = 0.4;
  const release = 0.8;
  if (t < attack) return 0.5 - 0.5 * Math.cos((Math.PI * t) / attack);
  if (t > duration - release) return 0.5 + 0.5 * Math.cos((Math.PI * (t - (duration - release))) / release);
  return 1;
}

/** A soft pluck: 10 ms attack, then an exponential decay faded to zero at the end. */
function pluckEnvelope(t: number, duration: number): number {
  const attack = 0.01;
  const rise = t < attack ? t / attack : 1;
  return rise * Math.exp(-(t - Math.min(t, attack)) / 0.25) * Math.min(1, (duration - t) / 0.1);
}

function midiHz(note: number): number {
  return 440 * 2 ** ((note - 69) / 12);
}
