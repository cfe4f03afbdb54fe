import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PromptLanguage } from '../prompts/prompt-catalog.ts';
import {
  IvrSession,
  type IvrSessionOptions,
  type IvrStep,
  MAX_MENU_ROUNDS,
  type ResolvedPrompt,
} from './ivr-engine.ts';
import {
  DTMF_KEYS,
  type IvrMenuDefinitionInput,
  ivrMenuDefinition,
  MAX_MENU_DEPTH,
  menuReferences,
} from './ivr-menu.schema.ts';

const SALES = '11111111-1111-4111-8111-111111111111';
const SUPPORT = '22222222-2222-4222-8222-222222222222';
const BILLING = '33333333-3333-4333-8333-333333333333';
const SALES_ZH = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const SALES_EN = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';

const open =
  (...closed: string[]): IvrSessionOptions['isOpen'] =>
  (id) =>
    !closed.includes(id);

function session(
  input: IvrMenuDefinitionInput,
  { closed = [] as string[], defaultLanguage = 'zh' as PromptLanguage } = {},
) {
  return new IvrSession(ivrMenuDefinition.parse(input), { isOpen: open(...closed), defaultLanguage });
}

const built = (id: string, language: PromptLanguage = 'zh'): ResolvedPrompt =>
  ({ source: 'builtIn', id, language }) as ResolvedPrompt;
const uploaded = (promptId: string): ResolvedPrompt => ({ source: 'uploaded', promptId });
const ids = (step: IvrStep | null) =>
  step && 'prompts' in step
    ? step.prompts.map((p) => (p.source === 'builtIn' ? `${p.id}:${p.language}` : p.promptId))
    : [];

/** A main menu: 1 sales, 2 a support sub-menu, 3 voicemail, 9 repeat, 0 hang up. */
const MAIN: IvrMenuDefinitionInput = {
  greeting: [{ builtIn: 'welcome' }],
  languageChoice: {},
  menu: {
    prompts: [{ zh: { promptId: SALES_ZH }, en: { promptId: SALES_EN } }],
    options: [
      { key: '1', label: 'Sales', action: { type: 'queue', queueId: SALES } },
      {
        key: '2',
        action: {
          type: 'menu',
          menu: {
            prompts: [{ builtIn: 'please-hold' }],
            options: [
              { key: '1', action: { type: 'queue', queueId: SUPPORT } },
              { key: '2', action: { type: 'queue', queueId: BILLING } },
              { key: '#', action: { type: 'repeat' } },
            ],
          },
        },
      },
      { key: '3', action: { type: 'voicemail', queueId: SUPPORT } },
      { key: '9', action: { type: 'repeat' } },
      { key: '0', action: { type: 'hangup' } },
    ],
  },
};

