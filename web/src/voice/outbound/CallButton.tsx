import { PhoneOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth/auth-context.tsx';
import { usePlaceCall } from './use-place-call.ts';

/** Who has a phone to call from: the people who take calls in a tenant. */
const PHONE_ROLES = ['tenant_admin', 'supervisor', 'agent'];

/**
 * "呼叫 / Call" beside one of a customer's phone numbers: my phone rings, then the customer's.
 * Works with a masked number (the server dials the contact).
 */
export function CallButton({ customerId, contactId }: { customerId: string; contactId: string }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const { place, busy } = usePlaceCall();
  if (!me?.tenant || !PHONE_ROLES.includes(me.role)) return null;
  return (
    <Tooltip title={t('outbound.callHint')}>
      <Button
        size="small"
        icon={<PhoneOutlined />}
        loading={busy}
        onClick={() => void place({ customerId, contactId })}
        data-testid="contact-call"
      >
        {t('outbound.call')}
      </Button>
    </Tooltip>
  );
}
