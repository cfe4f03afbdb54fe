import { App, Col, Divider, Form, Input, InputNumber, Modal, Row, Select, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useErrorToast } from '../../api/use-error-toast.ts';
import type { ImapSettings, Mailbox, QueueDetail } from './setup-types.ts';

interface MailboxFields {
  name: string;
  queueId: string;
  addresses: string[];
  fromAddress: string;
  fromName?: string | null;
  enabled: boolean;
  useImap: boolean;
  imap?: Partial<ImapSettings> & { password?: string };
}

const IMAP_DEFAULTS = { port: 993, tls: true, folder: 'INBOX' };

function toFields(mailbox: Mailbox | null): Partial<MailboxFields> {
  if (!mailbox) return { addresses: [], enabled: true, useImap: false, imap: IMAP_DEFAULTS };
  const { imap, ...rest } = mailbox;
  // The stored password is never sent back; its field starts empty and empty keeps it.
  return { ...rest, useImap: !!imap, imap: imap ? { ...imap, password: '' } : IMAP_DEFAULTS };
}

/**
 * Adds a mailbox (`mailbox` 'new') or changes one: the addresses it receives, the queue its
 * conversations wait in, the From of replies, and optionally an IMAP account to poll. The
 * IMAP password is write-only: left empty on a change, the stored one is kept.
 */
export function MailboxModal({
  mailbox,
  queues,
  onClose,
  onSaved,
}: {
  mailbox: Mailbox | 'new' | null;
  queues: QueueDetail[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorToast();
  const [form] = Form.useForm<MailboxFields>();
  const [saving, setSaving] = useState(false);
  const useImap = Form.useWatch('useImap', form);
  const existing = mailbox && mailbox !== 'new' ? mailbox : null;
  const passwordStored = !!existing?.imap?.passwordSet;

  useEffect(() => {
    if (!mailbox) return;
    form.resetFields();
    form.setFieldsValue(toFields(mailbox === 'new' ? null : mailbox));
  }, [mailbox, form]);

  const save = async (v: MailboxFields) => {
    setSaving(true);
    try {
      const imap = v.imap ?? {};
      const body = {
        name: v.name,
        queueId: v.queueId,
        addresses: v.addresses,
        fromAddress: v.fromAddress,
        fromName: v.fromName?.trim() || null,
        enabled: v.enabled,
        imap: v.useImap
          ? {
              host: imap.host,
              port: imap.port,
              tls: imap.tls,
              user: imap.user,
              folder: imap.folder,
              ...(imap.password ? { password: imap.password } : {}),
            }
          : null,
      };
      if (existing) await api('PATCH', `/api/v1/email-mailboxes/${existing.id}`, body);
      else await api('POST', '/api/v1/email-mailboxes', body);
      void message.success(t('routingSetup.mailbox.saved'));
      onSaved();
      onClose();
    } catch (err) {
      showError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={mailbox !== null}
      title={existing ? t('routingSetup.mailbox.editTitle') : t('routingSetup.mailbox.newTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      okButtonProps={{ loading: saving, 'data-testid': 'mailbox-save' }}
      width={640}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={toFields(null)} onFinish={(v) => void save(v)}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="name"
              label={t('routingSetup.mailbox.name')}
              rules={[{ required: true, whitespace: true, max: 100 }]}
            >
              <Input data-testid="mailbox-name" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="queueId" label={t('routingSetup.mailbox.queue')} rules={[{ required: true }]}>
              <Select
                options={queues
                  .filter((q) => q.channels.includes('email'))
                  .map((q) => ({ value: q.id, label: q.name }))}
                data-testid="mailbox-queue"
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="addresses"
          label={t('routingSetup.mailbox.addresses')}
          extra={t('routingSetup.mailbox.addressesHint')}
          rules={[
            { required: true, type: 'array', min: 1 },
            { type: 'array', defaultField: { type: 'email' } },
          ]}
        >
          <Select
            mode="tags"
            open={false}
            tokenSeparators={[' ', ',', ';']}
            suffixIcon={null}
            data-testid="mailbox-addresses"
          />
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="fromAddress"
              label={t('routingSetup.mailbox.fromAddress')}
              rules={[{ required: true, type: 'email' }]}
            >
              <Input data-testid="mailbox-from" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="fromName" label={t('routingSetup.mailbox.fromName')}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="enabled" label={t('routingSetup.mailbox.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Divider titlePlacement="start">IMAP</Divider>
        <Form.Item
          name="useImap"
          label={t('routingSetup.mailbox.useImap')}
          extra={t('routingSetup.mailbox.useImapHint')}
          valuePropName="checked"
        >
          <Switch data-testid="mailbox-imap" />
        </Form.Item>
        {useImap && (
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item
                name={['imap', 'host']}
                label={t('routingSetup.mailbox.host')}
                rules={[{ required: true, whitespace: true }]}
              >
                <Input placeholder="imap.exmail.qq.com" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item
                name={['imap', 'port']}
                label={t('routingSetup.mailbox.port')}
                rules={[{ required: true }]}
              >
                <InputNumber min={1} max={65_535} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name={['imap', 'tls']} label="TLS" valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item
                name={['imap', 'user']}
                label={t('routingSetup.mailbox.user')}
                rules={[{ required: true, whitespace: true }]}
              >
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item
                name={['imap', 'password']}
                label={t('routingSetup.mailbox.password')}
                rules={[{ required: !existing?.imap, message: t('routingSetup.mailbox.passwordRequired') }]}
              >
                <Input.Password
                  autoComplete="new-password"
                  placeholder={passwordStored ? t('routingSetup.mailbox.passwordKept') : undefined}
                />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item
                name={['imap', 'folder']}
                label={t('routingSetup.mailbox.folder')}
                rules={[{ required: true, whitespace: true }]}
              >
                <Input />
              </Form.Item>
            </Col>
          </Row>
        )}
      </Form>
    </Modal>
  );
}
