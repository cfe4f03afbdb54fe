/** The widget's words in Simplified Chinese and English. */
export type Lang = 'zh-CN' | 'en';

const zh = {
  open: '在线客服',
  close: '收起',
  title: '在线客服',
  waiting: '正在为您接通客服，请稍候…',
  active: (name: string) => `${name} 正在为您服务`,
  ended: '会话已结束',
  reconnecting: '网络中断，正在重新连接…',
  name: '您的称呼',
  phone: '手机号',
  email: '电子邮箱',
  optional: '（选填）',
  start: '开始咨询',
  startHint: '留下联系方式，方便我们更好地为您服务',
  placeholder: '请输入消息，Enter 发送',
  send: '发送',
  attach: '发送图片',
  typing: '客服正在输入…',
  you: '我',
  agent: '客服',
  endChat: '结束会话',
  newChat: '开始新的会话',
  transcript: '发送聊天记录到邮箱',
  transcriptSend: '发送',
  transcriptCancel: '取消',
  transcriptQueued: (email: string) => `聊天记录将发送到 ${email}`,
  transcriptNoMail: '本服务暂未配置邮件发送，您的请求已记录，客服会与您联系',
  offlineTitle: '客服暂时不在线',
  offlineIntro: '请留言，我们上班后会尽快与您联系。',
  nextOpening: (when: string) => `下次服务时间：${when}`,
  contact: '手机号或邮箱',
  message: '留言内容',
  leave: '提交留言',
  left: '留言已收到，我们会尽快与您联系。谢谢！',
  tooLong: (max: number) => `消息不能超过 ${max} 个字`,
  imageTooLarge: (mb: string) => `图片不能超过 ${mb}`,
  imageType: '只能发送 PNG、JPEG、GIF 或 WebP 图片',
  rateLimited: '发送太频繁，请稍后再试',
  failed: '发送失败，请重试',
  notAllowed: '此网页未开通在线客服',
  required: '请填写称呼和手机号或邮箱',
};

const en: typeof zh = {
  open: 'Chat with us',
  close: 'Minimize',
  title: 'Chat',
  waiting: 'Connecting you to an agent, please wait…',
  active: (name: string) => `${name} is helping you`,
  ended: 'This chat has ended',
  reconnecting: 'Connection lost, reconnecting…',
  name: 'Your name',
  phone: 'Phone',
  email: 'Email',
  optional: ' (optional)',
  start: 'Start chat',
  startHint: 'Leave your details so we can help you better',
  placeholder: 'Type a message, Enter to send',
  send: 'Send',
  attach: 'Send an image',
  typing: 'Agent is typing…',
  you: 'You',
  agent: 'Agent',
  endChat: 'End chat',
  newChat: 'Start a new chat',
  transcript: 'Email me the transcript',
  transcriptSend: 'Send',
  transcriptCancel: 'Cancel',
  transcriptQueued: (email: string) => `The transcript will be sent to ${email}`,
  transcriptNoMail:
    'Email is not set up on this service; your request was recorded and the team will follow up',
  offlineTitle: 'We are offline',
  offlineIntro: 'Leave a message and we will get back to you when we are open.',
  nextOpening: (when: string) => `Next opening: ${when}`,
  contact: 'Phone or email',
  message: 'Your message',
  leave: 'Send message',
  left: 'Thank you, we got your message and will get back to you soon.',
  tooLong: (max: number) => `A message may have at most ${max} characters`,
  imageTooLarge: (mb: string) => `Images may be at most ${mb}`,
  imageType: 'Only PNG, JPEG, GIF or WebP images can be sent',
  rateLimited: 'Too many messages; please wait a moment',
  failed: 'Could not send; please try again',
  notAllowed: 'Chat is not set up for this page',
  required: 'Please give your name and a phone number or email',
};

export type Words = typeof zh;
export const WORDS: Record<Lang, Words> = { 'zh-CN': zh, en };

/**
 * The widget's language: the page's `data-lang`, else the browser's (when it is Chinese or
 * English), else the site's default.
 *
 * @example
 * chooseLang(undefined, ['en-GB', 'zh'], 'zh-CN'); // 'en'
 */
export function chooseLang(
  attribute: string | undefined,
  browser: readonly string[],
  siteDefault: Lang,
): Lang {
  const pick = (tag: string | undefined): Lang | null => {
    const lower = tag?.toLowerCase() ?? '';
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
    return null;
  };
  return pick(attribute) ?? browser.map(pick).find((l) => l !== null) ?? siteDefault;
}
