/**
 * The priority score as a pure decision: an order's facts and the policy in, a score and its explanation
 * out. Every term is a normalised value times its weight, so the explanation adds up to the score.
 */
export interface PriorityPolicy {
  weights: { tier: number; value: number; margin: number; slack: number; age: number };
  tier_values: { strategic: number; key: number; standard: number };
  /** Slack at or beyond this many days counts as no urgency at all. */
  slack_horizon_days: number;
  /** Points an accepted expedite request adds. */
  expedite_boost: number;
}

export interface OrderFacts {
  tier: 'strategic' | 'key' | 'standard';
  /** Order total in major units of its currency (value is compared on a log scale, currency-agnostic). */
  totalMajor: number;
  /** (total − standard cost) / total; null when the cost is unknown. */
  marginRatio: number | null;
  /** Days from today to the promised date; negative when late; null when nothing is promised. */
  slackDays: number | null;
  /** Days since the order was entered. */
  ageDays: number;
  expedited: boolean;
}

export interface ScoreTerm {
  term: 'tier' | 'value' | 'margin' | 'slack' | 'age' | 'expedite';
  /** What the term looked at, in words a CSR understands. */
  input: string;
  /** The normalised value the weight multiplies. */
  value: number;
  weight: number;
  contribution: number;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
/** The largest normalised value of each bounded term: slack goes up to 2 when an order is a horizon late. */
const MAX_SLACK = 2;

export function scoreOrder(policy: PriorityPolicy, facts: OrderFacts): { score: number; terms: ScoreTerm[] } {
  const { weights: w } = policy;
  const slack = facts.slackDays === null ? 0 : clamp((policy.slack_horizon_days - facts.slackDays) / policy.slack_horizon_days, 0, MAX_SLACK);
  const terms: ScoreTerm[] = [
    { term: 'tier', input: `${facts.tier} customer`, value: policy.tier_values[facts.tier], weight: w.tier, contribution: 0 },
    { term: 'value', input: `order total ${facts.totalMajor.toFixed(2)}`, value: clamp(Math.log10(1 + Math.max(0, facts.totalMajor)) / 6, 0, 1), weight: w.value, contribution: 0 },
    {
      term: 'margin',
      input: facts.marginRatio === null ? 'cost unknown' : `margin ${(facts.marginRatio * 100).toFixed(1)} %`,
      value: facts.marginRatio === null ? 0 : clamp(facts.marginRatio, 0, 1),
      weight: w.margin,
      contribution: 0,
    },
    {
      term: 'slack',
      input: facts.slackDays === null ? 'no promised date' : facts.slackDays < 0 ? `${-facts.slackDays} days late` : `${facts.slackDays} days to the promised date`,
      value: slack,
      weight: w.slack,
      contribution: 0,
    },
    { term: 'age', input: `waiting ${facts.ageDays.toFixed(1)} days`, value: Math.max(0, facts.ageDays), weight: w.age, contribution: 0 },
  ];
  if (facts.expedited) terms.push({ term: 'expedite', input: 'expedite request accepted', value: 1, weight: policy.expedite_boost, contribution: 0 });
  for (const t of terms) t.contribution = t.value * t.weight;
  return { score: terms.reduce((s, t) => s + t.contribution, 0), terms };
}

/** The highest score an order entered today can have (every bounded term at its maximum, expedited). */
export function maxFreshScore(policy: PriorityPolicy): number {
  const { weights: w } = policy;
  return w.tier * Math.max(...Object.values(policy.tier_values)) + w.value + w.margin + w.slack * MAX_SLACK + policy.expedite_boost;
}

/**
 * No starvation: the age term grows without bound while every other term is bounded, so an open order that
 * has waited longer than this many days outranks any order entered now, whatever its other terms.
 */
export function starvationBoundDays(policy: PriorityPolicy): number {
  return maxFreshScore(policy) / policy.weights.age;
}
