/**
 * The wallboard's sums, as plain arithmetic over counts the database returns (no I/O).
 *
 * Service level is the share of contacts answered within the queue's target time among those
 * that ended waiting (answered or abandoned), the common ACD definition:
 *
 *   SL = answered within T / (answered + abandoned)
 *
 * Contacts still waiting do not count until they are answered or abandoned. Average speed of
 * answer (ASA) is the mean wait of the answered ones.
 *
 * @example
 * serviceLevel({ answered: 90, answeredWithinTarget: 80, abandoned: 10 }); // 0.8
 */
export interface QueueCounts {
  /** Contacts that arrived in the period (a reopened conversation arrives again). */
  offered: number;
  answered: number;
  answeredWithinTarget: number;
  abandoned: number;
  /** Sum of the answered contacts' waits, in seconds. */
  answerWaitSeconds: number;
}

export interface QueueFigures extends QueueCounts {
  /** 0–1; null until a contact has been answered or abandoned. */
  serviceLevel: number | null;
  /** Seconds; null until a contact has been answered. */
  asaSeconds: number | null;
  /** Abandoned among those that ended waiting, 0–1; null as above. */
  abandonRate: number | null;
}

export function serviceLevel(c: Pick<QueueCounts, 'answered' | 'answeredWithinTarget' | 'abandoned'>) {
  const ended = c.answered + c.abandoned;
  return ended === 0 ? null : c.answeredWithinTarget / ended;
}

export function figuresOf(c: QueueCounts): QueueFigures {
  const ended = c.answered + c.abandoned;
  return {
    ...c,
    serviceLevel: serviceLevel(c),
    asaSeconds: c.answered === 0 ? null : c.answerWaitSeconds / c.answered,
    abandonRate: ended === 0 ? null : c.abandoned / ended,
  };
}

/** The floor's totals: the counts added up, the ratios taken over the sums (not averaged). */
export function totalOf(all: readonly QueueCounts[]): QueueFigures {
  const sum = (k: keyof QueueCounts) => all.reduce((n, c) => n + c[k], 0);
  return figuresOf({
    offered: sum('offered'),
    answered: sum('answered'),
    answeredWithinTarget: sum('answeredWithinTarget'),
    abandoned: sum('abandoned'),
    answerWaitSeconds: sum('answerWaitSeconds'),
  });
}

/**
 * How a queue stands against its target: 'ok' at or above it, 'warning' below it by up to
 * `warningMargin` points (amber), 'breach' further below (red), 'none' without data.
 */
export type ServiceLevelStanding = 'ok' | 'warning' | 'breach' | 'none';

export function standingOf(
  level: number | null,
  targetPercent: number,
  warningMargin = 10,
): ServiceLevelStanding {
  if (level === null) return 'none';
  const percent = level * 100;
  if (percent >= targetPercent) return 'ok';
  return percent >= targetPercent - warningMargin ? 'warning' : 'breach';
}
