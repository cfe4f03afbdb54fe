import { Button, DatePicker, Form, Input, InputNumber } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useErrorToast } from '../../api/use-error-toast.ts';
import { toMinor } from '../../i18n/format.ts';

interface Values {
  product: string;
  category?: string;
  amount: number;
  orderedAt?: Dayjs | null;
}

/** Records an order by hand: the amount is typed in yuan and sent in fen (minor units). */
export function AddOrderForm({ customerId, onAdded }: { customerId: string; onAdded: () => void }) {
  const { t } = useTranslation();
  const showError = useErrorToast();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  async function submit(v: Values) {
    setBusy(true);
    try {
      await api('POST', `/api/v1/customers/${customerId}/orders`, {
        product: v.product.trim(),
        category: v.category?.trim() || null,
        amountMinor: toMinor(v.amount),
        orderedAt: (v.orderedAt ?? null)?.toISOString() ?? new Date().toISOString(),
      });
      form.resetFields();
      onAdded();
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Form form={form} className="inline-form" onFinish={(v) => void submit(v)} data-testid="order-form">
      <Form.Item
        name="product"
        rules={[{ required: true, whitespace: true, message: t('card.productRequired') }]}
      >
        <Input placeholder={t('card.product')} style={{ width: 200 }} />
      </Form.Item>
      <Form.Item name="category">
        <Input placeholder={t('card.category')} style={{ width: 110 }} />
      </Form.Item>
      <Form.Item name="amount" rules={[{ required: true, message: t('card.amountRequired') }]}>
        <InputNumber<number>
          placeholder={t('card.amountYuan')}
          prefix="¥"
          min={0}
          step={0.01}
          precision={2}
          controls={false}
          style={{ width: 140 }}
        />
      </Form.Item>
      <Form.Item name="orderedAt">
        <DatePicker
          placeholder={t('card.orderedAtToday')}
          disabledDate={(d) => d.isAfter(new Date(), 'day')}
          style={{ width: 150 }}
        />
      </Form.Item>
      <Button htmlType="submit" loading={busy}>
        {t('card.addOrder')}
      </Button>
    </Form>
  );
}