describe('IvrSession: greeting and language choice', () => {
  it('plays the greeting without taking keys, then asks zh/en in each language', () => {
    const s = session(MAIN);
    const greeting = s.start();
    expect(greeting).toEqual({
      kind: 'play',
      prompts: [built('welcome')],
      collect: false,
      timeoutSeconds: 0,
    });
    expect(s.digit('1')).toBeNull(); // ignored: the greeting takes no keys
    expect(s.path).toEqual([]);
    const choice = s.promptEnded();
    expect(choice).toMatchObject({ kind: 'play', collect: true, timeoutSeconds: 5 });
    expect(ids(choice)).toEqual(['language-choice:zh', 'language-choice:en']);
    expect(s.promptEnded()).toBeNull(); // a collecting step waits for a key or the timeout
  });

  it.each([
    ['1', 'zh', SALES_ZH],
    ['2', 'en', SALES_EN],
  ] as const)('key %s chooses %s and the menu speaks it', (key, language, menuPrompt) => {
    const s = session(MAIN, { defaultLanguage: 'zh' });
    s.start();
    s.promptEnded();
    const menu = s.digit(key);
    expect(s.language).toBe(language);
    expect(ids(menu)).toEqual([menuPrompt]);
    expect(s.digit('1')).toEqual({ kind: 'queue', queueId: SALES, language, reason: 'choice' });
    expect(s.path).toEqual([key, '1']);
  });

  it('takes configured keys, and built-in prompts follow the chosen language', () => {
    const s = session({
      ...MAIN,
      languageChoice: { keys: { zh: '7', en: '8' }, prompts: [{ promptId: SALES_ZH }] },
      menu: { prompts: [{ builtIn: 'please-hold' }], options: [{ key: '1', action: { type: 'hangup' } }] },
    });
    s.start();
    expect(ids(s.promptEnded())).toEqual([SALES_ZH]);
    expect(ids(s.digit('1'))).toEqual(['invalid-choice:zh', SALES_ZH]); // 1 is not a language key here
    expect(ids(s.digit('8'))).toEqual(['please-hold:en']);
    expect(ids(s.digit('1'))).toEqual(['goodbye:en']);
  });

  it('serves a caller who never chooses in the default language', () => {
    const s = session({ ...MAIN, retries: 1 }, { defaultLanguage: 'en' });
    s.start();
    s.promptEnded();
    expect(s.timeout()).toMatchObject({ kind: 'play', collect: true }); // asked again
    const menu = s.timeout();
    expect(ids(menu)).toEqual([SALES_EN]);
    expect(s.language).toBe('en');
    expect(s.path).toEqual([]);
  });

  it('with barge-in on, the greeting and the first question are one step', () => {
    const s = session({ ...MAIN, greetingBargeIn: true });
    const first = s.start();
    expect(first).toMatchObject({ kind: 'play', collect: true });
    expect(ids(first)).toEqual(['welcome:zh', 'language-choice:zh', 'language-choice:en']);
    expect(ids(s.digit('2'))).toEqual([SALES_EN]);
  });

  it('without a language choice or greeting, starts at the menu', () => {
    const s = session({ ...MAIN, greeting: [], languageChoice: null }, { defaultLanguage: 'en' });
    expect(ids(s.start())).toEqual([SALES_EN]);
    expect(s.start()).toBe(s.step); // idempotent
  });

  it('the timeout during the greeting (no prompt-end event) moves on like its end', () => {
    const s = session(MAIN);
    s.start();
    expect(ids(s.timeout())).toEqual(['language-choice:zh', 'language-choice:en']);
  });
});

