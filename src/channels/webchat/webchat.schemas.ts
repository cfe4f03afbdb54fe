import { z } from 'zod';
import { IMAGE_TYPES } from './image-sniff.ts';
import { normalizeOriginPattern } from './origin-check.ts';

/** HTTP request and response shapes of web chat: sites (admin) and the public widget API. */

/** Longest message a visitor may send, in characters. */
export const MAX_MESSAGE_CHARS = 4000;

const trimmed = (max: number) => z.string().trim().min(1).max(max);
export const locale = z.enum(['zh-CN', 'en']);
export const preChatForm = z.enum(['off', 'optional', 'required']);

// ----------------------------------------------------------------------------------- sites

const originPattern = z
  .string()
  .max(300)
  .transform((raw, ctx) => {
    const normalized = normalizeOriginPattern(raw);
    if (!normalized) {
      ctx.addIssue({
        code: 'custom',
        message: "an origin such as 'https://shop.example.com', 'https://*.example.com' or '*'",
      });
      return z.NEVER;
    }
    return normalized;
  });

const siteFields = {
  name: trimmed(100),
  allowedOrigins: z
    .array(originPattern)
    .max(50)
    .describe("Pages that may embed the widget: 'https://shop.cn', 'https://*.shop.cn' or '*'"),
  queueId: z.uuid().describe('The queue its chats wait in (must take chat)'),
  defaultLocale: locale.describe('Widget language when the page and the browser do not say'),
  greeting: z.string().trim().max(1000).nullable().describe('First words the visitor sees'),
  preChatForm: preChatForm.describe('Ask name, phone and email before a chat: off, optional or required'),
};

export const createSiteBody = z.strictObject({
  name: siteFields.name,
  allowedOrigins: siteFields.allowedOrigins.default([]),
  queueId: siteFields.queueId,
  defaultLocale: siteFields.defaultLocale.default('zh-CN'),
  greeting: siteFields.greeting.default(null),
  preChatForm: siteFields.preChatForm.default('optional'),
});
export type CreateSiteBody = z.infer<typeof createSiteBody>;

export const updateSiteBody = z
  .strictObject({
    name: siteFields.name.optional(),
    allowedOrigins: siteFields.allowedOrigins.optional(),
    queueId: siteFields.queueId.optional(),
    defaultLocale: siteFields.defaultLocale.optional(),
    greeting: siteFields.greeting.optional(),
    preChatForm: siteFields.preChatForm.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'Nothing to change');
export type UpdateSiteBody = z.infer<typeof updateSiteBody>;

export const siteView = z.object({
  id: z.string(),
  name: z.string(),
  siteKey: z.string(),
  allowedOrigins: z.array(z.string()),
  queueId: z.string(),
  defaultLocale: locale,
  greeting: z.string().nullable(),
  preChatForm,
  embedCode: z.string().describe('The script tag to paste into the site (host taken from this request)'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SiteView = z.infer<typeof siteView>;

// ------------------------------------------------------------------------------ the widget

export const siteKeyParams = z.strictObject({ siteKey: z.string().min(8).max(64) });
export const conversationParams = z.strictObject({ id: z.uuid() });
export const attachmentParams = z.strictObject({ attachmentId: z.uuid() });

export const widgetConfigView = z.object({
  name: z.string(),
  defaultLocale: locale,
  greeting: z.string().nullable(),
  preChatForm,
  open: z.boolean().describe('Whether an agent can chat now; if not, show the offline form'),
  offlineMessage: z.string().nullable(),
  nextOpening: z.string().nullable(),
  limits: z.object({
    maxMessageChars: z.number(),
    maxImageBytes: z.number(),
    imageTypes: z.array(z.string()),
  }),
});

const contactFields = {
  name: trimmed(100).optional(),
  phone: trimmed(40).optional(),
  email: z.email().max(254).optional(),
};

/** Over-long text is answered 413 by the route, with the limit, rather than a generic 400. */
const messageText = z.string().trim().min(1, 'the message is empty');

export const startChatBody = z.strictObject({
  ...contactFields,
  locale: locale.optional(),
  message: messageText.optional().describe("The visitor's first message"),
  pageUrl: z.string().max(2000).optional().describe('The page the chat started on'),
});
export type StartChatBody = z.infer<typeof startChatBody>;

export const offlineMessageBody = z
  .strictObject({
    name: trimmed(100),
    phone: contactFields.phone,
    email: contactFields.email,
    message: messageText,
    locale: locale.optional(),
    pageUrl: z.string().max(2000).optional(),
  })
  .refine((b) => b.phone !== undefined || b.email !== undefined, {
    message: 'give a phone number or an email address so the team can answer',
    path: ['email'],
  });
export type OfflineMessageBody = z.infer<typeof offlineMessageBody>;

export const sendMessageBody = z.strictObject({ body: messageText });
export const typingBody = z.strictObject({ typing: z.boolean() });
export const transcriptBody = z
  .strictObject({ email: z.email().max(254).optional() })
  .nullish()
  .describe('Where to send it; default: the email given when the chat started');
export const afterQuery = z.strictObject({
  after: z.coerce.number().int().min(0).optional().describe('Only messages after this message id'),
});
export const uploadQuery = z.strictObject({ name: z.string().trim().min(1).max(200).optional() });
export const streamQuery = z.strictObject({
  token: z.string().min(10).max(300).optional(),
  after: z.coerce.number().int().min(0).optional(),
});

export const visitorAttachmentView = z.object({
  id: z.string(),
  name: z.string(),
  contentType: z.enum(IMAGE_TYPES),
  sizeBytes: z.number(),
  url: z.string(),
});

export const visitorMessageView = z.object({
  id: z.string(),
  author: z.enum(['customer', 'agent']),
  body: z.string(),
  attachments: z.array(
    z.object({
      name: z.string(),
      contentType: z.string(),
      sizeBytes: z.number(),
      url: z.string().optional(),
    }),
  ),
  createdAt: z.string(),
});
export type VisitorMessageView = z.infer<typeof visitorMessageView>;

export const conversationStatus = z
  .enum(['waiting', 'active', 'ended'])
  .describe('waiting: in the queue; active: an agent is with the visitor; ended');
export type ConversationStatus = z.infer<typeof conversationStatus>;

export const conversationView = z.object({
  conversationId: z.string(),
  status: conversationStatus,
  agent: z.object({ name: z.string() }).nullable(),
  messages: z.array(visitorMessageView),
  lastMessageId: z.string().nullable().describe('Resume from here (?after=) after a reconnect'),
});
export type ConversationView = z.infer<typeof conversationView>;

export const startedChatView = conversationView.extend({
  visitorToken: z
    .string()
    .describe('Send as the x-visitor-token header (or ?token= on the stream); it opens this chat only'),
  locale,
});

export const transcriptView = z.object({
  status: z.enum(['queued', 'not_configured']),
  email: z.string(),
  message: z.string(),
});
