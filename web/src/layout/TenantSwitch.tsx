import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { TenantRef } from '../api/types.ts';
import { useErrorToast } from '../api/use-error-toast.ts';
import { useAuth } from '../auth/auth-context.tsx';

/** An operator admin's choice of the client company (tenant) to work in. */
export function TenantSwitch({ onSwitched }: { onSwitched: () => void }) {
  const { t } = useTranslation();
  const { me, switchTenant } = useAuth();
  const showError = useErrorToast();
  const [tenants, setTenants] = useState<TenantRef[]>(me?.tenants ?? []);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api<{ items: TenantRef[] }>('GET', '/api/v1/tenants').then((r) => setTenants(r.items), showError);
  }, [showError]);

  return (
    <Select
      style={{ width: 200 }}
      size="middle"
      loading={busy}
      placeholder={t('app.chooseTenant')}
      value={me?.tenant?.id}
      options={tenants.map((x) => ({ value: x.id, label: x.name }))}
      onChange={(id: string) => {
        setBusy(true);
        switchTenant(id)
          .then(onSwitched, showError)
          .finally(() => setBusy(false));
      }}
      data-testid="tenant-switch"
      aria-label={t('app.tenant')}
    />
  );
}