describe('IvrSession: menus', () => {
  const atMenu = (input: IvrMenuDefinitionInput = MAIN, opts?: Parameters<typeof session>[1]) => {
    const s = session({ ...input, greeting: [], languageChoice: null }, opts);
    s.start();
    return s;
  };

  it('walks into a sub-menu and out to a queue; the path records each key', () => {
    const s = atMenu();
    expect(ids(s.digit('2'))).toEqual(['please-hold:zh']);
    expect(s.digit('2')).toEqual({ kind: 'queue', queueId: BILLING, language: 'zh', reason: 'choice' });
    expect(s.path).toEqual(['2', '2']);
    expect(s.result?.kind).toBe('queue');
  });

  it('repeat replays the current menu, not the parent, and costs no retry', () => {
    const s = atMenu({ ...MAIN, retries: 0 });
    s.digit('2');
    expect(ids(s.digit('#'))).toEqual(['please-hold:zh']);
    expect(ids(s.digit('#'))).toEqual(['please-hold:zh']);
    expect(s.digit('1')).toMatchObject({ kind: 'queue', queueId: SUPPORT });
  });

  it('a wrong key plays the invalid-choice prompt then the menu again; retries run out', () => {
    const s = atMenu({ ...MAIN, retries: 2 });
    expect(ids(s.digit('5'))).toEqual(['invalid-choice:zh', SALES_ZH]);
    expect(ids(s.digit('*'))).toEqual(['invalid-choice:zh', SALES_ZH]);
    expect(s.digit('5')).toEqual({
      kind: 'hangup',
      prompts: [built('goodbye')],
      language: 'zh',
      reason: 'retries-exhausted',
    });
    expect(s.path).toEqual([]);
  });

  it('no key replays the menu without the invalid-choice prompt; timeouts and wrong keys add up', () => {
    const s = atMenu({ ...MAIN, retries: 2, afterRetries: { type: 'queue', queueId: SUPPORT } });
    expect(ids(s.timeout())).toEqual([SALES_ZH]);
    expect(ids(s.digit('7'))).toEqual(['invalid-choice:zh', SALES_ZH]);
    expect(s.timeout()).toEqual({
      kind: 'queue',
      queueId: SUPPORT,
      language: 'zh',
      reason: 'retries-exhausted',
    });
  });

  it('a sub-menu has its own timeout and retries, and entering it starts its count afresh', () => {
    const s = atMenu({
      ...MAIN,
      retries: 1,
      menu: {
        prompts: [],
        options: [
          {
            key: '1',
            action: {
              type: 'menu',
              menu: {
                prompts: [{ builtIn: 'please-hold' }],
                timeoutSeconds: 9,
                retries: 0,
                options: [{ key: '1', action: { type: 'repeat' } }],
              },
            },
          },
        ],
      },
    });
    expect(s.timeout()).toMatchObject({ kind: 'play', timeoutSeconds: 5 }); // one failure at the top
    expect(s.digit('1')).toMatchObject({ kind: 'play', timeoutSeconds: 9 });
    expect(s.timeout()).toMatchObject({ kind: 'hangup', reason: 'retries-exhausted' }); // retries: 0
  });

  it('barge-in: a key while the menu is still playing is taken at once; the late prompt end changes nothing', () => {
    const s = atMenu();
    expect(s.step).toMatchObject({ kind: 'play', collect: true });
    const sub = s.digit('2'); // no promptEnded() before: the caller pressed during the prompt
    expect(ids(sub)).toEqual(['please-hold:zh']);
    expect(s.promptEnded()).toBeNull();
    expect(s.step).toBe(sub);
    expect(s.digit('1')).toMatchObject({ kind: 'queue', queueId: SUPPORT });
  });

  it('keys that are not DTMF are ignored; A–D are keys (and wrong ones here)', () => {
    const s = atMenu();
    expect(s.digit('x')).toBeNull();
    expect(s.digit('12')).toBeNull();
    expect(ids(s.digit('A'))).toEqual(['invalid-choice:zh', SALES_ZH]);
  });

  it('voicemail speaks its instructions and names the queue that calls back', () => {
    const s = atMenu(MAIN, { defaultLanguage: 'en' });
    expect(s.digit('3')).toEqual({
      kind: 'voicemail',
      queueId: SUPPORT,
      language: 'en',
      prompts: [built('voicemail-instructions', 'en')],
      reason: 'choice',
    });
  });

  it('hang up says goodbye (or the chosen prompt)', () => {
    expect(atMenu().digit('0')).toEqual({
      kind: 'hangup',
      prompts: [built('goodbye')],
      language: 'zh',
      reason: 'choice',
    });
    const s = atMenu({
      ...MAIN,
      menu: {
        prompts: [],
        options: [{ key: '0', action: { type: 'hangup', prompts: [{ promptId: SALES_ZH }] } }],
      },
    });
    expect(s.digit('0')).toMatchObject({ kind: 'hangup', prompts: [uploaded(SALES_ZH)] });
  });

  it('after the end, events change nothing', () => {
    const s = atMenu();
    const end = s.digit('1');
    expect(s.digit('2')).toBeNull();
    expect(s.promptEnded()).toBeNull();
    expect(s.timeout()).toBe(end);
    expect(s.start()).toBe(end);
    expect(s.path).toEqual(['1']);
  });

  it(`a caller who repeats forever is moved on after ${MAX_MENU_ROUNDS} menu rounds`, () => {
    const s = atMenu({ ...MAIN, afterRetries: { type: 'queue', queueId: SALES } });
    let step: IvrStep | null = s.step;
    let rounds = 1;
    while (step?.kind === 'play') {
      step = s.digit('9');
      rounds++;
    }
    expect(step).toMatchObject({ kind: 'queue', queueId: SALES, reason: 'retries-exhausted' });
    expect(rounds).toBe(MAX_MENU_ROUNDS + 1);
  });
});

