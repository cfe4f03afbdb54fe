import {
  BarChartOutlined,
  ClusterOutlined,
  ControlOutlined,
  LogoutOutlined,
  TeamOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { Button, Layout, Menu, Select, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router-dom';
import { can, useAuth } from '../auth/auth-context.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';

/** Navigation for what is built; more areas (desktop, wallboard, tickets…) join as they land. */
export function AppShell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { me, logout, switchTenant } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  if (!me) return null;
  const items = [
    { key: '/customers', icon: <TeamOutlined />, label: t('nav.customers') },
    { key: '/segments', icon: <ClusterOutlined />, label: t('nav.segments') },
    ...(can.readReports(me)
      ? [{ key: '/analytics', icon: <BarChartOutlined />, label: t('nav.analytics') }]
      : []),
    ...(can.manage(me) ? [{ key: '/imports', icon: <UploadOutlined />, label: t('nav.imports') }] : []),
    ...(can.readReports(me) ? [{ key: '/rules', icon: <ControlOutlined />, label: t('nav.rules') }] : []),
  ];
  const selected = items.find((i) => location.pathname.startsWith(i.key))?.key ?? '/customers';
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={210} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
        <div style={{ padding: '16px 20px', fontWeight: 600, fontSize: 16 }}>{t('app.name')}</div>
        <Menu mode="inline" selectedKeys={[selected]} items={items} onClick={(e) => navigate(e.key)} />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: '0 24px',
            display: 'flex',
            justifyContent: 'flex-end',
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          <Space size="middle">
            {me.role === 'operator_admin' ? (
              <Select
                style={{ minWidth: 180 }}
                placeholder={t('app.tenant')}
                value={me.tenant?.id}
                options={me.tenants.map((x) => ({ value: x.id, label: x.name }))}
                onChange={(id: string) => void switchTenant(id).then(() => navigate('/customers'))}
                data-testid="tenant-switch"
              />
            ) : (
              me.tenant && <Typography.Text type="secondary">{me.tenant.name}</Typography.Text>
            )}
            <span>
              {me.displayName} <Tag>{t(`roles.${me.role}`)}</Tag>
            </span>
            <LanguageSwitch />
            <Button icon={<LogoutOutlined />} onClick={() => void logout()} data-testid="logout">
              {t('app.logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24, background: '#f5f6f8' }}>{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
