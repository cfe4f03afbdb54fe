import { type ButtonProps, Form, Input, Modal, Radio } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DISPOSITIONS, type Disposition } from './dispositions.ts';

/** Ends the conversation with its outcome (disposition code) and notes; both go to the customer's timeline. */
export function WrapUpModal({
  open,
  onClose,
  onWrapUp,
}: {
  open: boolean;
  onClose: () => void;
  onWrapUp: (body: { code: string; notes?: string }) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const [code, setCode] = useState<Disposition>();
  const [notes, setNotes] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (!code) return;
    setBusy(true);
    const ok = await onWrapUp({ code, ...(notes.trim() ? { notes: notes.trim() } : {}) });
    setBusy(false);
    if (ok) {
      setCode(undefined);
      setNotes('');
      onClose();
    }
  };

  return (
    <Modal
      open={open}
      title={t('desktop.wrapUpTitle')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('desktop.wrapUp')}
      okButtonProps={{ disabled: !code, loading: busy, 'data-testid': 'wrap-up-ok' } as ButtonProps}
    >
      <Form layout="vertical">
        <Form.Item label={t('desktop.disposition')} required>
          <Radio.Group value={code} onChange={(e) => setCode(e.target.value)} className="disposition-grid">
            {DISPOSITIONS.map((d) => (
              <Radio key={d} value={d} data-testid={`disposition-${d}`}>
                {t(`dispositions.${d}`)}
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item label={t('desktop.notes')}>
          <Input.TextArea
            value={notes}
            onChange={(e) => setNotes(e.target.value)}
            maxLength={5000}
            autoSize={{ minRows: 3 }}
            data-testid="wrap-up-notes"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
