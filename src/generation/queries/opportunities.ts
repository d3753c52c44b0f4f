import type { Kysely } from 'kysely';
import { notFound } from '../../core/errors';
import type { DB } from '../../db/schema';
import { toPage, type Page } from '../../http/pagination';
import { presentOpportunity, type OpportunityView } from '../views';

export async function getOpportunity(db: Kysely<DB>, id: string): Promise<OpportunityView> {
  const row = await db.selectFrom('opportunities').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('opportunity', id);
  return presentOpportunity(row);
}

export interface OpportunityFilter {
  limit: number;
  starting_after?: string | undefined;
  stage?: string | undefined;
  customer_id?: string | undefined;
  lead_id?: string | undefined;
  campaign_id?: string | undefined;
  owner?: string | undefined;
}

/** Newest first. */
export async function listOpportunities(db: Kysely<DB>, filter: OpportunityFilter): Promise<Page<OpportunityView>> {
  let query = db.selectFrom('opportunities').selectAll().orderBy('id', 'desc').limit(filter.limit + 1);
  if (filter.starting_after) query = query.where('id', '<', filter.starting_after);
  if (filter.stage) query = query.where('stage', '=', filter.stage);
  if (filter.customer_id) query = query.where('customer_id', '=', filter.customer_id);
  if (filter.lead_id) query = query.where('lead_id', '=', filter.lead_id);
  if (filter.campaign_id) query = query.where('campaign_id', '=', filter.campaign_id);
  if (filter.owner) query = query.where('owner', '=', filter.owner);
  return toPage(await query.execute(), filter.limit, (r) => r.id, presentOpportunity);
}
