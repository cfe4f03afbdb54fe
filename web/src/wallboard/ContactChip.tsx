import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { WallboardContact } from '../api/routing-types.ts';
import { ChannelIcon } from '../floor/ChannelIcon.tsx';
import { clock } from '../floor/clock.ts';

const COLORS: Record<WallboardContact['status'], string> = {
  queued: 'default',
  offered: 'gold',
  active: 'blue',
  wrap_up: 'cyan',
};

/** An interaction an agent holds: channel, who, for how long, and whether it rings or is in wrap-up. */
export function ContactChip({ contact, drift }: { contact: WallboardContact; drift: number }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[contact.status]} className="wb-chip" data-testid="wb-agent-interaction">
      <ChannelIcon channel={contact.channel} /> {contact.label ?? t('desktop.anonymous')} ·{' '}
      {contact.status === 'active' ? clock(contact.seconds + drift) : t(`wallboard.status.${contact.status}`)}
    </Tag>
  );
}
