import wavefile from 'wavefile';
import { resampleMono } from './resample.ts';

/**
 * WAV files in and out. Prompts are uploaded by admins in whatever their audio tool saved
 * (44.1 kHz stereo, 16 kHz mono, 8-bit, float, or already G.711) and played on calls at
 * 8 kHz mono, so {@link readWavAsTelephonePcm} converts any of those to 8 kHz mono 16-bit
 * PCM. Recordings are written as plain 16-bit PCM WAV with a header built here, so a long
 * call can be streamed to disk and its header fixed up at the end ({@link wavHeader}).
 *
 * @example
 * const { pcm } = readWavAsTelephonePcm(uploadBytes); // Int16Array at 8 kHz
 */

export const TELEPHONE_SAMPLE_RATE = 8000;
export const WAV_HEADER_BYTES = 44;

export type WavErrorCode = 'not-wav' | 'corrupt' | 'unsupported-format' | 'too-long' | 'too-large' | 'empty';

/** An upload Hotline will not play; `code` picks the message the admin sees. */
export class WavError extends Error {
  override readonly name = 'WavError';
  constructor(
    readonly code: WavErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface WavReadOptions {
  /**
   * Longest audio accepted (default 5 min). Prompts are short, and conversion is synchronous
   * CPU work: about 8 s for five minutes of 44.1 kHz stereo measured on a loaded 2-core
   * machine (a 20 s prompt is well under one), so long uploads belong off the event loop.
   */
  maxSeconds?: number;
  maxBytes?: number;
}

export interface TelephonePcm {
  /** 8 kHz mono 16-bit samples. */
  pcm: Int16Array;
  durationMs: number;
  source: { sampleRate: number; channels: number; bitDepth: string };
}

interface FmtChunk {
  audioFormat: number;
  numChannels: number;
  sampleRate: number;
  blockAlign: number;
  bitsPerSample: number;
}

interface DataChunk {
  chunkSize: number;
  samples: Uint8Array;
}

const MAX_CHANNELS = 8;

export function readWavAsTelephonePcm(
  bytes: Uint8Array,
  { maxSeconds = 300, maxBytes = 64 * 1024 * 1024 }: WavReadOptions = {},
): TelephonePcm {
  if (bytes.length > maxBytes) {
    throw new WavError('too-large', `the file is ${bytes.length} bytes, at most ${maxBytes} are accepted`);
  }
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  const format = String.fromCharCode(...bytes.subarray(8, 12));
  if (bytes.length < 12 || !['RIFF', 'RIFX', 'RF64'].includes(magic) || format !== 'WAVE') {
    throw new WavError('not-wav', 'the file is not a WAV file');
  }
  let wav: InstanceType<typeof wavefile.WaveFile>;
  try {
    wav = new wavefile.WaveFile(bytes);
  } catch (err) {
    throw new WavError('corrupt', `the WAV file cannot be read: ${(err as Error).message}`);
  }
  const fmt = wav.fmt as FmtChunk;
  const data = wav.data as DataChunk;
  const { numChannels: channels, sampleRate, blockAlign } = fmt;
  const bitDepth = wav.bitDepth;
  if (!(channels >= 1 && channels <= MAX_CHANNELS) || !(sampleRate >= 4000 && sampleRate <= 384_000)) {
    throw new WavError('corrupt', `implausible format: ${channels} channels at ${sampleRate} Hz`);
  }
  if (!['8', '16', '24', '32', '32f', '64', '8a', '8m', '4'].includes(bitDepth)) {
    throw new WavError(
      'unsupported-format',
      `unsupported sample format (${bitDepth}, format ${fmt.audioFormat})`,
    );
  }
  // Some writers leave the size as 0 or 0xFFFFFFFF while streaming; a declared size
  // larger than what is there otherwise means the upload was cut short.
  const declared = data.chunkSize;
  const streamed = declared === 0 || declared >= 0xfffffff0;
  if (!streamed && data.samples.length < declared) {
    throw new WavError(
      'corrupt',
      `the audio data is cut short (${data.samples.length} of ${declared} bytes)`,
    );
  }
  if (data.samples.length < blockAlign || blockAlign === 0) {
    throw new WavError('empty', 'the WAV file holds no audio');
  }
  const seconds = data.samples.length / blockAlign / sampleRate;
  if (bitDepth !== '4' && seconds > maxSeconds) {
    throw new WavError('too-long', `the audio is ${Math.round(seconds)} s long, at most ${maxSeconds} s`);
  }

  try {
    // Companded and ADPCM audio is decoded to 16-bit PCM by wavefile (such files are small).
    if (bitDepth === '8a') wav.fromALaw();
    else if (bitDepth === '8m') wav.fromMuLaw();
    else if (bitDepth === '4') wav.fromIMAADPCM();
  } catch (err) {
    throw new WavError('corrupt', `the audio data cannot be decoded: ${(err as Error).message}`);
  }
  const pcmDepth = ['8a', '8m', '4'].includes(bitDepth) ? '16' : bitDepth;
  const mono = downmix(wav.data as DataChunk, pcmDepth, channels, wav.container === 'RIFX');
  if (mono.length / sampleRate > maxSeconds) {
    throw new WavError(
      'too-long',
      `the audio is ${Math.round(mono.length / sampleRate)} s long, at most ${maxSeconds} s`,
    );
  }
  const pcm = resampleMono(mono, sampleRate, TELEPHONE_SAMPLE_RATE);
  return {
    pcm,
    durationMs: Math.round((pcm.length * 1000) / TELEPHONE_SAMPLE_RATE),
    source: { sampleRate, channels, bitDepth },
  };
}

/**
 * Reads interleaved samples straight from the data chunk into one mono channel on the
 * 16-bit scale, averaging the channels (a stereo prompt's two sides are usually the same
 * voice). Done here rather than with wavefile's getSamples, which makes a Float64Array per
 * channel: for a five-minute 48 kHz stereo upload that is hundreds of MB on a server.
 */
function downmix(data: DataChunk, bitDepth: string, channels: number, bigEndian: boolean): Float32Array {
  const bytes = data.samples;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = !bigEndian;
  const width = bitDepth === '64' ? 8 : bitDepth === '32' || bitDepth === '32f' ? 4 : Number(bitDepth) / 8;
  const read: (at: number) => number =
    bitDepth === '8'
      ? (at) => (view.getUint8(at) - 128) * 256
      : bitDepth === '16'
        ? (at) => view.getInt16(at, le)
        : bitDepth === '24'
          ? (at) =>
              (le
                ? view.getInt8(at + 2) * 65536 + view.getUint16(at, true)
                : view.getInt8(at) * 65536 + view.getUint16(at + 1, false)) / 256
          : bitDepth === '32'
            ? (at) => view.getInt32(at, le) / 65536
            : bitDepth === '32f'
              ? (at) => view.getFloat32(at, le) * 32768
              : (at) => view.getFloat64(at, le) * 32768;
  const blockAlign = width * channels;
  const frames = Math.floor(bytes.length / blockAlign);
  const mono = new Float32Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += read(f * blockAlign + c * width);
    mono[f] = sum / channels;
  }
  return mono;
}

/**
 * The 44-byte header of a 16-bit PCM WAV. With `dataBytes` unknown (a recording still being
 * written) pass null: the sizes are set to the largest value, which sox, ffmpeg and browsers
 * read as "until the end of the file", so a recording cut off by a crash still plays.
 */
export function wavHeader(dataBytes: number | null, sampleRate: number, channels: number): Uint8Array {
  const header = new Uint8Array(WAV_HEADER_BYTES);
  const view = new DataView(header.buffer);
  const blockAlign = channels * 2;
  const data = dataBytes ?? 0xffffffff - 36;
  header.set([0x52, 0x49, 0x46, 0x46], 0); // RIFF
  view.setUint32(4, 36 + data, true);
  header.set([0x57, 0x41, 0x56, 0x45, 0x66, 0x6d, 0x74, 0x20], 8); // WAVEfmt␠
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, 16, true);
  header.set([0x64, 0x61, 0x74, 0x61], 36); // data
  view.setUint32(40, data, true);
  return header;
}

/** 16-bit samples (interleaved when `channels` > 1) as little-endian bytes, as WAV stores them. */
export function pcmToBytes(samples: Int16Array): Uint8Array {
  const bytes = new Uint8Array(samples.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < samples.length; i++) view.setInt16(i * 2, samples[i]!, true);
  return bytes;
}

/** A whole 16-bit PCM WAV file in memory, for short audio (tests, prompts). */
export function encodeWav(samples: Int16Array, sampleRate: number, channels = 1): Uint8Array {
  const data = pcmToBytes(samples);
  const out = new Uint8Array(WAV_HEADER_BYTES + data.length);
  out.set(wavHeader(data.length, sampleRate, channels), 0);
  out.set(data, WAV_HEADER_BYTES);
  return out;
}
