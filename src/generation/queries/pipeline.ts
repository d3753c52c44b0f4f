import { sql, type Kysely } from 'kysely';
import { roundHalfUp } from '../../core/money';
import type { DB } from '../../db/schema';
import { OPEN_STAGES, opportunityMachine, type OpportunityStage } from '../transitions';

interface Sums {
  count: number;
  value: number;
  /** Σ expected value × probability (percent): divided by 100 and rounded once, at the end. */
  weighted: number;
}

const figures = (s: Sums, currency: string) => ({
  count: s.count,
  value: { amount: s.value, currency },
  weighted_value: { amount: roundHalfUp(s.weighted / 100), currency },
});

/** Count, value and probability-weighted value of opportunities per stage, one block per currency (no exchange rates). */
export async function pipeline(db: Kysely<DB>, filter: { campaign_id?: string | undefined; owner?: string | undefined }) {
  let query = db
    .selectFrom('opportunities')
    .select([
      sql<string>`trim(currency)`.as('currency'),
      'stage',
      sql<number>`count(*)`.as('count'),
      sql<number>`sum(expected_value_amount)`.as('value'),
      sql<number>`sum(expected_value_amount * probability)`.as('weighted'),
    ])
    .groupBy(['currency', 'stage'])
    .orderBy('currency');
  if (filter.campaign_id) query = query.where('campaign_id', '=', filter.campaign_id);
  if (filter.owner) query = query.where('owner', '=', filter.owner);
  const rows = await query.execute();
  const currencies = [...new Set(rows.map((r) => r.currency))];
  return {
    data: currencies.map((currency) => {
      const sums = (stage: OpportunityStage): Sums => {
        const r = rows.find((x) => x.currency === currency && x.stage === stage);
        return { count: Number(r?.count ?? 0), value: Number(r?.value ?? 0), weighted: Number(r?.weighted ?? 0) };
      };
      const open = OPEN_STAGES.map(sums).reduce((a, b) => ({ count: a.count + b.count, value: a.value + b.value, weighted: a.weighted + b.weighted }));
      return { currency, stages: opportunityMachine.states.map((stage) => ({ stage, ...figures(sums(stage), currency) })), open: figures(open, currency) };
    }),
  };
}
