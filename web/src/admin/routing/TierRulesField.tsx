import { Form, InputNumber, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { VALUE_TIERS } from './setup-types.ts';

/**
 * Per value tier: how much priority a customer of that tier gains in the queue, and the skill
 * level an agent needs to serve them (blank: the queue's own requirement).
 */
export function TierRulesField() {
  const { t } = useTranslation();
  return (
    <table className="rs-tiers">
      <thead>
        <tr>
          <th />
          <th>{t('routingSetup.queue.priorityBoost')}</th>
          <th>{t('routingSetup.queue.tierMinLevel')}</th>
        </tr>
      </thead>
      <tbody>
        {VALUE_TIERS.map((tier) => (
          <tr key={tier}>
            <td>
              <Typography.Text>{t(`tiers.${tier}`)}</Typography.Text>
            </td>
            <td>
              <Form.Item name={['tierRules', tier, 'priorityBoost']} noStyle>
                <InputNumber min={-1000} max={1000} precision={0} />
              </Form.Item>
            </td>
            <td>
              <Form.Item name={['tierRules', tier, 'minSkillLevel']} noStyle>
                <InputNumber min={1} max={5} precision={0} placeholder="—" />
              </Form.Item>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
