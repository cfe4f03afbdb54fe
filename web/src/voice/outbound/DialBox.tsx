import { PhoneOutlined } from '@ant-design/icons';
import { Button, Card, Input, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePlaceCall } from './use-place-call.ts';

/** The desktop's dial box: type a number, my phone rings, then the number is dialled. */
export function DialBox() {
  const { t } = useTranslation();
  const { place, busy } = usePlaceCall();
  const [number, setNumber] = useState('');
  const dial = async () => {
    if (!number.trim()) return;
    if (await place({ number: number.trim() })) setNumber('');
  };
  return (
    <Card size="small" title={t('outbound.dialTitle')} data-testid="desk-dial" style={{ marginBottom: 12 }}>
      <Space.Compact style={{ width: '100%' }}>
        <Input
          value={number}
          onChange={(e) => setNumber(e.target.value)}
          onPressEnter={() => void dial()}
          placeholder={t('outbound.numberPlaceholder')}
          inputMode="tel"
          aria-label={t('outbound.number')}
          data-testid="desk-dial-number"
        />
        <Button
          type="primary"
          icon={<PhoneOutlined />}
          loading={busy}
          disabled={!number.trim()}
          onClick={() => void dial()}
          data-testid="desk-dial-call"
        >
          {t('outbound.call')}
        </Button>
      </Space.Compact>
      <div className="small muted" style={{ marginTop: 6 }}>
        {t('outbound.callHint')}
      </div>
    </Card>
  );
}
