import { newId } from '../../core/ids';
import { appendEvent } from '../../cycle/commands/append-event';
import { requireCustomer } from '../../customers/queries/get-customer';
import type { Tx } from '../../db/transaction';
import type { Role } from '../roles';
import { presentApiKey } from '../schemas';
import { hashSecret, newSecret, secretHint } from '../secrets';

export interface NewApiKeyInput {
  name: string;
  role?: Role | undefined;
  customer_id?: string | undefined;
  /** Only the bootstrap key brings its own secret (OMC_ADMIN_TOKEN). */
  secret?: string;
}

/** Create an API key; the secret is returned here once and only its hash is kept. */
export async function createApiKey(tx: Tx, input: NewApiKeyInput) {
  if (input.customer_id) await requireCustomer(tx.db, input.customer_id);
  const secret = input.secret ?? newSecret('sk');
  const row = {
    id: newId('apiKey'),
    name: input.name,
    role: input.customer_id ? 'customer' : input.role!,
    customer_id: input.customer_id ?? null,
    secret_hash: hashSecret(secret),
    secret_hint: secretHint(secret),
    created_by: tx.actor.id,
    created_at: tx.now,
    revoked_at: null,
  };
  await tx.db.insertInto('api_keys').values(row).execute();
  await appendEvent(tx, {
    type: 'api_key.created',
    subject: { type: 'api_key', id: row.id },
    customerId: row.customer_id,
    data: { name: row.name, role: row.role },
  });
  return { ...presentApiKey(row), secret };
}
