import type { Tx } from '../../db/transaction';

/**
 * The next number of a series in a year, gapless: the counter row is incremented by an upsert … RETURNING in
 * the caller's transaction, so its lock makes concurrent issuers wait their turn and a rolled-back issue
 * gives its number back. Take it as late in the transaction as possible: the lock is held until commit.
 */
export async function takeDocumentNumber(tx: Tx, series: string): Promise<string> {
  const year = tx.now.getUTCFullYear();
  // One statement: the year's first issuer creates the row at 1; everyone else (a concurrent first issuer too,
  // once the first commits) increments it under the row lock.
  const { last_number } = await tx.db
    .insertInto('document_number_counters')
    .values({ series, year, last_number: 1 })
    .onConflict((oc) => oc.columns(['series', 'year']).doUpdateSet((eb) => ({ last_number: eb('document_number_counters.last_number', '+', 1) })))
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return `${series}-${year}-${String(last_number).padStart(6, '0')}`;
}
