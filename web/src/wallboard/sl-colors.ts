import type { WallboardQueue } from '../api/routing-types.ts';

/** Green at or above the target, amber just below it, red further below, grey without data. */
export const STANDING_COLORS: Record<WallboardQueue['standing'], string> = {
  ok: '#389e0d',
  warning: '#d48806',
  breach: '#cf1322',
  none: 'rgba(0, 0, 0, 0.35)',
};
