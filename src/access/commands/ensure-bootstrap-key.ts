import { sql } from 'kysely';
import type { Tx } from '../../db/transaction';
import { hashSecret } from '../secrets';
import { createApiKey } from './create-api-key';
import { revokeApiKey } from './revoke-api-key';

export const BOOTSTRAP_KEY_NAME = 'OMC_ADMIN_TOKEN';
const BOOTSTRAP_LOCK = 7_340_002;

/**
 * Make sure an admin key with exactly this secret exists (API.md: OMC_ADMIN_TOKEN). A previous bootstrap
 * key with another secret is revoked, so changing the variable rotates the key.
 */
export async function ensureBootstrapKey(tx: Tx, secret: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`.execute(tx.db);
  const hash = hashSecret(secret);
  const existing = await tx.db
    .selectFrom('api_keys')
    .select(['id', 'secret_hash', 'role'])
    .where('name', '=', BOOTSTRAP_KEY_NAME)
    .where('revoked_at', 'is', null)
    .execute();
  for (const key of existing) if (key.secret_hash !== hash) await revokeApiKey(tx, key.id);
  if (existing.some((k) => k.secret_hash === hash)) return;
  const clash = await tx.db.selectFrom('api_keys').select(['id', 'revoked_at']).where('secret_hash', '=', hash).executeTakeFirst();
  if (clash) throw new Error(`OMC_ADMIN_TOKEN matches API key ${clash.id}, which is not the bootstrap key; choose another secret`);
  await createApiKey(tx, { name: BOOTSTRAP_KEY_NAME, role: 'admin', secret });
}
