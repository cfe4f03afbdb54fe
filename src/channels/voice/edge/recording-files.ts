/**
 * Recordings on disk, written as the call goes on: a long call is never held in memory, and
 * a crash leaves a WAV whose header says "to the end of the file", which players still open.
 * Files live under the recordings folder, one folder per tenant; the database keeps the
 * relative path, and only the tenant-scoped API serves them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type RecordingLeg, RecordingWriter } from '../media/recording-writer.ts';
import { pcmToBytes, WAV_HEADER_BYTES, wavHeader } from '../media/wav.ts';

export interface SavedRecording {
  /** Relative to the recordings folder. */
  file: string;
  bytes: number;
  durationMs: number;
}

/** A WAV that grows: a provisional header, appended audio, the true header written last. */
class GrowingWav {
  private bytes = 0;
  private closed = false;

  private constructor(
    private readonly fd: number,
    readonly file: string,
  ) {}

  static open(root: string, file: string, header: Uint8Array): GrowingWav {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    const wav = new GrowingWav(fs.openSync(path.join(root, file), 'w'), file);
    wav.append(header);
    return wav;
  }

  append(chunk: Uint8Array): void {
    if (this.closed || chunk.length === 0) return;
    fs.writeSync(this.fd, chunk);
    this.bytes += chunk.length;
  }

  close(header: Uint8Array): number {
    if (this.closed) return this.bytes;
    this.closed = true;
    fs.writeSync(this.fd, header, 0, header.length, 0);
    fs.closeSync(this.fd);
    return this.bytes;
  }
}

/** Both parties of a bridged call, aligned on one clock: caller left, agent right. */
export class StereoCallRecording {
  private readonly writer = new RecordingWriter({ startMs: performance.now() });
  private readonly flush: NodeJS.Timeout;
  private readonly wav: GrowingWav;

  constructor(root: string, file: string) {
    this.wav = GrowingWav.open(root, file, this.writer.header());
    // Once a second what both legs have covered goes to disk.
    this.flush = setInterval(() => this.wav.append(this.writer.drain(performance.now())), 1000);
    this.flush.unref();
  }

  push(leg: RecordingLeg, arrivalMs: number, pcm: Int16Array): void {
    this.writer.push(leg, arrivalMs, pcm);
  }

  finish(): SavedRecording {
    clearInterval(this.flush);
    this.wav.append(this.writer.drain(performance.now()));
    const { tail, header, durationMs } = this.writer.finalize();
    this.wav.append(tail);
    return { file: this.wav.file, bytes: this.wav.close(header), durationMs };
  }
}

/** One party's voice (a voicemail), mono. */
export class MonoRecording {
  private samples = 0;
  private readonly wav: GrowingWav;

  constructor(root: string, file: string) {
    this.wav = GrowingWav.open(root, file, wavHeader(null, 8000, 1));
  }

  push(pcm: Int16Array): void {
    this.wav.append(pcmToBytes(pcm));
    this.samples += pcm.length;
  }

  finish(): SavedRecording {
    const bytes = this.wav.close(wavHeader(this.samples * 2, 8000, 1));
    return {
      file: this.wav.file,
      bytes: Math.max(bytes, WAV_HEADER_BYTES),
      durationMs: Math.round(this.samples / 8),
    };
  }
}
