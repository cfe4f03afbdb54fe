import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Col, Result, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { useAuth } from '../../auth/auth-context.tsx';
import { can } from '../../auth/permissions.ts';
import { AuditSection } from './AuditSection.tsx';
import { ContactsSection } from './ContactsSection.tsx';
import { OrdersSection } from './OrdersSection.tsx';
import { ProfileSection } from './ProfileSection.tsx';
import { StandingPanel } from './StandingPanel.tsx';
import { TimelineSection } from './TimelineSection.tsx';
import { useCustomerCard } from './use-customer-card.ts';

/**
 * The 360° customer card: who they are and how to reach them, their value and stage,
 * orders, the timeline and the change history. Analysts see it all without edit controls.
 */
export function CustomerCard() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { me } = useAuth();
  const navigate = useNavigate();
  const { data, missing, reload, more, setData } = useCustomerCard(id);
  const writer = can.write(me);

  if (missing)
    return (
      <Result
        status="404"
        title={t('card.missing')}
        extra={<Button onClick={() => navigate('/customers')}>{t('card.backToList')}</Button>}
      />
    );
  if (!data) return <Card loading />;
  const { customer, orders, audit, timeline, standing } = data;
  const changed = () => void reload();

  return (
    <div className="page-stack">
      <div>
        <Button
          type="link"
          icon={<ArrowLeftOutlined />}
          onClick={() => (window.history.state?.idx > 0 ? navigate(-1) : navigate('/customers'))}
          style={{ paddingLeft: 0 }}
        >
          {t('card.back')}
        </Button>
      </div>
      <ProfileSection
        customer={customer}
        canWrite={writer}
        canDelete={can.manage(me)}
        onSaved={(fresh) => {
          setData((d) => d && { ...d, customer: fresh });
          changed();
        }}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15} className="page-stack">
          <StandingPanel
            customerId={id}
            standing={standing}
            canWrite={writer}
            onChange={(s) => {
              setData((d) => d && { ...d, standing: s });
              changed();
            }}
          />
          <OrdersSection
            customerId={id}
            orders={orders}
            canWrite={writer}
            onChanged={changed}
            onMore={() => void more('orders')}
          />
          <AuditSection audit={audit} orders={orders.items} onMore={() => void more('audit')} />
        </Col>
        <Col xs={24} xl={9} className="page-stack">
          <ContactsSection
            customerId={id}
            contacts={customer.contacts}
            canWrite={writer}
            onChanged={changed}
          />
          <TimelineSection items={timeline} orders={orders.items} />
        </Col>
      </Row>
    </div>
  );
}
