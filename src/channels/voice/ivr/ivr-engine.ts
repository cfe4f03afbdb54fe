import type { PromptId, PromptLanguage } from '../prompts/prompt-catalog.ts';
import type {
  IvrAction,
  IvrMenuDefinition,
  IvrMenuNode,
  PromptRef,
  SinglePromptRef,
} from './ivr-menu.schema.ts';

/**
 * Runs one call through an IVR menu. Pure: no I/O and no timers. The live call feeds it
 * events (a key, a timeout, the end of a prompt) and does what each returned step says.
 *
 * - `play` with `collect: true`: play the prompts; a key pressed while they play stops them
 *   (barge-in) and goes to `digit()`. Once they end, call `promptEnded()` (returns null) and
 *   start a timer of `timeoutSeconds`; when it fires with no key, call `timeout()`.
 * - `play` with `collect: false` (the greeting, unless barge-in is on): keys are ignored
 *   (`digit()` returns null); call `promptEnded()` for the next step.
 * - `queue`, `voicemail`, `hangup`: the IVR is done. Further events return null, and
 *   `timeout()` returns the same final step again.
 *
 * A caller cannot stay in the menu forever: after {@link MAX_MENU_ROUNDS} menu prompts (by
 * repeating, say) the call goes where `afterRetries` says.
 *
 * @example
 * const session = new IvrSession(ivrMenuDefinition.parse(row.definition), {
 *   isOpen: (queueId) => openQueues.has(queueId),
 *   defaultLanguage: 'zh',
 * });
 * let step = session.start();           // { kind: 'play', prompts: [welcome, …], collect: false }
 * step = session.promptEnded()!;        // the language choice, collect: true
 * step = session.digit('2')!;           // the main menu, in English
 * step = session.digit('1')!;           // { kind: 'queue', queueId, language: 'en' }
 * session.path;                         // ['2', '1'] for the call record
 */

/** A prompt ready to play: a built-in file in a language, or an uploaded prompt by id. */
export type ResolvedPrompt =
  | { source: 'builtIn'; id: PromptId; language: PromptLanguage }
  | { source: 'uploaded'; promptId: string };

/** Why the IVR ended where it did, for the call record. */
export type IvrEndReason = 'choice' | 'after-hours' | 'retries-exhausted';

export type IvrStep =
  | { kind: 'play'; prompts: ResolvedPrompt[]; collect: boolean; timeoutSeconds: number }
  | { kind: 'queue'; queueId: string; language: PromptLanguage; reason: IvrEndReason }
  | {
      kind: 'voicemail';
      queueId: string;
      language: PromptLanguage;
      prompts: ResolvedPrompt[];
      reason: IvrEndReason;
    }
  | { kind: 'hangup'; prompts: ResolvedPrompt[]; language: PromptLanguage; reason: IvrEndReason };

export type IvrFinalStep = Exclude<IvrStep, { kind: 'play' }>;

export interface IvrSessionOptions {
  /** Whether a queue takes calls now (its business hours); a closed one leads to after-hours. */
  isOpen: (queueId: string) => boolean;
  /** The call's language until the caller chooses (the number's or the tenant's). */
  defaultLanguage: PromptLanguage;
}

/** Menu prompts played to one caller at most (repeats included), so every call ends. */
export const MAX_MENU_ROUNDS = 30;

