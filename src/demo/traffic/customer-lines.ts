/**
 * What the demo's simulated customers say: chat openings and follow-ups, email subjects and
 * bodies, per demo tenant (a home-appliance retailer, an insurer), in Chinese mostly and
 * English sometimes, as the demo's customers would write. Plain data, no logic.
 */
export type CustomerLocale = 'zh-CN' | 'en';

export interface Topic {
  /** The chat's first message, or the email's subject. */
  subject: string;
  /** The chat's first message / the email's first paragraph. */
  opening: string;
  /** What the customer adds while waiting or when an agent answers. */
  followUps: readonly string[];
}

const RETAILER: Record<CustomerLocale, readonly Topic[]> = {
  'zh-CN': [
    {
      subject: '空调不制冷',
      opening: '你好，我上个月买的空调最近不制冷了，能安排师傅上门看看吗？',
      followUps: ['型号是 KFR-35GW，装在卧室。', '这周末家里有人，随时可以上门。', '好的，谢谢！'],
    },
    {
      subject: '洗衣机安装预约',
      opening: '请问洗衣机什么时候能送货安装？订单昨天已经付款了。',
      followUps: ['地址没有变，还是原来那个。', '最好是下午，上午要上班。'],
    },
    {
      subject: '冰箱退换货',
      opening: '冰箱收到后发现门上有划痕，可以换一台吗？',
      followUps: ['我拍了照片，可以发给你们。', '包装还都留着。'],
    },
    {
      subject: '发票问题',
      opening: '您好，我需要开增值税专用发票，怎么操作？',
      followUps: ['公司抬头和税号我已经准备好了。'],
    },
    {
      subject: '延保咨询',
      opening: '热水器的延保服务怎么收费？能保几年？',
      followUps: ['是去年双十一买的。', '明白了，我考虑一下。'],
    },
  ],
  en: [
    {
      subject: 'Dishwasher delivery date',
      opening: 'Hi, when will my dishwasher be delivered? I ordered it last week.',
      followUps: ['The order number is in my account.', 'Any afternoon works for me.'],
    },
    {
      subject: 'Warranty question',
      opening: 'Hello, does the warranty on my TV cover the remote control?',
      followUps: ['It stopped working yesterday.', 'Thanks for your help!'],
    },
  ],
};

const INSURER: Record<CustomerLocale, readonly Topic[]> = {
  'zh-CN': [
    {
      subject: '车险理赔进度',
      opening: '您好，我上周报的车险理赔现在到哪一步了？',
      followUps: ['报案号我发在邮件里了。', '维修厂说还在等定损。'],
    },
    {
      subject: '续保咨询',
      opening: '我的保单下个月到期，续保有优惠吗？',
      followUps: ['今年没有出险。'],
    },
  ],
  en: [
    {
      subject: 'Claim status',
      opening: 'Hello, could you tell me the status of my claim?',
      followUps: ['I sent the photos last Monday.'],
    },
  ],
};

/** The topics for a demo tenant's customers (the retailer's for a tenant we do not know). */
export function topicsFor(tenantSlug: string, locale: CustomerLocale): readonly Topic[] {
  return (tenantSlug === 'acme-insurance' ? INSURER : RETAILER)[locale];
}

/** An email's body: the opening, the follow-ups as a second paragraph, and a signature. */
export function emailBody(topic: Topic, name: string, locale: CustomerLocale): string {
  const closing = locale === 'en' ? `Best regards,\n${name}` : `谢谢！\n${name}`;
  return `${topic.opening}\n\n${topic.followUps.join(locale === 'en' ? ' ' : '')}\n\n${closing}\n`;
}

/** Names for a visitor who is not one of the demo's customers (no contact pool, or none fits). */
export const STRANGER_NAMES: readonly string[] = [
  '王先生',
  '李女士',
  '张女士',
  '刘先生',
  '陈先生',
  'Emily Chen',
];
