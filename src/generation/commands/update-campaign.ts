import type { z } from 'zod';
import { calendarDate } from '../../core/clock';
import { notFound } from '../../core/errors';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { getCampaign } from '../queries/campaigns';
import type { UpdateCampaignBody } from '../schemas';
import { checkPeriod } from './create-campaign';

export async function updateCampaign(tx: Tx, id: string, input: z.infer<typeof UpdateCampaignBody>) {
  const campaign = await tx.db.selectFrom('campaigns').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!campaign) throw notFound('campaign', id);
  checkPeriod(input.starts_on ?? campaign.starts_on, input.ends_on === undefined ? campaign.ends_on : input.ends_on);
  await tx.db
    .updateTable('campaigns')
    .set({
      ...(input.name !== undefined && { name: input.name }),
      ...(input.channel !== undefined && { channel: input.channel }),
      ...(input.budget !== undefined && { budget_amount: input.budget.amount, currency: input.budget.currency }),
      ...(input.starts_on !== undefined && { starts_on: input.starts_on }),
      ...(input.ends_on !== undefined && { ends_on: input.ends_on }),
      updated_at: tx.now,
    })
    .where('id', '=', id)
    .execute();
  await appendEvent(tx, { type: 'campaign.updated', subject: { type: 'campaign', id }, stage: 'generation', data: { changes: input } });
  return getCampaign(tx.db, id, calendarDate(tx.now));
}
