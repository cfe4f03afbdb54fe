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

/**
 * A WAV that grows: a provisional header, appended audio, the true header written last.
 * The file is created at once (so a failure is known when recording starts); the audio and
 * the final header are written in order by the thread pool, off the event loop, which also
 * sends every call's media: under a busy disk a synchronous write stalled all of them. The
 * byte count is known as soon as `close` is called; the writes finish a moment later. A
 * write that fails is thrown from the next `append` or `close`; one that fails after `close`
 * is reported as a process warning.
 */
class GrowingWav {
  private bytes = 0;
  private closed = false;
  private readonly pending: { chunk: Uint8Array; position: number }[] = [];
  private writing = false;
  private released = false;
  private failure: Error | undefined;

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
    if (this.failure) throw this.failure;
    if (this.closed || chunk.length === 0) return;
    this.pending.push({ chunk, position: this.bytes });
    this.bytes += chunk.length;
    this.pump();
  }

  close(header: Uint8Array): number {
    if (this.closed) return this.bytes;
    if (this.failure) {
      this.closed = true;
      this.release();
      throw this.failure;
    }
    this.closed = true;
    this.pending.push({ chunk: header, position: 0 });
    this.pump();
    return this.bytes;
  }

  private pump(): void {
    if (this.writing) return;
    const next = this.pending.shift();
    if (!next) {
      if (this.closed) this.release();
      return;
    }
    this.writing = true;
    fs.write(this.fd, next.chunk, 0, next.chunk.length, next.position, (err, written) => {
      this.writing = false;
      const error =
        err ?? (written < next.chunk.length ? new Error(`short write to ${this.file}`) : undefined);
      if (error) {
        this.failure ??= error;
        this.pending.length = 0;
        if (this.closed) {
          process.emitWarning(`recording ${this.file} is incomplete: ${error.message}`);
          this.release();
        }
        return;
      }
      this.pump();
    });
  }

  private release(): void {
    if (this.released) return;
    this.released = true;
    fs.close(this.fd, () => undefined);
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
