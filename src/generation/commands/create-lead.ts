import type { z } from 'zod';
import { newId } from '../../core/ids';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { getLead } from '../queries/leads';
import type { CreateLeadBody } from '../schemas';
import { leadMachine } from '../transitions';
import { checkReferences } from './check-references';

export async function createLead(tx: Tx, input: z.infer<typeof CreateLeadBody>) {
  await checkReferences(tx, input);
  const id = newId('lead');
  await tx.db
    .insertInto('leads')
    .values({
      id,
      campaign_id: input.campaign_id ?? null,
      company: input.company,
      contact_name: input.contact_name ?? null,
      email: input.email ?? null,
      phone: input.phone ?? null,
      notes: input.notes ?? null,
      status: leadMachine.initial,
      disqualified_reason: null,
      owner: input.owner ?? null,
      converted_customer_id: null,
      converted_opportunity_id: null,
      created_by: tx.actor.id,
      created_at: tx.now,
      updated_at: tx.now,
    })
    .execute();
  await appendEvent(tx, {
    type: 'lead.created',
    subject: { type: 'lead', id },
    stage: 'generation',
    data: { company: input.company, campaign_id: input.campaign_id ?? null },
  });
  return getLead(tx.db, id);
}
