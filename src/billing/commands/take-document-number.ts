import type { Tx } from '../../db/transaction';

/**
 * The next number of a series in a year, gapless: the counter row is incremented with UPDATE … RETURNING in
 * the caller's transaction, so its lock makes concurrent issuers wait their turn and a rolled-back issue
 * gives its number back. Take it as late in the transaction as possible: the lock is held until commit.
 */
export async function takeDocumentNumber(tx: Tx, series: string): Promise<string> {
  const year = tx.now.getUTCFullYear();
  // The year's first issuer creates the row; a concurrent first issuer waits for it, then finds it there.
  await tx.db
    .insertInto('document_number_counters')
    .values({ series, year, last_number: 0 })
    .onConflict((oc) => oc.columns(['series', 'year']).doNothing())
    .execute();
  const { last_number } = await tx.db
    .updateTable('document_number_counters')
    .set((eb) => ({ last_number: eb('last_number', '+', 1) }))
    .where('series', '=', series)
    .where('year', '=', year)
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return `${series}-${year}-${String(last_number).padStart(6, '0')}`;
}
