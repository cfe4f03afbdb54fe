import { App, Button, Drawer, Input, InputNumber, Radio, Select, Space, Switch, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useErrorToast } from '../../api/use-error-toast.ts';
import {
  DTMF_KEYS,
  type DtmfKey,
  type IvrDefinition,
  type IvrMenu,
  newDefinition,
  type VoicePrompt,
} from './ivr-types.ts';
import { MenuNodeEditor, type QueueChoice } from './MenuNodeEditor.tsx';
import { PromptListField } from './PromptListField.tsx';

/**
 * The menu editor: the greeting, the language choice, the tree of keys, what no or a wrong key
 * leads to, and what a caller hears when the chosen queue is closed. Saves the whole definition.
 */
export function MenuEditorDrawer({
  menu,
  queues,
  prompts,
  editable,
  onClose,
  onSaved,
}: {
  menu: IvrMenu | 'new';
  queues: QueueChoice[];
  prompts: VoicePrompt[];
  editable: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorToast();
  const [name, setName] = useState(menu === 'new' ? '' : menu.name);
  const [def, setDef] = useState<IvrDefinition>(
    menu === 'new' ? newDefinition(queues[0]?.id) : menu.definition,
  );
  const [saving, setSaving] = useState(false);
  const ctx = { queues, prompts, disabled: !editable };
  const set = (patch: Partial<IvrDefinition>) => setDef((d) => ({ ...d, ...patch }));

  const save = async () => {
    setSaving(true);
    try {
      const body = { name: name.trim(), definition: def };
      if (menu === 'new') await api('POST', '/api/v1/voice/ivr-menus', body);
      else await api('PATCH', `/api/v1/voice/ivr-menus/${menu.id}`, body);
      void message.success(t('ivr.menu.saved'));
      onSaved();
    } catch (err) {
      showError(err);
    } finally {
      setSaving(false);
    }
  };

  const keySelect = (value: DtmfKey, onChange: (k: DtmfKey) => void, testId: string) => (
    <Select<DtmfKey>
      size="small"
      value={value}
      data-testid={testId}
      disabled={!editable}
      style={{ width: 70 }}
      options={DTMF_KEYS.map((k) => ({ value: k, label: k }))}
      onChange={onChange}
    />
  );

  return (
    <Drawer
      open
      width={980}
      title={menu === 'new' ? t('ivr.menu.new') : t('ivr.menu.edit', { name: menu.name })}
      onClose={onClose}
      extra={
        editable && (
          <Button
            type="primary"
            loading={saving}
            disabled={!name.trim()}
            onClick={save}
            data-testid="ivr-save"
          >
            {t('ivr.save')}
          </Button>
        )
      }
    >
      <div className="ivr-editor" data-testid="ivr-editor">
        <Section title={t('ivr.menu.name')}>
          <Input
            value={name}
            maxLength={100}
            disabled={!editable}
            placeholder={t('ivr.menu.namePlaceholder')}
            data-testid="ivr-name"
            onChange={(e) => setName(e.target.value)}
          />
        </Section>

        <Section title={t('ivr.menu.greeting')} hint={t('ivr.menu.greetingHint')}>
          <PromptListField
            testId="ivr-greeting"
            value={def.greeting}
            prompts={prompts}
            disabled={!editable}
            onChange={(greeting) => set({ greeting })}
          />
          <Space className="ivr-inline">
            <Switch
              size="small"
              checked={def.greetingBargeIn}
              disabled={!editable}
              onChange={(greetingBargeIn) => set({ greetingBargeIn })}
            />
            <span>{t('ivr.menu.bargeIn')}</span>
          </Space>
        </Section>

        <Section
          title={t('ivr.menu.languageChoice')}
          extra={
            <Switch
              checked={!!def.languageChoice}
              disabled={!editable}
              data-testid="ivr-language-choice"
              onChange={(on) => set({ languageChoice: on ? newDefinition(undefined).languageChoice : null })}
            />
          }
        >
          {def.languageChoice ? (
            <>
              <Space className="ivr-inline" wrap>
                <span>{t('ivr.language.zh')}</span>
                {keySelect(
                  def.languageChoice.keys.zh,
                  (zh) =>
                    set({
                      languageChoice: { ...def.languageChoice!, keys: { ...def.languageChoice!.keys, zh } },
                    }),
                  'ivr-key-zh',
                )}
                <span>{t('ivr.language.en')}</span>
                {keySelect(
                  def.languageChoice.keys.en,
                  (en) =>
                    set({
                      languageChoice: { ...def.languageChoice!, keys: { ...def.languageChoice!.keys, en } },
                    }),
                  'ivr-key-en',
                )}
              </Space>
              <PromptListField
                value={def.languageChoice.prompts}
                prompts={prompts}
                disabled={!editable}
                onChange={(p) => set({ languageChoice: { ...def.languageChoice!, prompts: p } })}
              />
              <Typography.Text type="secondary" className="ivr-hint">
                {t('ivr.menu.languageHint')}
              </Typography.Text>
            </>
          ) : (
            <Typography.Text type="secondary">{t('ivr.menu.noLanguageChoice')}</Typography.Text>
          )}
        </Section>

        <Section title={t('ivr.menu.tree')} hint={t('ivr.menu.treeHint')}>
          <MenuNodeEditor node={def.menu} depth={1} path={[]} ctx={ctx} onChange={(m) => set({ menu: m })} />
        </Section>

        <Section title={t('ivr.menu.noInput')}>
          <Space wrap className="ivr-inline">
            <span>{t('ivr.menu.timeout')}</span>
            <InputNumber
              min={1}
              max={60}
              value={def.timeoutSeconds}
              disabled={!editable}
              addonAfter={t('ivr.seconds')}
              data-testid="ivr-timeout"
              onChange={(v) => set({ timeoutSeconds: v ?? 5 })}
              style={{ width: 130 }}
            />
            <span>{t('ivr.menu.retries')}</span>
            <InputNumber
              min={0}
              max={5}
              value={def.retries}
              disabled={!editable}
              data-testid="ivr-retries"
              onChange={(v) => set({ retries: v ?? 2 })}
              style={{ width: 80 }}
            />
          </Space>
          <div className="ivr-row">
            <span className="ivr-row-label">{t('ivr.menu.invalidChoice')}</span>
            <PromptListField
              value={def.invalidChoice}
              prompts={prompts}
              disabled={!editable}
              onChange={(invalidChoice) => set({ invalidChoice })}
            />
          </div>
          <div className="ivr-row">
            <span className="ivr-row-label">{t('ivr.menu.afterRetries')}</span>
            <Radio.Group
              optionType="button"
              size="small"
              value={def.afterRetries.type}
              disabled={!editable}
              onChange={(e) =>
                set({
                  afterRetries:
                    e.target.value === 'queue'
                      ? { type: 'queue', queueId: queues[0]?.id ?? '' }
                      : { type: 'hangup', prompts: [{ builtIn: 'goodbye' }] },
                })
              }
              options={[
                { value: 'queue', label: t('ivr.action.queue') },
                { value: 'hangup', label: t('ivr.action.hangup') },
              ]}
            />
            {def.afterRetries.type === 'queue' ? (
              <Select
                className="ivr-queue"
                value={def.afterRetries.queueId || undefined}
                disabled={!editable}
                options={queues.map((q) => ({ value: q.id, label: q.name }))}
                onChange={(queueId: string) => set({ afterRetries: { type: 'queue', queueId } })}
              />
            ) : (
              <PromptListField
                value={def.afterRetries.prompts}
                prompts={prompts}
                disabled={!editable}
                onChange={(p) => set({ afterRetries: { type: 'hangup', prompts: p } })}
              />
            )}
          </div>
        </Section>

        <Section title={t('ivr.menu.afterHours')} hint={t('ivr.menu.afterHoursHint')}>
          <div className="ivr-row">
            <span className="ivr-row-label">{t('ivr.menu.prompts')}</span>
            <PromptListField
              testId="ivr-after-hours"
              value={def.afterHours.prompts}
              prompts={prompts}
              disabled={!editable}
              onChange={(p) => set({ afterHours: { ...def.afterHours, prompts: p } })}
            />
          </div>
          <div className="ivr-row">
            <span className="ivr-row-label">{t('ivr.menu.then')}</span>
            <Radio.Group
              optionType="button"
              size="small"
              value={def.afterHours.next.type}
              disabled={!editable}
              data-testid="ivr-after-hours-next"
              onChange={(e) =>
                set({
                  afterHours: {
                    ...def.afterHours,
                    next:
                      e.target.value === 'voicemail'
                        ? { type: 'voicemail', prompts: [{ builtIn: 'voicemail-instructions' }] }
                        : { type: 'hangup', prompts: [] },
                  },
                })
              }
              options={[
                { value: 'voicemail', label: t('ivr.action.voicemail') },
                { value: 'hangup', label: t('ivr.action.hangup') },
              ]}
            />
            {def.afterHours.next.type === 'voicemail' && (
              <Select
                className="ivr-queue"
                allowClear
                placeholder={t('ivr.menu.closedQueue')}
                value={def.afterHours.next.queueId}
                disabled={!editable}
                options={queues.map((q) => ({ value: q.id, label: q.name }))}
                onChange={(queueId?: string) =>
                  set({
                    afterHours: {
                      ...def.afterHours,
                      next: {
                        type: 'voicemail',
                        prompts: def.afterHours.next.prompts,
                        ...(queueId ? { queueId } : {}),
                      },
                    },
                  })
                }
              />
            )}
          </div>
        </Section>
      </div>
    </Drawer>
  );
}

function Section({
  title,
  hint,
  extra,
  children,
}: {
  title: string;
  hint?: string;
  extra?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="ivr-section">
      <div className="ivr-section-head">
        <Typography.Title level={5}>{title}</Typography.Title>
        {extra}
      </div>
      {hint && (
        <Typography.Paragraph type="secondary" className="ivr-hint">
          {hint}
        </Typography.Paragraph>
      )}
      {children}
    </section>
  );
}
