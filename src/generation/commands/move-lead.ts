import { SYSTEM_ACTOR } from '../../access/roles';
import { applyTransition } from '../../cycle/commands/apply-transition';
import { completeHandoffsFor } from '../../cycle/commands/complete-handoffs-for';
import { openHandoff } from '../../cycle/commands/open-handoff';
import type { Tx } from '../../db/transaction';
import { getLead } from '../queries/leads';
import { leadMachine } from '../transitions';

export type LeadStep = { to: 'contacted' | 'qualified'; note?: string | undefined } | { to: 'disqualified'; reason: string };

/**
 * Contact, qualify or disqualify a lead through the lead machine. A qualified lead is handed to sales to convert
 * (or disqualify); disqualifying closes whatever handoff the lead had.
 */
export async function moveLead(tx: Tx, id: string, step: LeadStep) {
  const data = step.to === 'disqualified' ? { reason: step.reason } : step.note ? { note: step.note } : {};
  await applyTransition(tx, leadMachine, { id, to: step.to, stage: 'generation', data });
  if (step.to === 'disqualified') {
    await tx.db.updateTable('leads').set({ disqualified_reason: step.reason }).where('id', '=', id).execute();
    await completeHandoffsFor({ ...tx, actor: SYSTEM_ACTOR }, id, 'lead disqualified');
  }
  if (step.to === 'qualified') {
    const lead = await getLead(tx.db, id);
    await openHandoff(tx, { subject: { type: 'lead', id }, stage: 'generation', department: 'sales', note: `convert qualified lead ${lead.company}` });
  }
  return getLead(tx.db, id);
}
