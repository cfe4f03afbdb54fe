/**
 * Sample-rate conversion of mono PCM to the telephone rate. Going down (44.1 kHz → 8 kHz)
 * first band-limits with a windowed-sinc low-pass just below the new Nyquist frequency, so
 * the cymbals of an uploaded jingle do not fold back as audible aliasing, then reads the
 * filtered signal by linear interpolation (accurate once the signal is well oversampled).
 * The filter is only evaluated at the input positions interpolation needs, so the cost is
 * per output sample, not per input sample. Going up interpolates linearly.
 *
 * @example const pcm8k = resampleMono(samples44k, 44100, 8000);
 */

/** Telephone audio carries 300–3400 Hz; the pass band keeps it all and stops before 4 kHz. */
const CUTOFF_FRACTION_OF_NYQUIST = 0.9;
/** Transition band width the filter length is sized for. */
const TRANSITION_HZ = 1000;

export function resampleMono(input: ArrayLike<number>, fromRate: number, toRate: number): Int16Array {
  if (!(fromRate > 0 && toRate > 0)) throw new RangeError('sample rates must be positive');
  if (fromRate === toRate) return toInt16(input);
  const outLength = Math.floor((input.length * toRate) / fromRate);
  const out = new Int16Array(outLength);
  const step = fromRate / toRate;
  const read = fromRate > toRate ? lowPassReader(input, fromRate, toRate) : (i: number) => input[i]!;
  const last = input.length - 1;
  for (let n = 0; n < outLength; n++) {
    const position = n * step;
    const i = Math.floor(position);
    const frac = position - i;
    const a = read(i);
    const b = i < last ? read(i + 1) : a;
    out[n] = clamp16(a + (b - a) * frac);
  }
  return out;
}

function lowPassReader(input: ArrayLike<number>, fromRate: number, toRate: number): (i: number) => number {
  const kernel = lowPassKernel(fromRate, (toRate / 2) * CUTOFF_FRACTION_OF_NYQUIST);
  const half = (kernel.length - 1) / 2;
  const n = input.length;
  return (i) => {
    let sum = 0;
    const from = Math.max(0, i - half);
    const to = Math.min(n - 1, i + half);
    for (let j = from; j <= to; j++) sum += input[j]! * kernel[j - i + half]!;
    return sum;
  };
}

/** A Blackman-windowed sinc with unity gain at DC; odd length so it is centred on a sample. */
export function lowPassKernel(sampleRate: number, cutoffHz: number): Float64Array {
  const taps = Math.ceil((5.5 * sampleRate) / TRANSITION_HZ) | 1;
  const half = (taps - 1) / 2;
  const fc = cutoffHz / sampleRate;
  const kernel = new Float64Array(taps);
  let sum = 0;
  for (let k = 0; k < taps; k++) {
    const x = k - half;
    const sinc = x === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * x) / (Math.PI * x);
    const window =
      0.42 - 0.5 * Math.cos((2 * Math.PI * k) / (taps - 1)) + 0.08 * Math.cos((4 * Math.PI * k) / (taps - 1));
    kernel[k] = sinc * window;
    sum += kernel[k]!;
  }
  for (let k = 0; k < taps; k++) kernel[k]! /= sum;
  return kernel;
}

function toInt16(input: ArrayLike<number>): Int16Array {
  const out = new Int16Array(input.length);
  for (let i = 0; i < input.length; i++) out[i] = clamp16(input[i]!);
  return out;
}

export function clamp16(value: number): number {
  const v = Math.round(value);
  return Math.min(32767, Math.max(-32768, v));
}
