/**
 * Hotline's built-in voice prompts: what a call hears when the admin has not uploaded
 * their own. Each is an 8 kHz mono 16-bit WAV beside this file, spoken by espeak-ng and
 * made by `make-prompts.sh` (the texts here and there must agree; a test checks). Paths
 * are resolved from this module so they hold wherever the server is started.
 *
 * @example
 * const file = promptFile('welcome', 'zh'); // a file: URL, read it with fs
 * queuePositionPrompts(3, 'en'); // ['queue-position-before', 'number-3', 'queue-position-after']
 */

export type PromptLanguage = 'zh' | 'en';

export const PROMPT_LANGUAGES: readonly PromptLanguage[] = ['zh', 'en'];

export type NumberPromptId = `number-${number}`;

export type PromptId =
  | 'welcome'
  | 'language-choice'
  | 'invalid-choice'
  | 'queue-position-before'
  | 'queue-position-after'
  | 'queue-position-one'
  | 'queue-position-next'
  | 'queue-position-many'
  | 'please-hold'
  | 'after-hours'
  | 'voicemail-instructions'
  | 'callback-offer'
  | 'callback-confirmed'
  | 'goodbye'
  | NumberPromptId;

/** The highest number with a prompt of its own; a longer queue is "more than 20". */
export const MAX_SPOKEN_NUMBER = 20;

/**
 * What each prompt says. The language choice is played as the zh prompt then the en one
 * ("中文请按1。For English, press 2."), so each names only its own key.
 * 'queue-position-one' exists in English only ("There is one caller", not "There are 1").
 */
export const PROMPT_TEXTS: Record<PromptLanguage, Partial<Record<PromptId, string>>> = {
  zh: {
    welcome: '欢迎致电客户服务中心。',
    'language-choice': '中文请按1。',
    'invalid-choice': '您的输入有误，请重新选择。',
    'queue-position-before': '您前面还有',
    'queue-position-after': '位客户在等待。',
    'queue-position-next': '您是下一位，请稍候。',
    'queue-position-many': '您前面还有二十多位客户在等待。',
    'please-hold': '坐席正忙，请您稍候。',
    'after-hours': '现在是非工作时间，请在工作时间再次来电。',
    'voicemail-instructions': '请在提示音后留言，留言完毕请挂机。',
    'callback-offer': '预约回电请按1，继续等待请按2。',
    'callback-confirmed': '已为您预约回电，我们会尽快联系您。',
    goodbye: '感谢您的来电，再见。',
  },
  en: {
    welcome: 'Thank you for calling customer service.',
    'language-choice': 'For English, press 2.',
    'invalid-choice': 'Sorry, that is not a valid choice. Please try again.',
    'queue-position-before': 'There are',
    'queue-position-after': 'callers ahead of you.',
    'queue-position-one': 'There is one caller ahead of you.',
    'queue-position-next': 'You are next in line.',
    'queue-position-many': 'There are more than twenty callers ahead of you.',
    'please-hold': 'All our agents are busy. Please hold.',
    'after-hours': 'We are closed now. Please call again during business hours.',
    'voicemail-instructions': 'Please leave a message after the tone, then hang up.',
    'callback-offer': 'Press 1 for a callback, or 2 to keep waiting.',
    'callback-confirmed': 'Your callback is booked. We will call you back soon.',
    goodbye: 'Thank you for calling. Goodbye.',
  },
};

export interface PromptEntry {
  id: PromptId;
  language: PromptLanguage;
  file: URL;
}

export function promptFile(id: PromptId, language: PromptLanguage): URL {
  return new URL(`./${language}/${id}.wav`, import.meta.url);
}

/** The tone played before a voicemail recording starts (the same in every language). */
export const BEEP_TONE_FILE = new URL('./tones/beep.wav', import.meta.url);

/** Every built-in prompt file, the spoken ones and the numbers 0–20 in both languages. */
export function builtInPrompts(): PromptEntry[] {
  const entries: PromptEntry[] = [];
  for (const language of PROMPT_LANGUAGES) {
    for (const id of Object.keys(PROMPT_TEXTS[language]) as PromptId[]) {
      entries.push({ id, language, file: promptFile(id, language) });
    }
    for (let n = 0; n <= MAX_SPOKEN_NUMBER; n++) {
      const id: NumberPromptId = `number-${n}`;
      entries.push({ id, language, file: promptFile(id, language) });
    }
  }
  return entries;
}

/**
 * The prompts, in order, that tell a queued caller how many callers are ahead of them:
 * "您前面还有 / 3 / 位客户在等待", with whole sentences for none, one (English grammar) and
 * more than 20.
 */
export function queuePositionPrompts(ahead: number, language: PromptLanguage): PromptId[] {
  const n = Math.max(0, Math.floor(ahead));
  if (n === 0) return ['queue-position-next'];
  if (n > MAX_SPOKEN_NUMBER) return ['queue-position-many'];
  if (n === 1 && language === 'en') return ['queue-position-one'];
  return ['queue-position-before', `number-${n}`, 'queue-position-after'];
}
