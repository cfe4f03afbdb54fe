import { Form, Input, Modal, Radio, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useErrorToast } from '../../api/use-error-toast.ts';
import {
  COMPLAINT_CATEGORIES,
  TICKET_PRIORITIES,
  TICKET_TYPES,
  type Ticket,
  type TicketPriority,
  type TicketType,
} from './ticket-types.ts';

/**
 * 建工单 / New ticket, from the conversation in hand: the customer, the channel and the queue
 * come from it, so the agent picks a type, checks the subject and saves (two clicks).
 */
export function NewTicketModal({
  open,
  interactionId,
  subject,
  onClose,
  onCreated,
}: {
  open: boolean;
  interactionId: string;
  subject: string;
  onClose: () => void;
  onCreated: (ticket: Ticket) => void;
}) {
  const { t } = useTranslation();
  const showError = useErrorToast();
  const [type, setType] = useState<TicketType>('inquiry');
  const [title, setTitle] = useState(subject);
  const [priority, setPriority] = useState<TicketPriority>('normal');
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [category, setCategory] = useState<string>('product_quality');
  const [product, setProduct] = useState('');
  const [severity, setSeverity] = useState<'minor' | 'major' | 'critical'>('major');
  useEffect(() => {
    if (!open) return;
    setTitle(subject);
    setType('inquiry');
    setPriority('normal');
    setDescription('');
  }, [open, subject]);

  const save = async () => {
    setBusy(true);
    const created = await api<Ticket>('POST', '/api/v1/tickets', {
      type,
      subject: title.trim(),
      priority,
      interactionId,
      ...(description.trim() ? { description: description.trim() } : {}),
      ...(type === 'complaint'
        ? { complaint: { category, severity, ...(product.trim() ? { product: product.trim() } : {}) } }
        : {}),
    }).catch((err: unknown) => {
      showError(err);
      return null;
    });
    setBusy(false);
    if (created) onCreated(created);
  };

  return (
    <Modal
      open={open}
      title={t('tickets.newFromInteraction')}
      onCancel={onClose}
      onOk={() => void save()}
      okText={t('tickets.create')}
      okButtonProps={{ disabled: !title.trim(), loading: busy, id: 'new-ticket-ok' }}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label={t('tickets.type')}>
          <Radio.Group value={type} onChange={(e) => setType(e.target.value)} optionType="button">
            {TICKET_TYPES.map((k) => (
              <Radio key={k} value={k} data-testid={`new-ticket-type-${k}`}>
                {t(`tickets.types.${k}`)}
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item label={t('tickets.subject')} required>
          <Input
            value={title}
            maxLength={200}
            onChange={(e) => setTitle(e.target.value)}
            data-testid="new-ticket-subject"
          />
        </Form.Item>
        {type === 'complaint' && (
          <Space wrap>
            <Form.Item label={t('complaints.category')}>
              <Select
                value={category}
                onChange={setCategory}
                style={{ width: 150 }}
                options={COMPLAINT_CATEGORIES.map((c) => ({
                  value: c,
                  label: t(`complaints.categories.${c}`),
                }))}
                data-testid="new-ticket-category"
              />
            </Form.Item>
            <Form.Item label={t('complaints.product')}>
              <Input
                value={product}
                maxLength={200}
                onChange={(e) => setProduct(e.target.value)}
                data-testid="new-ticket-product"
              />
            </Form.Item>
            <Form.Item label={t('complaints.severity')}>
              <Select
                value={severity}
                onChange={setSeverity}
                style={{ width: 100 }}
                options={(['minor', 'major', 'critical'] as const).map((s) => ({
                  value: s,
                  label: t(`complaints.severities.${s}`),
                }))}
              />
            </Form.Item>
          </Space>
        )}
        <Form.Item label={t('tickets.priority')}>
          <Select
            value={priority}
            onChange={setPriority}
            options={TICKET_PRIORITIES.map((p) => ({ value: p, label: t(`tickets.priorities.${p}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('tickets.description')}>
          <Input.TextArea
            rows={3}
            value={description}
            maxLength={10_000}
            onChange={(e) => setDescription(e.target.value)}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
