import type { Tx } from '../../db/transaction';

/**
 * The next number of a series in a year, gapless: the counter row is incremented by an upsert … RETURNING in
 * the caller's transaction, so its lock makes concurrent issuers wait their turn and a rolled-back issue
 * gives its number back. Take it as late in the transaction as possible: the lock is held until commit.
 */
export async function takeDocumentNumber(tx: Tx, series: string): Promise<string> {
  return (await takeDocumentNumbers(tx, series, 1))[0]!;
}

/** `takeDocumentNumber` for `count` documents at once: consecutive numbers, in one statement. */
export async function takeDocumentNumbers(tx: Tx, series: string, count: number): Promise<string[]> {
  const year = tx.now.getUTCFullYear();
  // One statement: the year's first issuer creates the row at `count`; everyone else (a concurrent first issuer
  // too, once the first commits) adds `count` under the row lock. The numbers taken end at the one returned.
  const { last_number } = await tx.db
    .insertInto('document_number_counters')
    .values({ series, year, last_number: count })
    .onConflict((oc) => oc.columns(['series', 'year']).doUpdateSet((eb) => ({ last_number: eb('document_number_counters.last_number', '+', count) })))
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return Array.from({ length: count }, (_, i) => `${series}-${year}-${String(last_number - count + 1 + i).padStart(6, '0')}`);
}
