import { AppError, notFound } from '../../core/errors';
import type { Tx } from '../../db/transaction';
import { OPEN_LEAD_STATUSES, type LeadStatus } from '../transitions';

/** The lead row, locked for the rest of the transaction: conversions and edits of one lead go one at a time. */
export async function lockLead(tx: Tx, id: string) {
  const lead = await tx.db.selectFrom('leads').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!lead) throw notFound('lead', id);
  return lead;
}

/** A converted or disqualified lead is history: 409. */
export function assertLeadOpen(lead: { id: string; status: string }): void {
  if (!OPEN_LEAD_STATUSES.includes(lead.status as LeadStatus)) {
    throw new AppError('lead_closed', `Lead ${lead.id} is ${lead.status} and no longer changes.`, { status: lead.status });
  }
}
