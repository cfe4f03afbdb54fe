/** Tag colours of value tiers and lifecycle stages, shared by the card and the agent desktop. */
export const TIER_COLORS: Record<string, string> = {
  high: 'gold',
  secondary: 'blue',
  potential: 'green',
  low: 'default',
};

export const STAGE_COLORS: Record<string, string> = {
  contact: 'default',
  acquisition: 'cyan',
  conversion: 'blue',
  retention: 'geekblue',
  loyalty: 'gold',
  at_risk: 'orange',
  churned: 'red',
};
