import { sql } from 'kysely';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { SYSTEM_ACTOR } from '../roles';
import { hashSecret } from '../secrets';
import { createApiKey } from './create-api-key';
import { revokeApiKey } from './revoke-api-key';

export const BOOTSTRAP_KEY_NAME = 'OMC_ADMIN_TOKEN';
const BOOTSTRAP_LOCK = 7_340_002;

/**
 * Make sure an admin key with exactly this secret exists (API.md: OMC_ADMIN_TOKEN). A previous bootstrap
 * key with another secret is revoked, so changing the variable rotates the key; going back to an earlier
 * secret, or restarting after the key was revoked through the API, brings that key back.
 *
 * A bootstrap key is one the system created under this name: an API caller may name a key anything, and
 * such a key is never rotated away here.
 */
export async function ensureBootstrapKey(unit: Tx, secret: string): Promise<void> {
  const tx: Tx = { ...unit, actor: SYSTEM_ACTOR }; // the system creates, rotates and owns the bootstrap key
  await sql`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`.execute(tx.db);
  const hash = hashSecret(secret);
  const bootstrapKeys = tx.db.selectFrom('api_keys').where('name', '=', BOOTSTRAP_KEY_NAME).where('created_by', '=', SYSTEM_ACTOR.id);
  const live = await bootstrapKeys.select(['id', 'secret_hash']).where('revoked_at', 'is', null).execute();
  for (const key of live) if (key.secret_hash !== hash) await revokeApiKey(tx, key.id);
  if (live.some((k) => k.secret_hash === hash)) return;

  const clash = await tx.db.selectFrom('api_keys').select(['id', 'name', 'role', 'created_by']).where('secret_hash', '=', hash).executeTakeFirst();
  if (!clash) {
    await createApiKey(tx, { name: BOOTSTRAP_KEY_NAME, role: 'admin', secret });
    return;
  }
  if (clash.name !== BOOTSTRAP_KEY_NAME || clash.created_by !== SYSTEM_ACTOR.id || clash.role !== 'admin') {
    throw new Error(`OMC_ADMIN_TOKEN matches API key ${clash.id}, which is not the bootstrap key; choose another secret`);
  }
  // An earlier bootstrap key with this very secret (secrets are unique): it is the key again.
  await tx.db.updateTable('api_keys').set({ revoked_at: null }).where('id', '=', clash.id).execute();
  await appendEvent(tx, { type: 'api_key.reinstated', subject: { type: 'api_key', id: clash.id }, data: { name: clash.name, role: clash.role } });
}
