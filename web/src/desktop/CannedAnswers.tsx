import { ThunderboltOutlined } from '@ant-design/icons';
import { Button, Popover, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../api/types.ts';
import { CANNED_ANSWERS, fillAnswer } from './canned-answers.ts';

/** A button that lists the standard replies of the agent's language; a click puts one in the composer. */
export function CannedAnswers({
  customerName,
  onPick,
}: {
  customerName: string | null;
  onPick: (text: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const locale: Locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const content = (
    <div className="canned-list" data-testid="canned-list">
      {CANNED_ANSWERS[locale].map((a) => (
        <button
          type="button"
          key={a.title}
          className="canned-item"
          onClick={() => {
            onPick(fillAnswer(a.text, customerName, locale));
            setOpen(false);
          }}
        >
          <Typography.Text strong>{a.title}</Typography.Text>
          <Typography.Text type="secondary" ellipsis className="small">
            {fillAnswer(a.text, customerName, locale)}
          </Typography.Text>
        </button>
      ))}
    </div>
  );
  return (
    <Popover
      content={content}
      title={t('desktop.cannedTitle')}
      trigger="click"
      open={open}
      onOpenChange={setOpen}
      placement="topLeft"
    >
      <Button icon={<ThunderboltOutlined />} data-testid="canned-button">
        {t('desktop.canned')}
      </Button>
    </Popover>
  );
}
