import type { Interaction } from '../api/routing-types.ts';

/** How to call a customer without a card: name, else email, phone or chat id. */
export function contactLabel(contact: Interaction['contact']): string | null {
  return contact.name ?? contact.email ?? contact.phone ?? contact.chatId;
}