describe('IvrSession: after hours', () => {
  const atMenu = (input: IvrMenuDefinitionInput, closed: string[]) => {
    const s = session({ ...input, greeting: [], languageChoice: null }, { closed });
    s.start();
    return s;
  };

  it('a closed queue leads to the after-hours prompt and, by default, hangs up', () => {
    expect(atMenu(MAIN, [SALES]).digit('1')).toEqual({
      kind: 'hangup',
      prompts: [built('after-hours')],
      language: 'zh',
      reason: 'after-hours',
    });
  });

  it("can take a voicemail for the closed queue's callback list, or another's", () => {
    const toClosed = atMenu({ ...MAIN, afterHours: { next: { type: 'voicemail' } } }, [SALES]);
    expect(toClosed.digit('1')).toEqual({
      kind: 'voicemail',
      queueId: SALES,
      language: 'zh',
      prompts: [built('after-hours'), built('voicemail-instructions')],
      reason: 'after-hours',
    });
    const toOther = atMenu(
      {
        ...MAIN,
        afterHours: {
          prompts: [{ promptId: SALES_ZH }],
          next: { type: 'voicemail', queueId: BILLING, prompts: [] },
        },
      },
      [SALES],
    );
    expect(toOther.digit('1')).toMatchObject({
      kind: 'voicemail',
      queueId: BILLING,
      prompts: [uploaded(SALES_ZH)],
    });
  });

  it('only the chosen queue matters: another closed queue does not', () => {
    expect(atMenu(MAIN, [BILLING]).digit('1')).toMatchObject({ kind: 'queue', queueId: SALES });
  });

  it('the after-retries queue is checked too', () => {
    const s = atMenu({ ...MAIN, retries: 0, afterRetries: { type: 'queue', queueId: SUPPORT } }, [SUPPORT]);
    expect(s.timeout()).toMatchObject({ kind: 'hangup', reason: 'after-hours' });
  });

  it('asks isOpen at the moment of the choice', () => {
    let salesOpen = false;
    const s = new IvrSession(ivrMenuDefinition.parse({ ...MAIN, greeting: [], languageChoice: null }), {
      isOpen: () => salesOpen,
      defaultLanguage: 'zh',
    });
    s.start();
    salesOpen = true;
    expect(s.digit('1')).toMatchObject({ kind: 'queue' });
  });
});

describe('menuReferences', () => {
  it('collects every queue and uploaded prompt, at every level and in every branch', () => {
    const def = ivrMenuDefinition.parse({
      ...MAIN,
      greeting: [{ promptId: SALES_ZH }],
      afterRetries: { type: 'queue', queueId: BILLING },
      afterHours: {
        prompts: [{ zh: { builtIn: 'after-hours' }, en: { promptId: SALES_EN } }],
        next: { type: 'voicemail' },
      },
    });
    const refs = menuReferences(def);
    expect([...refs.queueIds].sort()).toEqual([SALES, SUPPORT, BILLING].sort());
    expect([...refs.promptIds].sort()).toEqual([SALES_ZH, SALES_EN].sort());
  });
});

