import { CloseOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { WEEKDAYS } from './setup-types.ts';

const HHMM = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Opening windows per weekday (up to six a day, 'HH:MM', a close of 24:00 allowed): a day
 * with no window is closed. Sits inside the queue form under `businessHours`.
 */
export function BusinessHoursField() {
  const { t } = useTranslation();
  return (
    <div className="rs-hours" data-testid="queue-hours">
      {WEEKDAYS.map((day) => (
        <Form.List key={day} name={['businessHours', day]}>
          {(fields, { add, remove }) => (
            <div className="rs-hours-day" data-testid={`hours-${day}`}>
              <span className="rs-hours-label">{t(`routingSetup.weekdays.${day}`)}</span>
              <Space wrap size={[12, 4]}>
                {fields.length === 0 && <span className="muted">{t('routingSetup.queue.closed')}</span>}
                {fields.map((field) => (
                  <Space key={field.key} size={4} align="start">
                    <Form.Item
                      name={[field.name, 'open']}
                      className="rs-hours-time"
                      rules={[{ required: true, pattern: HHMM, message: t('routingSetup.queue.timeFormat') }]}
                    >
                      <Input
                        style={{ width: 68 }}
                        placeholder="09:00"
                        aria-label={t('routingSetup.queue.opens')}
                      />
                    </Form.Item>
                    <span className="rs-hours-dash">–</span>
                    <Form.Item
                      name={[field.name, 'close']}
                      className="rs-hours-time"
                      dependencies={[['businessHours', day, field.name, 'open']]}
                      rules={[
                        { required: true, pattern: HHMM, message: t('routingSetup.queue.timeFormat') },
                        ({ getFieldValue }) => ({
                          validator(_, close: string) {
                            const open: string = getFieldValue(['businessHours', day, field.name, 'open']);
                            if (!HHMM.test(open ?? '') || !HHMM.test(close ?? '')) return Promise.resolve();
                            return minutes(open) < minutes(close)
                              ? Promise.resolve()
                              : Promise.reject(new Error(t('routingSetup.queue.closeAfterOpen')));
                          },
                        }),
                      ]}
                    >
                      <Input
                        style={{ width: 68 }}
                        placeholder="18:00"
                        aria-label={t('routingSetup.queue.closes')}
                      />
                    </Form.Item>
                    <Button
                      type="text"
                      icon={<CloseOutlined />}
                      onClick={() => remove(field.name)}
                      aria-label={t('common.delete')}
                    />
                  </Space>
                ))}
                {fields.length < 6 && (
                  <Button
                    size="small"
                    type="dashed"
                    icon={<PlusOutlined />}
                    onClick={() => add({ open: '09:00', close: '18:00' })}
                    data-testid={`hours-add-${day}`}
                  >
                    {t('routingSetup.queue.addWindow')}
                  </Button>
                )}
              </Space>
            </div>
          )}
        </Form.List>
      ))}
    </div>
  );
}
