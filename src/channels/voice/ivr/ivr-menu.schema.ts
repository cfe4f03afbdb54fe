import { z } from 'zod';
import {
  MAX_SPOKEN_NUMBER,
  PROMPT_LANGUAGES,
  PROMPT_TEXTS,
  type PromptId,
} from '../prompts/prompt-catalog.ts';

/**
 * An IVR menu's definition, as stored in `ivr_menus.definition` and edited in the admin UI:
 * a greeting, an optional language choice, a tree of DTMF options (sub-menus nest up to
 * {@link MAX_MENU_DEPTH} levels), an after-hours branch taken when a chosen queue is closed,
 * and what no or wrong input leads to. Parsing fills every default, so the engine only
 * ever sees complete definitions.
 *
 * @example
 * const menu = ivrMenuDefinition.parse({
 *   greeting: [{ builtIn: 'welcome' }],
 *   languageChoice: {},
 *   menu: {
 *     prompts: [{ zh: { promptId: salesZh }, en: { promptId: salesEn } }],
 *     options: [{ key: '1', action: { type: 'queue', queueId: sales } }],
 *   },
 * });
 */

export const MAX_MENU_DEPTH = 4;
export const MAX_PROMPTS_PER_LIST = 10;
export const DTMF_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '*', '#'] as const;
export type DtmfKey = (typeof DTMF_KEYS)[number];

/** Every built-in prompt id: the spoken sentences and the numbers 0–20. */
export const BUILT_IN_PROMPT_IDS: readonly PromptId[] = [
  ...new Set([
    ...(Object.keys(PROMPT_TEXTS.zh) as PromptId[]),
    ...(Object.keys(PROMPT_TEXTS.en) as PromptId[]),
  ]),
  ...Array.from({ length: MAX_SPOKEN_NUMBER + 1 }, (_, n): PromptId => `number-${n}`),
];

const language = z.enum(PROMPT_LANGUAGES as readonly ['zh', 'en']);
const key = z.enum(DTMF_KEYS);

/**
 * One prompt: a built-in one, spoken in the call's language (or in `language` when given,
 * as the language choice speaks each language in its own), or an uploaded one by id
 * (which is in the language it was recorded in).
 */
const singlePrompt = z.union([
  z.strictObject({
    builtIn: z.enum(BUILT_IN_PROMPT_IDS as [PromptId, ...PromptId[]]),
    language: language.optional(),
  }),
  z.strictObject({ promptId: z.uuid() }),
]);
/** A prompt, or one per language: the call's language picks. */
const promptRef = z.union([singlePrompt, z.strictObject({ zh: singlePrompt, en: singlePrompt })]);
const promptList = z.array(promptRef).max(MAX_PROMPTS_PER_LIST);

export type SinglePromptRef = z.infer<typeof singlePrompt>;
export type PromptRef = z.infer<typeof promptRef>;

const queueId = z.uuid();
const timeoutSeconds = z.number().int().min(1).max(60);
const retries = z.number().int().min(0).max(5);

const hangupAction = z.strictObject({
  type: z.literal('hangup'),
  prompts: promptList.default([{ builtIn: 'goodbye' }]),
});
const queueAction = z.strictObject({ type: z.literal('queue'), queueId });
const voicemailAction = z.strictObject({
  type: z.literal('voicemail'),
  queueId: queueId.describe('The queue whose callback list receives the voicemail'),
  prompts: promptList.default([{ builtIn: 'voicemail-instructions' }]),
});
const repeatAction = z.strictObject({ type: z.literal('repeat') });

export type HangupAction = z.infer<typeof hangupAction>;
export type QueueAction = z.infer<typeof queueAction>;
export type VoicemailAction = z.infer<typeof voicemailAction>;

/** A menu level: what it says, its options, and optional own timeout and retries. */
export interface IvrMenuNode {
  prompts: PromptRef[];
  options: IvrOption[];
  timeoutSeconds?: number | undefined;
  retries?: number | undefined;
}
export interface IvrOption {
  key: DtmfKey;
  /** What the admin calls this choice ("Sales"); not spoken. */
  label?: string | undefined;
  action: IvrAction;
}
export type IvrAction =
  | QueueAction
  | { type: 'menu'; menu: IvrMenuNode }
  | VoicemailAction
  | { type: 'repeat' }
  | HangupAction;

type MenuNodeInput = {
  prompts?: z.input<typeof promptList> | undefined;
  options: { key: DtmfKey; label?: string | undefined; action: ActionInput }[];
  timeoutSeconds?: number | undefined;
  retries?: number | undefined;
};
type ActionInput =
  | z.input<typeof queueAction>
  | { type: 'menu'; menu: MenuNodeInput }
  | z.input<typeof voicemailAction>
  | z.input<typeof repeatAction>
  | z.input<typeof hangupAction>;

