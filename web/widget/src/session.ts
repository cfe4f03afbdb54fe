/**
 * The visitor's chat, kept in the page's localStorage per site, so a reload or another page
 * of the same site carries on with the same conversation.
 */
export interface StoredChat {
  conversationId: string;
  token: string;
  locale: string;
}

const keyOf = (siteKey: string) => `hotline-chat:${siteKey}`;

export function loadChat(siteKey: string): StoredChat | null {
  try {
    const raw = window.localStorage.getItem(keyOf(siteKey));
    const value = raw ? (JSON.parse(raw) as Partial<StoredChat>) : null;
    return value?.conversationId && value.token ? (value as StoredChat) : null;
  } catch {
    // Storage may be disabled (private mode, a sandboxed frame): the chat lives for this page.
    return null;
  }
}

export function saveChat(siteKey: string, chat: StoredChat | null) {
  try {
    if (chat) window.localStorage.setItem(keyOf(siteKey), JSON.stringify(chat));
    else window.localStorage.removeItem(keyOf(siteKey));
  } catch {
    // See loadChat.
  }
}
