import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readWavAsTelephonePcm } from '../media/wav.ts';
import {
  BEEP_TONE_FILE,
  builtInPrompts,
  MAX_SPOKEN_NUMBER,
  PROMPT_LANGUAGES,
  PROMPT_TEXTS,
  promptFile,
  queuePositionPrompts,
} from './prompt-catalog.ts';

/** The header fields of a WAV file, read directly so the check does not depend on conversion. */
function format(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    audioFormat: view.getUint16(20, true),
    channels: view.getUint16(22, true),
    sampleRate: view.getUint32(24, true),
    bits: view.getUint16(34, true),
  };
}

describe('built-in prompts', () => {
  const prompts = [...builtInPrompts(), { id: 'beep', language: '-', file: BEEP_TONE_FILE }];

  it.each(prompts.map((p) => [`${p.language}/${p.id}`, p.file] as const))(
    '%s loads and is 8 kHz mono 16-bit',
    (_, file) => {
      const bytes = readFileSync(file);
      expect(format(bytes)).toEqual({ audioFormat: 1, channels: 1, sampleRate: 8000, bits: 16 });
      const { pcm, durationMs } = readWavAsTelephonePcm(bytes);
      expect(durationMs).toBeGreaterThan(150);
      expect(durationMs).toBeLessThan(8000);
      expect(pcm.some((v) => Math.abs(v) > 3000)).toBe(true); // not silence
    },
  );

  it('stay small', () => {
    const total = prompts.reduce((sum, p) => sum + statSync(p.file).size, 0);
    expect(total).toBeLessThan(2 * 1024 * 1024);
  });

  it('say what make-prompts.sh speaks', () => {
    const script = readFileSync(fileURLToPath(new URL('./make-prompts.sh', import.meta.url)), 'utf8');
    const spoken = new Map<string, string>();
    for (const [, lang, id, text] of script.matchAll(/^say (zh|en) ([a-z-]+) '([^']+)'$/gm)) {
      spoken.set(`${lang}/${id}`, text!);
    }
    const listed = new Map<string, string>();
    for (const language of PROMPT_LANGUAGES) {
      for (const [id, text] of Object.entries(PROMPT_TEXTS[language]))
        listed.set(`${language}/${id}`, text ?? '');
    }
    expect(listed).toEqual(spoken);
  });
});

describe('queuePositionPrompts', () => {
  it.each([
    [0, 'zh', ['queue-position-next']],
    [1, 'zh', ['queue-position-before', 'number-1', 'queue-position-after']],
    [1, 'en', ['queue-position-one']],
    [7, 'en', ['queue-position-before', 'number-7', 'queue-position-after']],
    [20, 'zh', ['queue-position-before', 'number-20', 'queue-position-after']],
    [21, 'en', ['queue-position-many']],
    [-3, 'en', ['queue-position-next']],
  ] as const)('%i ahead in %s', (ahead, language, ids) => {
    expect(queuePositionPrompts(ahead, language)).toEqual(ids);
  });

  it('only names prompts that exist', () => {
    for (const language of PROMPT_LANGUAGES) {
      for (let n = 0; n <= MAX_SPOKEN_NUMBER + 1; n++) {
        for (const id of queuePositionPrompts(n, language))
          expect(statSync(promptFile(id, language)).size).toBeGreaterThan(44);
      }
    }
  });
});
