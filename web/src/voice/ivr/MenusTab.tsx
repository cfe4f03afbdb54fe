import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Popconfirm, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useErrorToast } from '../../api/use-error-toast.ts';
import { dateTime } from '../../i18n/format.ts';
import { type IvrMenu, type IvrMenuNode, menuDepth, type VoicePrompt } from './ivr-types.ts';
import { MenuEditorDrawer } from './MenuEditorDrawer.tsx';
import type { QueueChoice } from './MenuNodeEditor.tsx';

/** The tenant's IVR menus; admins add, change and delete them, supervisors look. */
export function MenusTab({
  menus,
  queues,
  prompts,
  editable,
  onChanged,
}: {
  menus: IvrMenu[] | null;
  queues: QueueChoice[];
  prompts: VoicePrompt[];
  editable: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorToast();
  const [editing, setEditing] = useState<IvrMenu | 'new' | null>(null);

  const remove = async (menu: IvrMenu) => {
    try {
      await api('DELETE', `/api/v1/voice/ivr-menus/${menu.id}`);
      void message.success(t('ivr.menu.deleted'));
      onChanged();
    } catch (err) {
      showError(err);
    }
  };

  return (
    <>
      {editable && queues.length === 0 && (
        <Alert type="warning" showIcon className="ivr-alert" message={t('ivr.menu.noVoiceQueue')} />
      )}
      {editable && (
        <div className="toolbar">
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing('new')}
            data-testid="ivr-new"
          >
            {t('ivr.menu.new')}
          </Button>
        </div>
      )}
      <Table<IvrMenu>
        rowKey="id"
        size="middle"
        loading={!menus}
        dataSource={menus ?? []}
        pagination={false}
        onRow={(m) => ({ 'data-testid': `ivr-row-${m.name}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('ivr.menu.name'), dataIndex: 'name' },
          {
            title: t('ivr.menu.keys'),
            render: (_, m) => (
              <Space size={4} wrap>
                {m.definition.menu.options.map((o) => (
                  <Tag key={o.key}>
                    {o.key} · {o.label || t(`ivr.action.${o.action.type}`)}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            title: t('ivr.menu.shape'),
            render: (_, m) =>
              t('ivr.menu.shapeValue', {
                depth: menuDepth(m.definition.menu),
                options: countOptions(m.definition.menu),
              }),
          },
          {
            title: t('ivr.menu.languageChoice'),
            render: (_, m) =>
              m.definition.languageChoice
                ? t('ivr.menu.languageKeys', m.definition.languageChoice.keys)
                : t('ivr.menu.noLanguageChoiceShort'),
          },
          {
            title: t('ivr.menu.numbers'),
            render: (_, m) => (m.numbers.length ? m.numbers.join(', ') : '—'),
          },
          { title: t('ivr.menu.updated'), render: (_, m) => dateTime(m.updatedAt) },
          {
            title: '',
            align: 'right',
            render: (_, m) => (
              <Space>
                <Button size="small" onClick={() => setEditing(m)} data-testid="ivr-edit">
                  {editable ? t('ivr.edit') : t('ivr.view')}
                </Button>
                {editable && (
                  <Popconfirm
                    title={t('ivr.menu.confirmDelete', { name: m.name })}
                    onConfirm={() => remove(m)}
                  >
                    <Button size="small" danger data-testid="ivr-delete">
                      {t('ivr.delete')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <MenuEditorDrawer
          menu={editing}
          queues={queues}
          prompts={prompts}
          editable={editable}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            onChanged();
          }}
        />
      )}
    </>
  );
}

function countOptions(node: IvrMenuNode): number {
  return node.options.reduce(
    (n, o) => n + 1 + (o.action.type === 'menu' ? countOptions(o.action.menu) : 0),
    0,
  );
}