/** Keys a phone can send (RFC 4733 events 0–15); anything else is not a key press. */
const DTMF = /^[0-9*#A-D]$/;

type Phase = 'new' | 'greeting' | 'language' | 'menu' | 'done';

export class IvrSession {
  private phase: Phase = 'new';
  private node: IvrMenuNode;
  private failures = 0;
  private rounds = 0;
  private current: IvrStep | null = null;
  private lang: PromptLanguage;
  private readonly chosen: string[] = [];

  constructor(
    private readonly menu: IvrMenuDefinition,
    private readonly options: IvrSessionOptions,
  ) {
    this.node = menu.menu;
    this.lang = options.defaultLanguage;
  }

  /** The call's language: the default until the caller chooses. */
  get language(): PromptLanguage {
    return this.lang;
  }

  /** The keys that chose something (language, options), in order; wrong keys are left out. */
  get path(): readonly string[] {
    return this.chosen;
  }

  /** The last step returned. */
  get step(): IvrStep | null {
    return this.current;
  }

  /** The final step once the IVR is done, else null. */
  get result(): IvrFinalStep | null {
    return this.current && this.current.kind !== 'play' ? this.current : null;
  }

  /** The first step: the greeting, or straight the language choice or menu. Idempotent. */
  start(): IvrStep {
    if (this.current) return this.current;
    const greeting = this.resolve(this.menu.greeting);
    if (greeting.length > 0 && !this.menu.greetingBargeIn) {
      this.phase = 'greeting';
      return this.emit({ kind: 'play', prompts: greeting, collect: false, timeoutSeconds: 0 });
    }
    return this.afterGreeting(greeting);
  }

  /** A key from the caller; null when the current step takes none (the key is ignored). */
  digit(key: string): IvrStep | null {
    if (!DTMF.test(key)) return null;
    switch (this.phase) {
      case 'language': {
        const keys = this.menu.languageChoice?.keys;
        const language = keys?.zh === key ? 'zh' : keys?.en === key ? 'en' : null;
        if (!language) return this.fail('invalid');
        this.lang = language;
        this.chosen.push(key);
        return this.enterMenu(this.menu.menu, []);
      }
      case 'menu': {
        const option = this.node.options.find((o) => o.key === key);
        if (!option) return this.fail('invalid');
        this.chosen.push(key);
        return this.act(option.action);
      }
      default:
        return null;
    }
  }

  /** No key within `timeoutSeconds` after a collecting step's prompts ended. */
  timeout(): IvrStep {
    switch (this.phase) {
      case 'new':
        return this.start();
      case 'greeting':
        return this.afterGreeting([]);
      case 'language':
      case 'menu':
        return this.fail('timeout');
      default:
        return this.current!;
    }
  }

  /** The step's prompts finished playing: the next step, or null (wait for a key or timeout). */
  promptEnded(): IvrStep | null {
    return this.phase === 'greeting' ? this.afterGreeting([]) : null;
  }

  private afterGreeting(prefix: ResolvedPrompt[]): IvrStep {
    if (this.menu.languageChoice) {
      this.phase = 'language';
      this.failures = 0;
      return this.ask(prefix);
    }
    return this.enterMenu(this.menu.menu, prefix);
  }

  private enterMenu(node: IvrMenuNode, prefix: ResolvedPrompt[]): IvrStep {
    this.phase = 'menu';
    this.node = node;
    this.failures = 0;
    return this.ask(prefix);
  }

  /** Plays the current question (language choice or menu), after `prefix`. */
  private ask(prefix: ResolvedPrompt[]): IvrStep {
    if (this.phase === 'menu' && ++this.rounds > MAX_MENU_ROUNDS) return this.giveUp();
    const language = this.phase === 'language' ? this.menu.languageChoice : null;
    const prompts = language ? language.prompts : this.node.prompts;
    const timeoutSeconds = (language ? undefined : this.node.timeoutSeconds) ?? this.menu.timeoutSeconds;
    return this.emit({
      kind: 'play',
      prompts: [...prefix, ...this.resolve(prompts)],
      collect: true,
      timeoutSeconds,
    });
  }

  /** No key or a wrong one: ask again, or after the retries move on. */
  private fail(why: 'invalid' | 'timeout'): IvrStep {
    const retries = (this.phase === 'menu' ? this.node.retries : undefined) ?? this.menu.retries;
    if (++this.failures > retries) {
      // A caller who does not choose a language is served in the default one.
      return this.phase === 'language' ? this.enterMenu(this.menu.menu, []) : this.giveUp();
    }
    return this.ask(why === 'invalid' ? this.resolve(this.menu.invalidChoice) : []);
  }

  private giveUp(): IvrStep {
    const fallback = this.menu.afterRetries;
    return fallback.type === 'queue'
      ? this.toQueue(fallback.queueId, 'retries-exhausted')
      : this.finish({
          kind: 'hangup',
          prompts: this.resolve(fallback.prompts),
          language: this.lang,
          reason: 'retries-exhausted',
        });
  }

  private act(action: IvrAction): IvrStep {
    switch (action.type) {
      case 'queue':
        return this.toQueue(action.queueId, 'choice');
      case 'menu':
        return this.enterMenu(action.menu, []);
      case 'repeat':
        return this.ask([]);
      case 'voicemail':
        return this.finish({
          kind: 'voicemail',
          queueId: action.queueId,
          language: this.lang,
          prompts: this.resolve(action.prompts),
          reason: 'choice',
        });
      case 'hangup':
        return this.finish({
          kind: 'hangup',
          prompts: this.resolve(action.prompts),
          language: this.lang,
          reason: 'choice',
        });
    }
  }

  /** A queue if it is open, else the after-hours branch (which may leave a voicemail for it). */
  private toQueue(queueId: string, reason: IvrEndReason): IvrStep {
    if (this.options.isOpen(queueId))
      return this.finish({ kind: 'queue', queueId, language: this.lang, reason });
    const { prompts, next } = this.menu.afterHours;
    const spoken = [...this.resolve(prompts), ...this.resolve(next.prompts)];
    return this.finish(
      next.type === 'voicemail'
        ? {
            kind: 'voicemail',
            queueId: next.queueId ?? queueId,
            language: this.lang,
            prompts: spoken,
            reason: 'after-hours',
          }
        : { kind: 'hangup', prompts: spoken, language: this.lang, reason: 'after-hours' },
    );
  }

  private finish(step: IvrFinalStep): IvrStep {
    this.phase = 'done';
    return this.emit(step);
  }

  private emit(step: IvrStep): IvrStep {
    this.current = step;
    return step;
  }

  private resolve(list: readonly PromptRef[]): ResolvedPrompt[] {
    return list.map((ref) => {
      const one: SinglePromptRef = 'zh' in ref ? ref[this.lang] : ref;
      return 'promptId' in one
        ? { source: 'uploaded', promptId: one.promptId }
        : { source: 'builtIn', id: one.builtIn, language: one.language ?? this.lang };
    });
  }
}
