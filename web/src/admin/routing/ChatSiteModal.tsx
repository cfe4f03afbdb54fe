import { App, Form, Input, Modal, Radio, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useErrorToast } from '../../api/use-error-toast.ts';
import type { ChatSite, QueueDetail } from './setup-types.ts';

type SiteFields = Pick<ChatSite, 'name' | 'allowedOrigins' | 'queueId' | 'defaultLocale' | 'preChatForm'> & {
  greeting?: string | null;
};

const BLANK: Partial<SiteFields> = { allowedOrigins: [], defaultLocale: 'zh-CN', preChatForm: 'optional' };

/**
 * Registers a website for the chat widget (`site` 'new') or changes one: its name, the pages
 * allowed to embed it, the queue its chats wait in, the widget's language, greeting and
 * pre-chat form. Answers the saved site, whose embed code the tab then shows.
 */
export function ChatSiteModal({
  site,
  queues,
  onClose,
  onSaved,
}: {
  site: ChatSite | 'new' | null;
  queues: QueueDetail[];
  onClose: () => void;
  onSaved: (site: ChatSite, created: boolean) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorToast();
  const [form] = Form.useForm<SiteFields>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!site) return;
    form.resetFields();
    form.setFieldsValue(site === 'new' ? BLANK : site);
  }, [site, form]);

  const save = async (v: SiteFields) => {
    setSaving(true);
    try {
      const body = {
        name: v.name,
        queueId: v.queueId,
        allowedOrigins: v.allowedOrigins ?? [],
        defaultLocale: v.defaultLocale,
        greeting: v.greeting?.trim() || null,
        preChatForm: v.preChatForm,
      };
      const saved =
        site === 'new'
          ? await api<ChatSite>('POST', '/api/v1/webchat-sites', body)
          : await api<ChatSite>('PATCH', `/api/v1/webchat-sites/${(site as ChatSite).id}`, body);
      void message.success(t('routingSetup.site.saved'));
      onSaved(saved, site === 'new');
      onClose();
    } catch (err) {
      showError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={site !== null}
      title={site === 'new' ? t('routingSetup.site.newTitle') : t('routingSetup.site.editTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      okButtonProps={{ loading: saving, 'data-testid': 'site-save' }}
      width={600}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={BLANK} onFinish={(v) => void save(v)}>
        <Form.Item
          name="name"
          label={t('routingSetup.site.name')}
          rules={[{ required: true, whitespace: true, max: 100 }]}
        >
          <Input data-testid="site-name" />
        </Form.Item>
        <Form.Item
          name="queueId"
          label={t('routingSetup.site.queue')}
          extra={t('routingSetup.site.queueHint')}
          rules={[{ required: true }]}
        >
          <Select
            options={queues
              .filter((q) => q.channels.includes('chat'))
              .map((q) => ({ value: q.id, label: q.name }))}
            data-testid="site-queue"
          />
        </Form.Item>
        <Form.Item
          name="allowedOrigins"
          label={t('routingSetup.site.origins')}
          extra={t('routingSetup.site.originsHint')}
        >
          <Select
            mode="tags"
            open={false}
            tokenSeparators={[' ', ',']}
            suffixIcon={null}
            data-testid="site-origins"
          />
        </Form.Item>
        <Form.Item name="defaultLocale" label={t('routingSetup.site.locale')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'zh-CN', label: '简体中文' },
              { value: 'en', label: 'English' },
            ]}
          />
        </Form.Item>
        <Form.Item name="greeting" label={t('routingSetup.site.greeting')}>
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={1000} />
        </Form.Item>
        <Form.Item
          name="preChatForm"
          label={t('routingSetup.site.preChatForm')}
          extra={t('routingSetup.site.preChatFormHint')}
        >
          <Radio.Group
            optionType="button"
            options={(['off', 'optional', 'required'] as const).map((v) => ({
              value: v,
              label: t(`routingSetup.site.preChat.${v}`),
            }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
