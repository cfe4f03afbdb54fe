/**
 * What a caller hears when no one is talking to them: prompts played one after another,
 * and music on hold with a periodic announcement. Each is a FrameSource (rtp-leg.ts) that
 * the leg pulls 20 ms from on its schedule.
 */
import fs from 'node:fs';
import { holdMusic } from '../media/hold-music.ts';
import { LoopPlayer } from '../media/loop-player.ts';
import { readWavAsTelephonePcm } from '../media/wav.ts';
import { BEEP_TONE_FILE, type PromptId, type PromptLanguage, promptFile } from '../prompts/prompt-catalog.ts';
import { FRAME_SAMPLES, type FrameSource } from './rtp-leg.ts';

const builtIn = new Map<string, Int16Array>();

/** A built-in prompt as 8 kHz PCM, read from its WAV once per process. */
export function builtInPrompt(id: PromptId, language: PromptLanguage): Int16Array {
  const key = `${language}/${id}`;
  let pcm = builtIn.get(key);
  if (!pcm) {
    pcm = readWavAsTelephonePcm(fs.readFileSync(promptFile(id, language))).pcm;
    builtIn.set(key, pcm);
  }
  return pcm;
}

let beep: Int16Array | undefined;

/** The tone before a voicemail starts recording. */
export function beepTone(): Int16Array {
  beep ??= readWavAsTelephonePcm(fs.readFileSync(BEEP_TONE_FILE)).pcm;
  return beep;
}

let music: Int16Array | undefined;

// Synthesizing the music takes a few hundred ms of CPU: done once, right after startup, and not
// when the first caller is queued (that would hold up every other call's media meanwhile).
setImmediate(() => {
  music ??= holdMusic();
}).unref();

/** Music on hold, looped; each caller gets a player of their own over the shared loop. */
export function holdMusicPlayer(): FrameSource {
  music ??= holdMusic();
  const loop = new LoopPlayer(music, FRAME_SAMPLES);
  return () => loop.next();
}

/** Plays clips in order, then silence; `onDone` runs once after the last frame. */
export function playlist(clips: readonly Int16Array[], onDone?: () => void): FrameSource {
  let clip = 0;
  let offset = 0;
  let done = false;
  return () => {
    while (clip < clips.length && offset >= clips[clip]!.length) {
      clip++;
      offset = 0;
    }
    if (clip >= clips.length) {
      if (!done) {
        done = true;
        onDone?.();
      }
      return null;
    }
    const source = clips[clip]!;
    const frame = new Int16Array(FRAME_SAMPLES);
    frame.set(source.subarray(offset, offset + FRAME_SAMPLES));
    offset += FRAME_SAMPLES;
    return frame;
  };
}

/**
 * Music on hold, interrupted by an announcement whenever `announce` hands one over (the
 * caller's position, every so often); the music resumes where it stopped.
 */
export class HoldSource {
  private readonly music = holdMusicPlayer();
  private announcement: FrameSource | undefined;

  readonly frame: FrameSource = () => {
    if (this.announcement) {
      const frame = this.announcement();
      if (frame) return frame;
      this.announcement = undefined;
    }
    return this.music();
  };

  announce(clips: readonly Int16Array[]): void {
    this.announcement = playlist(clips);
  }
}

/** A queue of 20 ms frames from one party to the other, bounded so a stall cannot grow it. */
export class FrameRelay {
  private readonly frames: Int16Array[] = [];

  constructor(private readonly maxFrames = 10) {}

  push(pcm: Int16Array): void {
    this.frames.push(pcm);
    // Older audio is dropped first: the listener hears the latest, with the least delay.
    while (this.frames.length > this.maxFrames) this.frames.shift();
  }

  readonly frame: FrameSource = () => this.frames.shift() ?? null;
}
