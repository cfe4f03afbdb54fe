import type { ReactNode } from 'react';

/** A number to read from across the room, with its label under it. */
export function BigFigure({
  label,
  value,
  color,
  size = 'large',
  testId,
}: {
  label: ReactNode;
  value: ReactNode;
  color?: string;
  size?: 'large' | 'medium';
  testId?: string;
}) {
  return (
    <div className={`big-figure big-figure-${size}`} data-testid={testId}>
      <div className="big-figure-value" style={color ? { color } : undefined}>
        {value}
      </div>
      <div className="big-figure-label">{label}</div>
    </div>
  );
}
