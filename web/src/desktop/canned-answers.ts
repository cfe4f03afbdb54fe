import type { Locale } from '../api/types.ts';

export interface CannedAnswer {
  title: string;
  text: string;
}

/**
 * Standard replies the agent inserts with one click. The server keeps no per-tenant list yet
 * (the knowledge base will hold standard answers), so the desktop carries a built-in set per
 * language; `{name}` becomes the customer's name, or is dropped when unknown.
 */
export const CANNED_ANSWERS: Record<Locale, CannedAnswer[]> = {
  'zh-CN': [
    { title: '问候', text: '您好{name}，我是客服，很高兴为您服务，请问有什么可以帮您？' },
    { title: '稍等', text: '好的，请您稍等，我马上为您查询。' },
    { title: '核实身份', text: '为了保障您的账户安全，请提供下单时使用的手机号后四位。' },
    { title: '订单查询', text: '请提供您的订单号，我帮您查询订单的最新状态。' },
    {
      title: '报修',
      text: '很抱歉给您带来不便，我这边为您登记报修，师傅会在 24 小时内与您联系预约上门时间。',
    },
    { title: '退换货', text: '商品签收后 7 天内支持无理由退货，15 天内质量问题可以换货，我来为您办理。' },
    { title: '转接', text: '您的问题需要专业同事处理，我现在为您转接，请稍候。' },
    { title: '结束语', text: '请问还有其他可以帮您的吗？感谢您的咨询，祝您生活愉快！' },
  ],
  en: [
    { title: 'Greeting', text: 'Hello{name}, thanks for contacting us. How can I help you today?' },
    { title: 'One moment', text: 'Thank you, one moment please while I look into this for you.' },
    {
      title: 'Verify identity',
      text: 'To keep your account safe, could you tell me the last four digits of the phone number on your order?',
    },
    {
      title: 'Order status',
      text: 'Could you share your order number? I will check its latest status for you.',
    },
    {
      title: 'Repair',
      text: "I'm sorry for the trouble. I've logged a repair request; a technician will call you within 24 hours to book a visit.",
    },
    {
      title: 'Returns',
      text: 'You can return an item within 7 days of delivery, or exchange it within 15 days for a quality problem. I can arrange that now.',
    },
    {
      title: 'Transfer',
      text: 'A specialist colleague can best help with this; I am transferring you now, please hold on.',
    },
    {
      title: 'Closing',
      text: 'Is there anything else I can help with? Thank you for contacting us, have a nice day!',
    },
  ],
};

/** The answer's text with the customer's name filled in. */
export function fillAnswer(text: string, name: string | null, locale: Locale): string {
  if (!name) return text.replace('{name}', '');
  return text.replace('{name}', locale === 'en' ? ` ${name}` : `，${name}`);
}
