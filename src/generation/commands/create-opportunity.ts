import { AppError } from '../../core/errors';
import { newId } from '../../core/ids';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { getOpportunity } from '../queries/opportunities';
import type { CreateOpportunityInput } from '../schemas';
import { opportunityMachine, STAGE_PROBABILITY } from '../transitions';
import { checkReferences, missing, requireCustomerRef } from './check-references';

export interface NewOpportunityRow {
  customer_id: string | null;
  lead_id: string | null;
  campaign_id: string | null;
  name: string;
  expected_value: { amount: number; currency: string };
  expected_close?: string | undefined;
  probability?: number | undefined;
  owner: string | null;
}

/** Insert an opportunity at the machine's first stage, with its event; the caller has checked the references. */
export async function insertOpportunity(tx: Tx, o: NewOpportunityRow): Promise<string> {
  const id = newId('opportunity');
  const probability = o.probability ?? STAGE_PROBABILITY[opportunityMachine.initial];
  await tx.db
    .insertInto('opportunities')
    .values({
      id,
      customer_id: o.customer_id,
      lead_id: o.lead_id,
      campaign_id: o.campaign_id,
      name: o.name,
      expected_value_amount: o.expected_value.amount,
      currency: o.expected_value.currency,
      probability,
      stage: opportunityMachine.initial,
      expected_close: o.expected_close ?? null,
      lost_reason: null,
      owner: o.owner,
      created_by: tx.actor.id,
      created_at: tx.now,
      updated_at: tx.now,
    })
    .execute();
  await appendEvent(tx, {
    type: 'opportunity.created',
    subject: { type: 'opportunity', id },
    customerId: o.customer_id,
    stage: 'generation',
    data: { name: o.name, lead_id: o.lead_id, campaign_id: o.campaign_id, expected_value: o.expected_value, probability },
  });
  return id;
}

/**
 * An opportunity of a customer, or of a lead not yet converted (it takes the lead's campaign and owner unless
 * told otherwise). A disqualified lead has no opportunities; a converted lead's opportunity is its customer's.
 */
export async function createOpportunity(tx: Tx, input: CreateOpportunityInput) {
  let customerId = input.customer_id ?? null;
  let campaignId = input.campaign_id ?? null;
  let owner = input.owner ?? null;
  if (input.lead_id) {
    // Locked: a conversion running meanwhile would otherwise miss this opportunity.
    const lead = await tx.db.selectFrom('leads').selectAll().where('id', '=', input.lead_id).forUpdate().executeTakeFirst();
    if (!lead) throw missing('lead', input.lead_id, 'lead_id');
    if (lead.status === 'disqualified') {
      throw new AppError('lead_closed', `Lead ${lead.id} is disqualified: it has no opportunities.`, { status: lead.status });
    }
    customerId = lead.converted_customer_id;
    campaignId ??= lead.campaign_id;
    owner ??= lead.owner;
  } else {
    await requireCustomerRef(tx, customerId!);
  }
  await checkReferences(tx, { campaign_id: input.campaign_id, owner: input.owner });
  const id = await insertOpportunity(tx, {
    customer_id: customerId,
    lead_id: input.lead_id ?? null,
    campaign_id: campaignId,
    name: input.name,
    expected_value: input.expected_value,
    expected_close: input.expected_close,
    probability: input.probability,
    owner,
  });
  return getOpportunity(tx.db, id);
}
