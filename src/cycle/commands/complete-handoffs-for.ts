import type { Tx } from '../../db/transaction';
import { moveHandoff } from './move-handoff';

/** Close every handoff still open on a subject (its work is moot: the order was cancelled, the hold released). */
export async function completeHandoffsFor(tx: Tx, subjectId: string, note: string): Promise<void> {
  const open = await tx.db.selectFrom('handoffs').select('id').where('subject_id', '=', subjectId).where('status', '<>', 'completed').orderBy('id').execute();
  for (const handoff of open) await moveHandoff(tx, handoff.id, 'completed', note);
}
