import type { z } from 'zod';
import { calendarDate } from '../../core/clock';
import { invalidFields } from '../../core/errors';
import { newId } from '../../core/ids';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { getCampaign } from '../queries/campaigns';
import type { CreateCampaignBody } from '../schemas';

export function checkPeriod(startsOn: string, endsOn: string | null): void {
  if (endsOn !== null && endsOn < startsOn) throw invalidFields({ ends_on: `The campaign cannot end before it starts (${startsOn}).` });
}

export async function createCampaign(tx: Tx, input: z.infer<typeof CreateCampaignBody>) {
  checkPeriod(input.starts_on, input.ends_on ?? null);
  const id = newId('campaign');
  await tx.db
    .insertInto('campaigns')
    .values({
      id,
      name: input.name,
      channel: input.channel,
      budget_amount: input.budget.amount,
      currency: input.budget.currency,
      starts_on: input.starts_on,
      ends_on: input.ends_on ?? null,
      created_by: tx.actor.id,
      created_at: tx.now,
      updated_at: tx.now,
    })
    .execute();
  await appendEvent(tx, {
    type: 'campaign.created',
    subject: { type: 'campaign', id },
    stage: 'generation',
    data: { name: input.name, channel: input.channel, budget: input.budget, starts_on: input.starts_on, ends_on: input.ends_on ?? null },
  });
  return getCampaign(tx.db, id, calendarDate(tx.now));
}
