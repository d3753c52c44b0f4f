import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { getOpportunity } from '../queries/opportunities';
import type { UpdateOpportunityInput } from '../schemas';
import { checkReferences } from './check-references';
import { assertOpportunityOpen, lockOpportunity } from './lock-opportunity';

/** Change an open opportunity's name, value, close date, probability, campaign or owner; `null` clears. */
export async function updateOpportunity(tx: Tx, id: string, input: UpdateOpportunityInput) {
  const opportunity = await lockOpportunity(tx, id);
  assertOpportunityOpen(opportunity);
  await checkReferences(tx, input);
  const { expected_value, ...rest } = input;
  await tx.db
    .updateTable('opportunities')
    .set({
      ...rest,
      ...(expected_value && { expected_value_amount: expected_value.amount, currency: expected_value.currency }),
      updated_at: tx.now,
    })
    .where('id', '=', id)
    .execute();
  await appendEvent(tx, {
    type: 'opportunity.updated',
    subject: { type: 'opportunity', id },
    customerId: opportunity.customer_id,
    stage: 'generation',
    data: { changes: input },
  });
  return getOpportunity(tx.db, id);
}
