import { notFound } from '../../core/errors';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { presentApiKey } from '../schemas';

/** Revoke a key at once; revoking a revoked key is harmless and keeps the first revocation time. */
export async function revokeApiKey(tx: Tx, id: string) {
  const key = await tx.db.selectFrom('api_keys').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!key) throw notFound('API key', id);
  if (key.revoked_at) return presentApiKey(key);
  const revoked = await tx.db.updateTable('api_keys').set({ revoked_at: tx.now }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  await appendEvent(tx, { type: 'api_key.revoked', subject: { type: 'api_key', id }, customerId: key.customer_id, data: { name: key.name } });
  return presentApiKey(revoked);
}
