import type { Kysely } from 'kysely';
import { notFound } from '../../core/errors';
import type { DB } from '../../db/schema';
import { toPage, type Page } from '../../http/pagination';
import type { CampaignStatus } from '../schemas';
import { presentCampaign, type CampaignView } from '../views';

/** Campaigns as the API shows them (status as of `today`), in the order of `ids`. */
export async function campaignsByIds(db: Kysely<DB>, ids: string[], today: string): Promise<CampaignView[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('campaigns').selectAll().where('id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.filter((id) => byId.has(id)).map((id) => presentCampaign(byId.get(id)!, today));
}

export async function getCampaign(db: Kysely<DB>, id: string, today: string): Promise<CampaignView> {
  const [campaign] = await campaignsByIds(db, [id], today);
  if (!campaign) throw notFound('campaign', id);
  return campaign;
}

export interface CampaignFilter {
  limit: number;
  starting_after?: string | undefined;
  channel?: string | undefined;
  status?: CampaignStatus | undefined;
}

/** Newest first. */
export async function listCampaigns(db: Kysely<DB>, filter: CampaignFilter, today: string): Promise<Page<CampaignView>> {
  let query = db.selectFrom('campaigns').select('id').orderBy('id', 'desc').limit(filter.limit + 1);
  if (filter.starting_after) query = query.where('id', '<', filter.starting_after);
  if (filter.channel) query = query.where('channel', '=', filter.channel as CampaignView['channel']);
  if (filter.status === 'planned') query = query.where('starts_on', '>', today);
  if (filter.status === 'active') {
    query = query.where('starts_on', '<=', today).where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', today)]));
  }
  if (filter.status === 'ended') query = query.where('ends_on', '<', today);
  const ids = (await query.execute()).map((r) => r.id);
  const page = toPage(ids, filter.limit, (id) => id, (id) => id);
  return { ...page, data: await campaignsByIds(db, page.data, today) };
}
