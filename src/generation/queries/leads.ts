import type { Kysely } from 'kysely';
import { notFound } from '../../core/errors';
import type { DB } from '../../db/schema';
import { toPage, type Page } from '../../http/pagination';
import { presentLead, type LeadView } from '../views';

export async function getLead(db: Kysely<DB>, id: string): Promise<LeadView> {
  const row = await db.selectFrom('leads').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('lead', id);
  return presentLead(row);
}

export interface LeadFilter {
  limit: number;
  starting_after?: string | undefined;
  status?: string | undefined;
  campaign_id?: string | undefined;
  owner?: string | undefined;
}

/** Newest first. */
export async function listLeads(db: Kysely<DB>, filter: LeadFilter): Promise<Page<LeadView>> {
  let query = db.selectFrom('leads').selectAll().orderBy('id', 'desc').limit(filter.limit + 1);
  if (filter.starting_after) query = query.where('id', '<', filter.starting_after);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.campaign_id) query = query.where('campaign_id', '=', filter.campaign_id);
  if (filter.owner) query = query.where('owner', '=', filter.owner);
  return toPage(await query.execute(), filter.limit, (r) => r.id, presentLead);
}