describe('ivrMenuDefinition', () => {
  const nest = (levels: number): IvrMenuDefinitionInput['menu'] =>
    levels === 1
      ? { options: [{ key: '1', action: { type: 'queue', queueId: SALES } }] }
      : { options: [{ key: '1', action: { type: 'menu', menu: nest(levels - 1) } }] };

  it('fills the defaults', () => {
    const def = ivrMenuDefinition.parse({ menu: nest(1), languageChoice: {} });
    expect(def).toMatchObject({
      greeting: [{ builtIn: 'welcome' }],
      greetingBargeIn: false,
      languageChoice: { keys: { zh: '1', en: '2' } },
      timeoutSeconds: 5,
      retries: 2,
      invalidChoice: [{ builtIn: 'invalid-choice' }],
      afterRetries: { type: 'hangup', prompts: [{ builtIn: 'goodbye' }] },
      afterHours: { prompts: [{ builtIn: 'after-hours' }], next: { type: 'hangup', prompts: [] } },
    });
  });

  it(`accepts ${MAX_MENU_DEPTH} levels of menus and refuses more`, () => {
    expect(ivrMenuDefinition.safeParse({ menu: nest(MAX_MENU_DEPTH) }).success).toBe(true);
    const deep = ivrMenuDefinition.safeParse({ menu: nest(MAX_MENU_DEPTH + 1) });
    expect(deep.success).toBe(false);
    expect(deep.error?.issues[0]?.message).toMatch(/at most 4 levels/);
  });

  it.each([
    ['a key used twice', { options: [...nest(1).options, ...nest(1).options] }, /used twice/],
    ['a key that is not DTMF', { options: [{ key: 'A', action: { type: 'repeat' } }] }, /Invalid option/],
    ['no options', { options: [] }, /at least one option/],
    [
      'a queue that is not an id',
      { options: [{ key: '1', action: { type: 'queue', queueId: 'sales' } }] },
      /UUID/i,
    ],
    ['an unknown built-in prompt', { prompts: [{ builtIn: 'hello' }], options: nest(1).options }, /Invalid/],
    ['an unknown action', { options: [{ key: '1', action: { type: 'transfer' } }] }, /Invalid/],
  ])('refuses %s', (_, menu, message) => {
    const result = ivrMenuDefinition.safeParse({ menu });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toMatch(message);
  });

  it('refuses the same key for both languages', () => {
    const result = ivrMenuDefinition.safeParse({
      menu: nest(1),
      languageChoice: { keys: { zh: '1', en: '1' } },
    });
    expect(result.success).toBe(false);
  });
});

// ---------------------------------------------------------------------------------- fuzz

const queueIds = [SALES, SUPPORT, BILLING];
const arbPrompt = fc.oneof(
  fc.constantFrom({ builtIn: 'welcome' as const }, { builtIn: 'please-hold' as const }),
  fc.constant({ promptId: SALES_ZH }),
  fc.constant({ zh: { promptId: SALES_ZH }, en: { builtIn: 'goodbye' as const } }),
);
const arbPrompts = fc.array(arbPrompt, { maxLength: 3 });
const arbLeaf = fc.oneof(
  fc.record({ type: fc.constant('queue' as const), queueId: fc.constantFrom(...queueIds) }),
  fc.record({ type: fc.constant('voicemail' as const), queueId: fc.constantFrom(...queueIds) }),
  fc.constant({ type: 'repeat' as const }),
  fc.record({ type: fc.constant('hangup' as const), prompts: arbPrompts }),
);
type MenuInput = IvrMenuDefinitionInput['menu'];
const arbMenu: (depth: number) => fc.Arbitrary<MenuInput> = (depth) =>
  fc.uniqueArray(fc.constantFrom(...DTMF_KEYS), { minLength: 1, maxLength: 5 }).chain((keys) =>
    fc.record({
      prompts: arbPrompts,
      options: fc.tuple(
        ...keys.map((key) =>
          fc.record({
            key: fc.constant(key),
            action:
              depth >= MAX_MENU_DEPTH
                ? arbLeaf
                : fc.oneof(
                    { weight: 3, arbitrary: arbLeaf },
                    {
                      weight: 1,
                      arbitrary: arbMenu(depth + 1).map((menu) => ({ type: 'menu' as const, menu })),
                    },
                  ),
          }),
        ),
      ),
      retries: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
      timeoutSeconds: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
    }),
  );
