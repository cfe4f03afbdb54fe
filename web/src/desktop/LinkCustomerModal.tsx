import { PlusOutlined } from '@ant-design/icons';
import { Button, Empty, Input, Modal, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { Interaction } from '../api/routing-types.ts';
import type { CustomerSummary, Page } from '../api/types.ts';
import { useErrorToast } from '../api/use-error-toast.ts';
import { NewCustomerModal } from '../customers/list/NewCustomerModal.tsx';

/**
 * Links the interaction to a customer card: search the cards (name, phone, email, company),
 * starting from what the channel told about the customer, or create a new card prefilled
 * with it.
 */
export function LinkCustomerModal({
  open,
  contact,
  onClose,
  onLink,
}: {
  open: boolean;
  contact: Interaction['contact'];
  onClose: () => void;
  onLink: (customerId: string) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const showError = useErrorToast();
  const guess =
    contact.email ??
    (contact.phone && !contact.phone.includes('*') ? contact.phone : null) ??
    contact.name ??
    '';
  const [query, setQuery] = useState(guess);
  const [rows, setRows] = useState<CustomerSummary[] | null>(null);
  const [creating, setCreating] = useState(false);

  const search = async (q: string) => {
    if (!q.trim()) return setRows(null);
    try {
      const page = await api<Page<CustomerSummary>>(
        'GET',
        `/api/v1/customers?q=${encodeURIComponent(q.trim())}&limit=8`,
      );
      setRows(page.items);
    } catch (err) {
      showError(err);
    }
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: search what the channel gave when the dialog opens
  useEffect(() => {
    if (!open) return;
    setQuery(guess);
    void search(guess);
  }, [open]);

  const link = async (id: string) => {
    if (await onLink(id)) onClose();
  };

  return (
    <>
      <Modal
        open={open && !creating}
        title={t('desktop.linkTitle')}
        onCancel={onClose}
        footer={
          <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="link-new-customer">
            {t('desktop.newCustomer')}
          </Button>
        }
        destroyOnHidden
      >
        <Input.Search
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onSearch={(q) => void search(q)}
          placeholder={t('customers.search')}
          enterButton
          data-testid="link-search"
        />
        <div className="link-results">
          {rows?.length === 0 && (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('desktop.noMatch')} />
          )}
          {rows?.map((c) => (
            <div key={c.id} className="link-row" data-testid="link-row">
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>{c.name}</Typography.Text>
                <Typography.Text type="secondary" className="small">
                  {[c.company, c.primaryPhone, c.primaryEmail].filter(Boolean).join(' · ') || '—'}
                </Typography.Text>
              </Space>
              <Button size="small" type="primary" onClick={() => void link(c.id)} data-testid="link-choose">
                {t('desktop.link')}
              </Button>
            </div>
          ))}
        </div>
      </Modal>
      <NewCustomerModal
        open={open && creating}
        initial={{
          name: contact.name ?? undefined,
          email: contact.email ?? undefined,
          phone: contact.phone && !contact.phone.includes('*') ? contact.phone : undefined,
        }}
        onClose={() => setCreating(false)}
        onCreated={(id) => {
          setCreating(false);
          void link(id);
        }}
      />
    </>
  );
}