const menuNode: z.ZodType<IvrMenuNode, MenuNodeInput> = z.lazy(() =>
  z.strictObject({
    prompts: promptList.default([]),
    options: z
      .array(
        z.strictObject({
          key,
          label: z.string().trim().max(60).optional(),
          action: z.discriminatedUnion('type', [
            queueAction,
            z.strictObject({ type: z.literal('menu'), menu: menuNode }),
            voicemailAction,
            repeatAction,
            hangupAction,
          ]),
        }),
      )
      .min(1, 'a menu needs at least one option')
      .max(DTMF_KEYS.length)
      .superRefine((options, ctx) => {
        const seen = new Set<string>();
        options.forEach((o, i) => {
          if (seen.has(o.key)) {
            ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `key ${o.key} is used twice` });
          }
          seen.add(o.key);
        });
      }),
    timeoutSeconds: timeoutSeconds.optional(),
    retries: retries.optional(),
  }),
);

const languageChoice = z
  .strictObject({
    prompts: promptList.default([
      { builtIn: 'language-choice', language: 'zh' },
      { builtIn: 'language-choice', language: 'en' },
    ]),
    keys: z.strictObject({ zh: key, en: key }).default({ zh: '1', en: '2' }),
  })
  .refine((c) => c.keys.zh !== c.keys.en, { path: ['keys'], message: 'zh and en need different keys' });

const afterHours = z.strictObject({
  prompts: promptList.default([{ builtIn: 'after-hours' }]),
  next: z
    .discriminatedUnion('type', [
      z.strictObject({
        type: z.literal('voicemail'),
        queueId: queueId.optional().describe("Whose callback list; default: the closed queue's"),
        prompts: promptList.default([{ builtIn: 'voicemail-instructions' }]),
      }),
      z.strictObject({ type: z.literal('hangup'), prompts: promptList.default([]) }),
    ])
    .default({ type: 'hangup', prompts: [] }),
});

export const ivrMenuDefinition = z
  .strictObject({
    greeting: promptList.default([{ builtIn: 'welcome' }]),
    greetingBargeIn: z
      .boolean()
      .default(false)
      .describe('Keys pressed during the greeting already choose; otherwise they are ignored'),
    languageChoice: languageChoice.nullable().default(null).describe('Ask zh or en first; null: do not ask'),
    menu: menuNode,
    timeoutSeconds: timeoutSeconds.default(5).describe('Wait this long for a key after a menu'),
    retries: retries.default(2).describe('Menus replayed after no or a wrong key'),
    invalidChoice: promptList.default([{ builtIn: 'invalid-choice' }]),
    afterRetries: z
      .discriminatedUnion('type', [queueAction, hangupAction])
      .default({ type: 'hangup', prompts: [{ builtIn: 'goodbye' }] })
      .describe('Where a caller goes once the retries are used up'),
    afterHours: afterHours.default({
      prompts: [{ builtIn: 'after-hours' }],
      next: { type: 'hangup', prompts: [] },
    }),
  })
  .superRefine((def, ctx) => {
    const depth = menuDepth(def.menu);
    if (depth > MAX_MENU_DEPTH) {
      ctx.addIssue({
        code: 'custom',
        path: ['menu'],
        message: `menus nest at most ${MAX_MENU_DEPTH} levels deep (this one has ${depth})`,
      });
    }
  });

export type IvrMenuDefinition = z.output<typeof ivrMenuDefinition>;
export type IvrMenuDefinitionInput = z.input<typeof ivrMenuDefinition>;

/** Levels of a menu tree: a menu without sub-menus is 1. */
export function menuDepth(node: IvrMenuNode): number {
  let deepest = 0;
  for (const o of node.options)
    if (o.action.type === 'menu') deepest = Math.max(deepest, menuDepth(o.action.menu));
  return 1 + deepest;
}

/** What a definition refers to, so the API can check each exists in the tenant. */
export function menuReferences(def: IvrMenuDefinition): { queueIds: Set<string>; promptIds: Set<string> } {
  const queueIds = new Set<string>();
  const promptIds = new Set<string>();
  const prompts = (list: readonly PromptRef[]) => {
    for (const ref of list) {
      for (const one of 'zh' in ref ? [ref.zh, ref.en] : [ref])
        if ('promptId' in one) promptIds.add(one.promptId);
    }
  };
  const walk = (node: IvrMenuNode) => {
    prompts(node.prompts);
    for (const { action } of node.options) {
      if (action.type === 'queue') queueIds.add(action.queueId);
      else if (action.type === 'voicemail') {
        queueIds.add(action.queueId);
        prompts(action.prompts);
      } else if (action.type === 'hangup') prompts(action.prompts);
      else if (action.type === 'menu') walk(action.menu);
    }
  };
  prompts(def.greeting);
  if (def.languageChoice) prompts(def.languageChoice.prompts);
  walk(def.menu);
  prompts(def.invalidChoice);
  if (def.afterRetries.type === 'queue') queueIds.add(def.afterRetries.queueId);
  else prompts(def.afterRetries.prompts);
  prompts(def.afterHours.prompts);
  prompts(def.afterHours.next.prompts);
  if (def.afterHours.next.type === 'voicemail' && def.afterHours.next.queueId) {
    queueIds.add(def.afterHours.next.queueId);
  }
  return { queueIds, promptIds };
}
