import { Button, type ButtonProps, Input, Modal, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

const PRESETS = ['lunch', 'rest', 'training', 'meeting', 'coaching'] as const;

/** Why the agent takes a break (the server records it with the state): a common reason or their own words. */
export function BreakReasonModal({
  open,
  onCancel,
  onChoose,
}: {
  open: boolean;
  onCancel: () => void;
  onChoose: (reason: string) => void;
}) {
  const { t } = useTranslation();
  const [other, setOther] = useState('');
  return (
    <Modal
      open={open}
      title={t('floor.breakTitle')}
      onCancel={onCancel}
      destroyOnHidden
      okText={t('floor.startBreak')}
      okButtonProps={{ disabled: !other.trim(), 'data-testid': 'break-ok' } as ButtonProps}
      onOk={() => onChoose(other.trim())}
    >
      <Space wrap style={{ marginBottom: 12 }}>
        {PRESETS.map((p) => (
          <Button key={p} onClick={() => onChoose(t(`floor.breakReasons.${p}`))} data-testid={`break-${p}`}>
            {t(`floor.breakReasons.${p}`)}
          </Button>
        ))}
      </Space>
      <Input
        placeholder={t('floor.breakOther')}
        maxLength={100}
        value={other}
        onChange={(e) => setOther(e.target.value)}
        onPressEnter={() => other.trim() && onChoose(other.trim())}
      />
    </Modal>
  );
}
