/**
 * The IVR menu definition and prompts as the API sends them
 * (src/channels/voice/ivr/ivr-menu.schema.ts and ivr.schemas.ts), every default filled in.
 */
export type Language = 'zh' | 'en';
export const DTMF_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '*', '#'] as const;
export type DtmfKey = (typeof DTMF_KEYS)[number];
export const MAX_MENU_DEPTH = 4;

export type SinglePromptRef = { builtIn: string; language?: Language } | { promptId: string };
export type PromptRef = SinglePromptRef | { zh: SinglePromptRef; en: SinglePromptRef };

export type IvrAction =
  | { type: 'queue'; queueId: string }
  | { type: 'menu'; menu: IvrMenuNode }
  | { type: 'voicemail'; queueId: string; prompts: PromptRef[] }
  | { type: 'repeat' }
  | { type: 'hangup'; prompts: PromptRef[] };
export type ActionType = IvrAction['type'];
export const ACTION_TYPES: ActionType[] = ['queue', 'menu', 'voicemail', 'repeat', 'hangup'];

export interface IvrOption {
  key: DtmfKey;
  label?: string;
  action: IvrAction;
}

export interface IvrMenuNode {
  prompts: PromptRef[];
  options: IvrOption[];
  timeoutSeconds?: number;
  retries?: number;
}

export interface IvrDefinition {
  greeting: PromptRef[];
  greetingBargeIn: boolean;
  languageChoice: { prompts: PromptRef[]; keys: { zh: DtmfKey; en: DtmfKey } } | null;
  menu: IvrMenuNode;
  timeoutSeconds: number;
  retries: number;
  invalidChoice: PromptRef[];
  afterRetries: { type: 'queue'; queueId: string } | { type: 'hangup'; prompts: PromptRef[] };
  afterHours: {
    prompts: PromptRef[];
    next:
      | { type: 'voicemail'; queueId?: string; prompts: PromptRef[] }
      | { type: 'hangup'; prompts: PromptRef[] };
  };
}

export interface IvrMenu {
  id: string;
  name: string;
  definition: IvrDefinition;
  numbers: string[];
  createdAt: string;
  updatedAt: string;
}

export interface VoicePrompt {
  id: string;
  name: string;
  language: Language;
  durationMs: number;
  usedBy: { id: string; name: string }[];
  createdAt: string;
}

/** The built-in prompts an admin may pick (the numbers are for queue announcements). */
export const BUILT_IN_PROMPTS = [
  'welcome',
  'language-choice',
  'invalid-choice',
  'please-hold',
  'after-hours',
  'voicemail-instructions',
  'callback-offer',
  'goodbye',
] as const;

/** A new menu: the built-in greeting, the zh/en choice, one option to fill in. */
export function newDefinition(queueId: string | undefined): IvrDefinition {
  return {
    greeting: [{ builtIn: 'welcome' }],
    greetingBargeIn: false,
    languageChoice: {
      prompts: [
        { builtIn: 'language-choice', language: 'zh' },
        { builtIn: 'language-choice', language: 'en' },
      ],
      keys: { zh: '1', en: '2' },
    },
    menu: { prompts: [], options: [{ key: '1', action: { type: 'queue', queueId: queueId ?? '' } }] },
    timeoutSeconds: 5,
    retries: 2,
    invalidChoice: [{ builtIn: 'invalid-choice' }],
    afterRetries: { type: 'hangup', prompts: [{ builtIn: 'goodbye' }] },
    afterHours: { prompts: [{ builtIn: 'after-hours' }], next: { type: 'hangup', prompts: [] } },
  };
}

/** A fresh action of a type, keeping the queue when switching between queue and voicemail. */
export function actionOf(
  type: ActionType,
  previous: IvrAction | undefined,
  queueId: string | undefined,
): IvrAction {
  const queue = previous && 'queueId' in previous ? previous.queueId : (queueId ?? '');
  switch (type) {
    case 'queue':
      return { type, queueId: queue };
    case 'voicemail':
      return { type, queueId: queue, prompts: [{ builtIn: 'voicemail-instructions' }] };
    case 'menu':
      return { type, menu: { prompts: [], options: [{ key: '1', action: { type: 'repeat' } }] } };
    case 'repeat':
      return { type };
    case 'hangup':
      return { type, prompts: [{ builtIn: 'goodbye' }] };
  }
}

export function menuDepth(node: IvrMenuNode): number {
  let deepest = 0;
  for (const o of node.options)
    if (o.action.type === 'menu') deepest = Math.max(deepest, menuDepth(o.action.menu));
  return 1 + deepest;
}
