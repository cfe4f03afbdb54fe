import { FRAME_SAMPLES, type FrameSource } from '../edge/rtp-leg.ts';

/**
 * The tones the agent hears on an outbound call before the customer speaks, as China's
 * network plays them (YD/T 1064, 450 Hz): ringback while the customer's phone rings
 * (1 s on, 4 s off) and the busy tone when the call cannot go through (0.35 s on, 0.35 s off).
 */
const RATE = 8000;
const HZ = 450;
const LEVEL = 6000;

/** `seconds` of the 450 Hz tone switched by `cadence` ([on, off] in seconds, repeated). */
export function cadencedTone(seconds: number, cadence: readonly [number, number]): Int16Array {
  const pcm = new Int16Array(Math.round(seconds * RATE));
  const period = (cadence[0] + cadence[1]) * RATE;
  for (let i = 0; i < pcm.length; i++) {
    if (i % period < cadence[0] * RATE) pcm[i] = Math.round(LEVEL * Math.sin((2 * Math.PI * HZ * i) / RATE));
  }
  return pcm;
}

let ring: Int16Array | undefined;

/** Ringback, looped for as long as the customer's phone rings. */
export function ringbackSource(): FrameSource {
  ring ??= cadencedTone(5, [1, 4]);
  const loop = ring;
  let offset = 0;
  return () => {
    const frame = loop.slice(offset, offset + FRAME_SAMPLES);
    offset = (offset + FRAME_SAMPLES) % loop.length;
    return frame;
  };
}

/** About two seconds of busy tone: the customer's line is busy or the call failed. */
export function busyTone(): Int16Array {
  return cadencedTone(2.1, [0.35, 0.35]);
}
