import { sql, type Kysely } from 'kysely';
import { roundHalfUp } from '../../core/money';
import type { DB } from '../../db/schema';
import { getCampaign } from './campaigns';

/**
 * What a campaign brought: its leads and opportunities, and the quotes and orders attributed to it — directly
 * (their campaign_id) or through an opportunity of the campaign. Revenue is the total of those orders that are
 * not cancelled, in the campaign's currency; orders in other currencies are listed apart, not converted.
 */
export async function campaignPerformance(db: Kysely<DB>, id: string, today: string) {
  const campaign = await getCampaign(db, id, today);
  const [leads, opportunities, quotes, orders] = await Promise.all([
    db.selectFrom('leads').select(['status', sql<number>`count(*)`.as('n')]).where('campaign_id', '=', id).groupBy('status').execute(),
    db.selectFrom('opportunities').select(['stage', sql<number>`count(*)`.as('n')]).where('campaign_id', '=', id).groupBy('stage').execute(),
    sql<{ count: number; accepted: number }>`
      select count(distinct q.number) as count, count(distinct q.number) filter (where q.status = 'accepted') as accepted
      from quotes q left join opportunities o on o.id = q.opportunity_id
      where q.campaign_id = ${id} or o.campaign_id = ${id}`.execute(db),
    sql<{ currency: string; count: number; revenue: number }>`
      select trim(r.currency) as currency, count(*) as count, sum(r.total_amount) as revenue
      from orders r left join opportunities o on o.id = r.opportunity_id
      where (r.campaign_id = ${id} or o.campaign_id = ${id}) and r.status <> 'cancelled'
      group by 1 order by 1`.execute(db),
  ]);
  const byStatus: Record<string, number> = Object.fromEntries(leads.map((r) => [r.status, Number(r.n)]));
  const byStage: Record<string, number> = Object.fromEntries(opportunities.map((r) => [r.stage, Number(r.n)]));
  const leadCount = Object.values(byStatus).reduce((a, b) => a + b, 0);
  const orderCount = orders.rows.reduce((a, r) => a + Number(r.count), 0);
  const { currency } = campaign.budget;
  const perUnit = (n: number) => (n === 0 ? null : { amount: roundHalfUp(campaign.budget.amount / n), currency });
  return {
    campaign_id: id,
    budget: campaign.budget,
    leads: { count: leadCount, by_status: byStatus },
    converted_leads: byStatus.converted ?? 0,
    opportunities: { count: Object.values(byStage).reduce((a, b) => a + b, 0), by_stage: byStage },
    quotes: { count: Number(quotes.rows[0]?.count ?? 0), accepted: Number(quotes.rows[0]?.accepted ?? 0) },
    orders: { count: orderCount },
    revenue: { amount: Number(orders.rows.find((r) => r.currency === currency)?.revenue ?? 0), currency },
    revenue_in_other_currencies: orders.rows.filter((r) => r.currency !== currency).map((r) => ({ amount: Number(r.revenue), currency: r.currency })),
    cost_per_lead: perUnit(leadCount),
    cost_per_order: perUnit(orderCount),
  };
}
