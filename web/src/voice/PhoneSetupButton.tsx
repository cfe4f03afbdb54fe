import { PhoneOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/auth-context.tsx';
import { PhoneSetupDrawer } from './PhoneSetupDrawer.tsx';

/** Who has a phone of their own: the people who take calls in a tenant (not analysts or operators). */
const PHONE_ROLES = ['tenant_admin', 'supervisor', 'agent'];

/** The header's "Phone setup" button and the drawer it opens, for everyone with a phone. */
export function PhoneSetupButton() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const [open, setOpen] = useState(false);
  if (!me?.tenant || !PHONE_ROLES.includes(me.role)) return null;
  return (
    <>
      <Button icon={<PhoneOutlined />} onClick={() => setOpen(true)} data-testid="phone-setup-open">
        {t('sipAccount.open')}
      </Button>
      <PhoneSetupDrawer userId={me.id} open={open} onClose={() => setOpen(false)} />
    </>
  );
}
