import { describe, expect, it } from 'vitest';
import wavefile from 'wavefile';
import { encodeWav, readWavAsTelephonePcm, WavError, wavHeader } from './wav.ts';

function wavOf(channels: number, rate: number, bitDepth: string, samples: number[][] | number[]): Uint8Array {
  const w = new wavefile.WaveFile();
  w.fromScratch(channels, rate, bitDepth, samples);
  return w.toBuffer();
}

function tone(hz: number, rate: number, seconds: number, amplitude: number, round = true): number[] {
  return Array.from({ length: Math.round(rate * seconds) }, (_, i) => {
    const v = amplitude * Math.sin((2 * Math.PI * hz * i) / rate);
    return round ? Math.round(v) : v;
  });
}

/** Amplitude of `hz` in `pcm` (8 kHz) by correlation with a sine and a cosine. */
function level(pcm: Int16Array, hz: number): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < pcm.length; i++) {
    s += pcm[i]! * Math.sin((2 * Math.PI * hz * i) / 8000);
    c += pcm[i]! * Math.cos((2 * Math.PI * hz * i) / 8000);
  }
  return (2 * Math.hypot(s, c)) / pcm.length;
}

describe('readWavAsTelephonePcm', () => {
  it('converts 44.1 kHz stereo to 8 kHz mono, keeping the voice band and removing what would alias', () => {
    // Left: 1 kHz; right: 1 kHz plus 6 kHz, which naive decimation would fold to 2 kHz.
    const left = tone(1000, 44100, 1, 8000);
    const high = tone(6000, 44100, 1, 8000);
    const right = left.map((v, i) => v + high[i]!);
    const { pcm, durationMs, source } = readWavAsTelephonePcm(wavOf(2, 44100, '16', [left, right]));
    expect(source).toEqual({ sampleRate: 44100, channels: 2, bitDepth: '16' });
    expect(pcm.length).toBe(8000);
    expect(durationMs).toBe(1000);
    expect(level(pcm, 1000)).toBeGreaterThan(7500);
    expect(level(pcm, 1000)).toBeLessThan(8200);
    expect(level(pcm, 2000)).toBeLessThan(40); // 6 kHz aliased, attenuated over 40 dB
  });

  it.each([
    ['8-bit unsigned 22.05 kHz', 1, 22050, '8', tone(500, 22050, 0.5, 60).map((v) => v + 128), 60 * 256],
    ['16-bit 16 kHz', 1, 16000, '16', tone(500, 16000, 0.5, 5000), 5000],
    ['24-bit 48 kHz', 1, 48000, '24', tone(500, 48000, 0.5, 5000 * 256), 5000],
    ['32-bit float 48 kHz', 1, 48000, '32f', tone(500, 48000, 0.5, 0.25, false), 8192],
    ['16-bit 8 kHz', 1, 8000, '16', tone(500, 8000, 0.5, 5000), 5000],
  ])('reads %s', (_, channels, rate, depth, samples, amplitude) => {
    const { pcm } = readWavAsTelephonePcm(wavOf(channels, rate, depth, samples));
    expect(pcm.length).toBe(4000);
    expect(level(pcm, 500) / amplitude).toBeGreaterThan(0.95);
    expect(level(pcm, 500) / amplitude).toBeLessThan(1.05);
  });

  it('reads a file already in G.711', () => {
    const w = new wavefile.WaveFile();
    w.fromScratch(1, 8000, '16', tone(500, 8000, 0.5, 5000));
    w.toMuLaw();
    const { pcm, source } = readWavAsTelephonePcm(w.toBuffer());
    expect(source.bitDepth).toBe('8m');
    expect(level(pcm, 500) / 5000).toBeGreaterThan(0.95);
    w.fromMuLaw();
    w.toALaw();
    expect(level(readWavAsTelephonePcm(w.toBuffer()).pcm, 500) / 5000).toBeGreaterThan(0.95);
  });

  it.each([
    ['not-wav', new TextEncoder().encode('ID3\u0003 this is an mp3, honestly')],
    ['not-wav', new Uint8Array(0)],
    [
      'corrupt',
      Uint8Array.from([...new TextEncoder().encode('RIFF'), 4, 0, 0, 0, ...new TextEncoder().encode('WAVE')]),
    ],
    ['corrupt', wavOf(1, 8000, '16', tone(500, 8000, 1, 5000)).subarray(0, 2000)],
    ['empty', wavOf(1, 8000, '16', [])],
  ])('rejects %s input', (code, bytes) => {
    expect(() => readWavAsTelephonePcm(bytes)).toThrow(expect.objectContaining({ name: 'WavError', code }));
  });

  it('rejects audio that is too long or a file that is too big', () => {
    const tenSeconds = wavOf(1, 8000, '16', new Array(80000).fill(0));
    expect(() => readWavAsTelephonePcm(tenSeconds, { maxSeconds: 5 })).toThrow(WavError);
    expect(() => readWavAsTelephonePcm(tenSeconds, { maxBytes: 1000 })).toThrow(
      expect.objectContaining({ code: 'too-large' }),
    );
  });
});

describe('writing WAV', () => {
  it('writes a stereo file wavefile reads back', () => {
    const bytes = encodeWav(Int16Array.of(1, -1, 2, -2, 32767, -32768), 8000, 2);
    const w = new wavefile.WaveFile(bytes);
    expect(w.fmt).toMatchObject({ audioFormat: 1, numChannels: 2, sampleRate: 8000, bitsPerSample: 16 });
    expect(w.getSamples(false, Int16Array)).toEqual([
      Int16Array.of(1, 2, 32767),
      Int16Array.of(-1, -2, -32768),
    ]);
  });

  it('marks a header of unknown length as running to the end of the file', () => {
    const view = new DataView(wavHeader(null, 8000, 2).buffer);
    expect(view.getUint32(40, true)).toBe(0xffffffff - 36);
    expect(view.getUint32(4, true)).toBe(0xffffffff);
  });
});
