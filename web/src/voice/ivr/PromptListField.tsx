import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { BUILT_IN_PROMPTS, type PromptRef, type SinglePromptRef, type VoicePrompt } from './ivr-types.ts';

/**
 * Prompts played one after the other, chosen from the built-in ones (spoken in the caller's
 * language) and the uploaded ones (in the language they were recorded in). A per-language
 * pair made through the API shows as one entry and is kept as it is.
 */
export function PromptListField({
  value,
  onChange,
  prompts,
  disabled,
  testId,
}: {
  value: PromptRef[];
  onChange: (next: PromptRef[]) => void;
  prompts: VoicePrompt[];
  disabled?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  const labelOf = (ref: SinglePromptRef): string => {
    if ('promptId' in ref) {
      const p = prompts.find((x) => x.id === ref.promptId);
      return p ? `${p.name} · ${t(`ivr.language.${p.language}`)}` : t('ivr.prompt.missing');
    }
    const name = t(`ivr.builtIn.${ref.builtIn}`, { defaultValue: ref.builtIn });
    return ref.language ? `${name} · ${t(`ivr.language.${ref.language}`)}` : name;
  };
  const options = [
    {
      label: t('ivr.prompt.builtInGroup'),
      options: [
        ...BUILT_IN_PROMPTS.filter((id) => id !== 'language-choice').map((id) => ({
          value: encode({ builtIn: id }),
          label: labelOf({ builtIn: id }),
        })),
        ...(['zh', 'en'] as const).map((language) => ({
          value: encode({ builtIn: 'language-choice', language }),
          label: labelOf({ builtIn: 'language-choice', language }),
        })),
      ],
    },
    {
      label: t('ivr.prompt.uploadedGroup'),
      options: prompts.map((p) => ({
        value: encode({ promptId: p.id }),
        label: labelOf({ promptId: p.id }),
      })),
    },
  ];
  // Values already in the list that no option covers (a pair, a deleted prompt) keep a label.
  const extra = value
    .filter((ref) => !options.some((g) => g.options.some((o) => o.value === encode(ref))))
    .map((ref) => ({
      value: encode(ref),
      label: 'zh' in ref ? `${labelOf(ref.zh)} / ${labelOf(ref.en)}` : labelOf(ref),
    }));
  return (
    <Select
      mode="multiple"
      data-testid={testId}
      disabled={disabled}
      value={value.map(encode)}
      options={[...options, ...(extra.length ? [{ label: '—', options: extra }] : [])]}
      placeholder={t('ivr.prompt.none')}
      optionFilterProp="label"
      onChange={(values: string[]) => onChange(values.map(decode))}
      style={{ minWidth: 260, width: '100%' }}
    />
  );
}

const encode = (ref: PromptRef): string => JSON.stringify(ref);
const decode = (value: string): PromptRef => JSON.parse(value) as PromptRef;
