import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { Actor, Role } from '../roles';
import { hashSecret } from '../secrets';

/** The actor behind an API key secret, or null when it is unknown or revoked. */
export async function actorForApiKey(db: Kysely<DB>, secret: string): Promise<Actor | null> {
  const key = await db
    .selectFrom('api_keys')
    .select(['id', 'name', 'role', 'customer_id'])
    .where('secret_hash', '=', hashSecret(secret))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return key ? { id: key.id, role: key.role as Role, customerId: key.customer_id, name: key.name } : null;
}

/** The signed-in user behind a session token, or null when it is unknown, ended, expired or the user is off. */
export async function actorForSession(db: Kysely<DB>, token: string, now: Date): Promise<Actor | null> {
  const user = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.name', 'users.role', 'users.customer_id'])
    .where('sessions.token_hash', '=', hashSecret(token))
    .where('sessions.revoked_at', 'is', null)
    .where('sessions.expires_at', '>', now)
    .where('users.active', '=', true)
    .executeTakeFirst();
  return user ? { id: user.id, role: user.role as Role, customerId: user.customer_id, name: user.name } : null;
}
