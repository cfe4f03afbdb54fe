/**
 * The outcome codes offered at wrap-up, in the order agents pick them most. The server takes
 * any code (letters, digits, _ . -); the names are in the `dispositions` section of the
 * translations. A per-tenant list belongs with the admin settings when they land.
 */
export const DISPOSITIONS = [
  'resolved',
  'info_given',
  'follow_up',
  'complaint',
  'repair',
  'sale',
  'no_reply',
  'wrong_contact',
  'spam',
] as const;
export type Disposition = (typeof DISPOSITIONS)[number];
