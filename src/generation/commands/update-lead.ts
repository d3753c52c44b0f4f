import type { z } from 'zod';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { getLead } from '../queries/leads';
import type { UpdateLeadBody } from '../schemas';
import { checkReferences } from './check-references';
import { assertLeadOpen, lockLead } from './lock-lead';

/** Change what we know of an open lead; `null` clears an optional field. */
export async function updateLead(tx: Tx, id: string, input: z.infer<typeof UpdateLeadBody>) {
  assertLeadOpen(await lockLead(tx, id));
  await checkReferences(tx, input);
  await tx.db
    .updateTable('leads')
    .set({ ...input, updated_at: tx.now })
    .where('id', '=', id)
    .execute();
  await appendEvent(tx, { type: 'lead.updated', subject: { type: 'lead', id }, stage: 'generation', data: { changes: input } });
  return getLead(tx.db, id);
}