const arbDefinition = fc.record({
  greeting: arbPrompts,
  greetingBargeIn: fc.boolean(),
  languageChoice: fc.option(
    fc
      .uniqueArray(fc.constantFrom(...DTMF_KEYS), { minLength: 2, maxLength: 2 })
      .map(([zh, en]) => ({ keys: { zh: zh!, en: en! } })),
    { nil: null },
  ),
  menu: arbMenu(1),
  retries: fc.integer({ min: 0, max: 5 }),
  afterRetries: fc.oneof(
    fc.record({ type: fc.constant('queue' as const), queueId: fc.constantFrom(...queueIds) }),
    fc.constant({ type: 'hangup' as const }),
  ),
  afterHours: fc.record({
    next: fc.oneof(
      fc.constant({ type: 'hangup' as const }),
      fc.record({
        type: fc.constant('voicemail' as const),
        queueId: fc.option(fc.constantFrom(...queueIds), { nil: undefined }),
      }),
    ),
  }),
});
const arbEvent = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...DTMF_KEYS, 'A', 'x', '').map((d) => ({ digit: d })) },
  { weight: 2, arbitrary: fc.constant('timeout' as const) },
  { weight: 2, arbitrary: fc.constant('promptEnded' as const) },
);

/** Events a patient caller sends forever after the fuzzed ones: silence. */
function runToEnd(s: IvrSession, events: (typeof arbEvent extends fc.Arbitrary<infer E> ? E : never)[]) {
  let steps = 1;
  let last: IvrStep | null = s.start();
  const feed = (e: (typeof events)[number]) => {
    const step = e === 'timeout' ? s.timeout() : e === 'promptEnded' ? s.promptEnded() : s.digit(e.digit);
    if (step) {
      steps++;
      last = step;
    }
  };
  for (const e of events) feed(e);
  while (last?.kind === 'play' && steps < 10_000) feed('timeout');
  return { last: last as IvrStep | null, steps };
}

describe('IvrSession: fuzzed', () => {
  it('any definition and any events: no throw, and the call ends in a bounded number of steps', () => {
    // Bound: greeting + language choice (retries + 1 asks) + MAX_MENU_ROUNDS menu asks + the end.
    const bound = 1 + 6 + MAX_MENU_ROUNDS + 1;
    fc.assert(
      fc.property(
        arbDefinition,
        fc.array(arbEvent, { maxLength: 80 }),
        fc.constantFrom<PromptLanguage>('zh', 'en'),
        fc.subarray(queueIds),
        (input, events, defaultLanguage, closed) => {
          const def = ivrMenuDefinition.parse(input);
          const s = new IvrSession(def, { isOpen: open(...closed), defaultLanguage });
          const { last, steps } = runToEnd(s, events);
          expect(last?.kind).toMatch(/^(queue|voicemail|hangup)$/);
          expect(steps).toBeLessThanOrEqual(bound);
          if (last?.kind === 'queue') expect(closed).not.toContain(last.queueId);
          expect(s.result).toBe(last);
          expect(s.language).toBe(s.result?.language);
          for (const key of s.path) expect(DTMF_KEYS).toContain(key);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('a silent caller ends after the retries, in the default language', () => {
    fc.assert(
      fc.property(arbDefinition, fc.constantFrom<PromptLanguage>('zh', 'en'), (input, defaultLanguage) => {
        const def = ivrMenuDefinition.parse(input);
        const s = new IvrSession(def, { isOpen: () => true, defaultLanguage });
        const { last } = runToEnd(s, []);
        expect(last).toMatchObject({ reason: 'retries-exhausted', language: defaultLanguage });
        expect(s.path).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});
