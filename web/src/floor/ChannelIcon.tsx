import { MailOutlined, MessageOutlined, PhoneOutlined } from '@ant-design/icons';
import { Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Channel } from '../api/routing-types.ts';

const ICONS = { chat: MessageOutlined, email: MailOutlined, voice: PhoneOutlined } as const;

/** The channel's icon with its name on hover. */
export function ChannelIcon({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  const Icon = ICONS[channel];
  return (
    <Tooltip title={t(`channels.${channel}`)}>
      <Icon aria-label={t(`channels.${channel}`)} />
    </Tooltip>
  );
}
