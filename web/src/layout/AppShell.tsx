import { LogoutOutlined, PhoneOutlined } from '@ant-design/icons';
import { Button, Layout, Menu, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from '../auth/auth-context.tsx';
import { can } from '../auth/permissions.ts';
import { PhoneSetupButton } from '../voice/PhoneSetupButton.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { navItems } from './nav-items.tsx';
import { TenantSwitch } from './TenantSwitch.tsx';

/** Side navigation for the built areas; a header with tenant, user, language and sign-out. */
export function AppShell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { me, logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  if (!me) return null;
  const items = navItems(me);
  const selected = items.find((i) => location.pathname.startsWith(i.path))?.path ?? '/customers';
  return (
    <Layout className="shell">
      <Layout.Sider width={216} theme="light" className="shell-sider">
        <div className="shell-brand">
          <span className="shell-logo">
            <PhoneOutlined />
          </span>
          <span>{t('app.brand')}</span>
        </div>
        <Menu
          mode="inline"
          style={{ borderInlineEnd: 'none' }}
          selectedKeys={[selected]}
          items={items.map((i) => ({ key: i.path, icon: i.icon, label: t(i.label) }))}
          onClick={(e) => navigate(e.key)}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="shell-header">
          <Space size="middle" wrap={false}>
            {can.switchTenant(me) ? (
              <TenantSwitch onSwitched={() => navigate('/customers')} />
            ) : (
              me.tenant && (
                <Typography.Text type="secondary" data-testid="tenant-name">
                  {me.tenant.name}
                </Typography.Text>
              )
            )}
            <span className="shell-user" data-testid="user-name">
              {me.displayName}
              <Tag variant="filled" color="blue">
                {t(`roles.${me.role}`)}
              </Tag>
            </span>
            <PhoneSetupButton />
            <LanguageSwitch />
            <Button
              icon={<LogoutOutlined />}
              onClick={() => void logout().then(() => navigate('/'))}
              data-testid="logout"
            >
              {t('app.logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content className="shell-content">{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
