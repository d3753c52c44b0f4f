import { AppError } from '../../core/errors';
import { applyTransition } from '../../cycle/commands/apply-transition';
import type { Tx } from '../../db/transaction';
import { getOpportunity } from '../queries/opportunities';
import type { ChangeStageInput } from '../schemas';
import { opportunityMachine, STAGE_PROBABILITY } from '../transitions';
import { lockOpportunity } from './lock-opportunity';

/**
 * Move an opportunity to another stage through its machine. The probability becomes the new stage's default
 * unless given; a lost one keeps its reason. Only a customer's opportunity can be won: a lead is converted first.
 */
export async function changeOpportunityStage(tx: Tx, id: string, input: ChangeStageInput) {
  const opportunity = await lockOpportunity(tx, id);
  if (input.stage === 'won' && opportunity.customer_id === null) {
    throw new AppError('lead_not_converted', `Convert lead ${opportunity.lead_id} into a customer before winning this opportunity.`, {
      lead_id: opportunity.lead_id,
    });
  }
  const probability = input.probability ?? STAGE_PROBABILITY[input.stage];
  // A lost reason goes in before the stage: the table refuses a lost opportunity without one.
  if (input.lost_reason) await tx.db.updateTable('opportunities').set({ lost_reason: input.lost_reason }).where('id', '=', id).execute();
  await applyTransition(tx, opportunityMachine, {
    id,
    to: input.stage,
    customerId: opportunity.customer_id,
    stage: 'generation',
    data: { probability, ...(input.lost_reason && { lost_reason: input.lost_reason }) },
  });
  await tx.db.updateTable('opportunities').set({ probability }).where('id', '=', id).execute();
  return getOpportunity(tx.db, id);
}
