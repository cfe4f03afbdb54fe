import { TranslationOutlined } from '@ant-design/icons';
import { Button, Popover, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BUILT_IN_PROMPTS, type PromptRef, type SinglePromptRef, type VoicePrompt } from './ivr-types.ts';

/**
 * Prompts played one after the other, chosen from the built-in ones (spoken in the caller's
 * language) and the uploaded ones (in the language they were recorded in). **One per
 * language** adds a pair: callers who chose Chinese hear the first, English the second.
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
  const singles = options.flatMap((g) => g.options);
  return (
    <div className="ivr-prompts">
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
      {!disabled && (
        <PairPicker
          choices={singles}
          testId={testId && `${testId}-pair`}
          onAdd={(zh, en) =>
            onChange([...value, { zh: decode(zh) as SinglePromptRef, en: decode(en) as SinglePromptRef }])
          }
        />
      )}
    </div>
  );
}

/** A button that adds one prompt per language: pick the Chinese and the English one. */
function PairPicker({
  choices,
  onAdd,
  testId,
}: {
  choices: { value: string; label: string }[];
  onAdd: (zh: string, en: string) => void;
  testId: string | undefined;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [zh, setZh] = useState<string>();
  const [en, setEn] = useState<string>();
  const pick = (language: 'zh' | 'en', value: string | undefined, set: (v: string) => void) => (
    <Space>
      <span className="ivr-pair-label">{t(`ivr.language.${language}`)}</span>
      <Select
        value={value}
        onChange={set}
        options={choices}
        showSearch
        optionFilterProp="label"
        placeholder={t('ivr.prompt.choose')}
        style={{ width: 280 }}
        data-testid={testId && `${testId}-${language}`}
      />
    </Space>
  );
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      title={t('ivr.prompt.pairTitle')}
      content={
        <Space direction="vertical">
          {pick('zh', zh, setZh)}
          {pick('en', en, setEn)}
          <Button
            type="primary"
            size="small"
            disabled={!zh || !en}
            data-testid={testId && `${testId}-add`}
            onClick={() => {
              if (zh && en) onAdd(zh, en);
              setOpen(false);
              setZh(undefined);
              setEn(undefined);
            }}
          >
            {t('ivr.prompt.pairAdd')}
          </Button>
        </Space>
      }
    >
      <Button
        type="text"
        size="small"
        icon={<TranslationOutlined />}
        title={t('ivr.prompt.pair')}
        aria-label={t('ivr.prompt.pair')}
        data-testid={testId}
      />
    </Popover>
  );
}

const encode = (ref: PromptRef): string => JSON.stringify(ref);
const decode = (value: string): PromptRef => JSON.parse(value) as PromptRef;
