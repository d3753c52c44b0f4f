import { AppError } from '../../core/errors';
import { newId } from '../../core/ids';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import type { Role } from '../roles';
import { hashSecret, newSecret, verifyPassword } from '../secrets';

export const SESSION_HOURS = 12;

/** Check e-mail and password and open a session; the token goes into the cookie and is stored only as a hash. */
export async function logIn(tx: Tx, email: string, password: string) {
  const user = await tx.db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
  const ok = await verifyPassword(user?.password_hash ?? null, password);
  if (!user || !ok || !user.active) throw new AppError('invalid_credentials');
  const token = newSecret('ss');
  const expiresAt = new Date(tx.now.getTime() + SESSION_HOURS * 3_600_000);
  const id = newId('session');
  await tx.db.insertInto('sessions').values({ id, token_hash: hashSecret(token), user_id: user.id, created_at: tx.now, expires_at: expiresAt, revoked_at: null }).execute();
  const actor = { id: user.id, role: user.role as Role, customerId: user.customer_id, name: user.name };
  await appendEvent({ ...tx, actor }, { type: 'user.logged_in', subject: { type: 'user', id: user.id }, customerId: user.customer_id });
  return { token, expiresAt, actor };
}

/** End the session behind this token (log out). */
export async function logOut(tx: Tx, token: string): Promise<void> {
  const ended = await tx.db
    .updateTable('sessions')
    .set({ revoked_at: tx.now })
    .where('token_hash', '=', hashSecret(token))
    .where('revoked_at', 'is', null)
    .returning('user_id')
    .executeTakeFirst();
  if (ended) await appendEvent(tx, { type: 'user.logged_out', subject: { type: 'user', id: ended.user_id }, customerId: tx.actor.customerId });
}
