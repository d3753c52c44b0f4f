import { SYSTEM_ACTOR } from '../../access/roles';
import { AppError, invalidFields } from '../../core/errors';
import { findTransition } from '../../core/state-machine';
import { applyTransition } from '../../cycle/commands/apply-transition';
import { completeHandoffsFor } from '../../cycle/commands/complete-handoffs-for';
import { createCustomer } from '../../customers/commands/create-customer';
import { customersByIds } from '../../customers/queries/get-customer';
import type { Tx } from '../../db/transaction';
import { getLead } from '../queries/leads';
import { getOpportunity } from '../queries/opportunities';
import type { ConvertLeadInput } from '../schemas';
import { leadMachine, OPEN_STAGES, type LeadStatus } from '../transitions';
import { requireCustomerRef, requireOwner } from './check-references';
import { insertOpportunity } from './create-opportunity';
import { lockLead } from './lock-lead';

/**
 * A qualified lead becomes a customer (new, or one we already had) and an opportunity, in one transaction:
 * the opportunity described here (campaign and owner from the lead), or else the lead's newest open one. Every
 * opportunity of the lead becomes the customer's. The lead row is locked first, so converting twice — even at
 * the same moment — is a 409 that names what the first conversion made.
 */
export async function convertLead(tx: Tx, id: string, input: ConvertLeadInput) {
  const lead = await lockLead(tx, id);
  if (lead.status === 'converted') {
    throw new AppError('already_converted', `Lead ${id} was converted already.`, {
      customer_id: lead.converted_customer_id,
      opportunity_id: lead.converted_opportunity_id,
    });
  }
  findTransition(leadMachine, lead.status as LeadStatus, 'converted', tx.actor.role); // refuses before anything is made
  if (input.opportunity?.owner) await requireOwner(tx, input.opportunity.owner, 'opportunity.owner');
  let opportunityId: string | undefined;
  if (!input.opportunity) {
    const open = await tx.db.selectFrom('opportunities').select('id').where('lead_id', '=', id).where('stage', 'in', OPEN_STAGES).orderBy('id', 'desc').executeTakeFirst();
    if (!open) throw invalidFields({ opportunity: 'The lead has no open opportunity: describe the one it converts into.' });
    opportunityId = open.id;
  }

  let customerId: string;
  if (input.customer) customerId = (await createCustomer(tx, input.customer)).id;
  else await requireCustomerRef(tx, (customerId = input.customer_id!));
  await tx.db.updateTable('opportunities').set({ customer_id: customerId, updated_at: tx.now }).where('lead_id', '=', id).execute();
  if (input.opportunity) {
    opportunityId = await insertOpportunity(tx, {
      ...input.opportunity,
      customer_id: customerId,
      lead_id: id,
      campaign_id: lead.campaign_id,
      owner: input.opportunity.owner ?? lead.owner,
    });
  }

  await tx.db.updateTable('leads').set({ converted_customer_id: customerId, converted_opportunity_id: opportunityId! }).where('id', '=', id).execute();
  await applyTransition(tx, leadMachine, {
    id,
    to: 'converted',
    customerId,
    stage: 'generation',
    data: { customer_id: customerId, opportunity_id: opportunityId, new_customer: input.customer !== undefined },
  });
  await completeHandoffsFor({ ...tx, actor: SYSTEM_ACTOR }, id, 'lead converted');
  const [customer] = await customersByIds(tx.db, [customerId]);
  return { lead: await getLead(tx.db, id), customer: customer!, opportunity: await getOpportunity(tx.db, opportunityId!) };
}
