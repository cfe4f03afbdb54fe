import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Input, InputNumber, Select, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  ACTION_TYPES,
  type ActionType,
  actionOf,
  DTMF_KEYS,
  type IvrAction,
  type IvrMenuNode,
  type IvrOption,
  MAX_MENU_DEPTH,
  type VoicePrompt,
} from './ivr-types.ts';
import { PromptListField } from './PromptListField.tsx';

export interface QueueChoice {
  id: string;
  name: string;
}

interface EditorContext {
  queues: QueueChoice[];
  prompts: VoicePrompt[];
  disabled: boolean;
}

/**
 * One level of the menu tree: what it says, then one row per key with its action and target.
 * A sub-menu opens beneath its key, indented, up to four levels.
 */
export function MenuNodeEditor({
  node,
  onChange,
  depth,
  path,
  ctx,
}: {
  node: IvrMenuNode;
  onChange: (next: IvrMenuNode) => void;
  depth: number;
  /** The keys leading here ("2 › 1"), shown on sub-menus. */
  path: string[];
  ctx: EditorContext;
}) {
  const { t } = useTranslation();
  const setOption = (i: number, option: IvrOption) =>
    onChange({ ...node, options: node.options.map((o, j) => (j === i ? option : o)) });
  const freeKey = DTMF_KEYS.find((k) => !node.options.some((o) => o.key === k));
  const id = path.length ? path.join('-') : 'root';

  return (
    <div className={`ivr-node ivr-depth-${depth}`} data-testid={`ivr-node-${id}`}>
      <div className="ivr-node-head">
        <Typography.Text strong>
          {path.length ? t('ivr.menu.subMenu', { path: path.join(' › ') }) : t('ivr.menu.mainMenu')}
        </Typography.Text>
        <Space size="small" wrap>
          <span className="ivr-muted">{t('ivr.menu.timeout')}</span>
          <InputNumber
            size="small"
            min={1}
            max={60}
            placeholder={t('ivr.menu.inherit')}
            value={node.timeoutSeconds ?? null}
            disabled={ctx.disabled}
            onChange={(v) => onChange({ ...node, timeoutSeconds: v ?? undefined })}
            addonAfter={t('ivr.seconds')}
            style={{ width: 130 }}
          />
          <span className="ivr-muted">{t('ivr.menu.retries')}</span>
          <InputNumber
            size="small"
            min={0}
            max={5}
            placeholder={t('ivr.menu.inherit')}
            value={node.retries ?? null}
            disabled={ctx.disabled}
            onChange={(v) => onChange({ ...node, retries: v ?? undefined })}
            style={{ width: 80 }}
          />
        </Space>
      </div>
      <div className="ivr-row">
        <span className="ivr-row-label">{t('ivr.menu.prompts')}</span>
        <PromptListField
          testId={`ivr-prompts-${id}`}
          value={node.prompts}
          prompts={ctx.prompts}
          disabled={ctx.disabled}
          onChange={(prompts) => onChange({ ...node, prompts })}
        />
      </div>
      {node.options.map((option, i) => (
        <div key={option.key} className="ivr-option" data-testid={`ivr-option-${id}-${option.key}`}>
          <div className="ivr-option-row">
            <Select
              className="ivr-key"
              value={option.key}
              disabled={ctx.disabled}
              data-testid="ivr-option-key"
              options={DTMF_KEYS.map((k) => ({
                value: k,
                label: t('ivr.menu.press', { key: k }),
                disabled: node.options.some((o, j) => j !== i && o.key === k),
              }))}
              onChange={(key) => setOption(i, { ...option, key })}
            />
            <Input
              className="ivr-label"
              placeholder={t('ivr.menu.labelPlaceholder')}
              value={option.label ?? ''}
              disabled={ctx.disabled}
              maxLength={60}
              data-testid="ivr-option-label"
              onChange={(e) => setOption(i, { ...option, label: e.target.value || undefined })}
            />
            <Select<ActionType>
              className="ivr-action"
              value={option.action.type}
              disabled={ctx.disabled}
              data-testid="ivr-option-action"
              options={ACTION_TYPES.map((type) => ({
                value: type,
                label: t(`ivr.action.${type}`),
                disabled: type === 'menu' && depth >= MAX_MENU_DEPTH,
              }))}
              onChange={(type) =>
                setOption(i, { ...option, action: actionOf(type, option.action, ctx.queues[0]?.id) })
              }
            />
            <ActionTarget
              action={option.action}
              ctx={ctx}
              onChange={(action) => setOption(i, { ...option, action })}
            />
            {!ctx.disabled && (
              <Button
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('ivr.menu.removeOption')}
                disabled={node.options.length <= 1}
                onClick={() => onChange({ ...node, options: node.options.filter((_, j) => j !== i) })}
              />
            )}
          </div>
          {option.action.type === 'menu' && (
            <MenuNodeEditor
              node={option.action.menu}
              depth={depth + 1}
              path={[...path, option.key]}
              ctx={ctx}
              onChange={(menu) => setOption(i, { ...option, action: { type: 'menu', menu } })}
            />
          )}
        </div>
      ))}
      {!ctx.disabled && freeKey && (
        <Button
          size="small"
          type="dashed"
          icon={<PlusOutlined />}
          data-testid={`ivr-add-option-${id}`}
          onClick={() =>
            onChange({
              ...node,
              options: [
                ...node.options,
                { key: freeKey, action: actionOf('queue', undefined, ctx.queues[0]?.id) },
              ],
            })
          }
        >
          {t('ivr.menu.addOption')}
        </Button>
      )}
    </div>
  );
}

/** The target of an action: a queue, the voicemail's queue and prompt, or what to say before hanging up. */
export function ActionTarget({
  action,
  onChange,
  ctx,
}: {
  action: IvrAction;
  onChange: (next: IvrAction) => void;
  ctx: EditorContext;
}) {
  const { t } = useTranslation();
  const queuePicker = (queueId: string, set: (id: string) => void) => (
    <Select
      className="ivr-queue"
      data-testid="ivr-option-queue"
      placeholder={t('ivr.menu.chooseQueue')}
      value={queueId || undefined}
      disabled={ctx.disabled}
      options={ctx.queues.map((q) => ({ value: q.id, label: q.name }))}
      onChange={set}
      status={queueId ? undefined : 'error'}
    />
  );
  switch (action.type) {
    case 'queue':
      return queuePicker(action.queueId, (queueId) => onChange({ ...action, queueId }));
    case 'voicemail':
      return (
        <Space size="small" className="ivr-target" wrap>
          {queuePicker(action.queueId, (queueId) => onChange({ ...action, queueId }))}
          <span className="ivr-muted">{t('ivr.menu.callbackList')}</span>
        </Space>
      );
    case 'hangup':
      return (
        <div className="ivr-target">
          <PromptListField
            value={action.prompts}
            prompts={ctx.prompts}
            disabled={ctx.disabled}
            onChange={(prompts) => onChange({ ...action, prompts })}
          />
        </div>
      );
    case 'menu':
      return <Tag color="blue">{t('ivr.menu.opensBelow')}</Tag>;
    case 'repeat':
      return <span className="ivr-muted">{t('ivr.menu.repeatHint')}</span>;
  }
}
