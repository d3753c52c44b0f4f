import { AppError, notFound } from '../../core/errors';
import type { Tx } from '../../db/transaction';
import { OPEN_STAGES, type OpportunityStage } from '../transitions';

/** The opportunity row, locked for the rest of the transaction. */
export async function lockOpportunity(tx: Tx, id: string) {
  const opportunity = await tx.db.selectFrom('opportunities').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!opportunity) throw notFound('opportunity', id);
  return opportunity;
}

export function assertOpportunityOpen(o: { id: string; stage: string }): void {
  if (!OPEN_STAGES.includes(o.stage as OpportunityStage)) {
    throw new AppError('opportunity_closed', `Opportunity ${o.id} is ${o.stage} and no longer changes.`, { stage: o.stage });
  }
}
