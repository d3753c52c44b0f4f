import { notFound } from '../../core/errors';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { presentUser } from '../schemas';
import { hashPassword } from '../secrets';

export interface UserChanges {
  name?: string | undefined;
  password?: string | undefined;
  active?: boolean | undefined;
}

/** Rename, reset the password or switch a user off; switching off also ends their sessions. */
export async function updateUser(tx: Tx, id: string, changes: UserChanges) {
  const user = await tx.db.selectFrom('users').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!user) throw notFound('user', id);
  const updated = await tx.db
    .updateTable('users')
    .set({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.active !== undefined ? { active: changes.active } : {}),
      ...(changes.password !== undefined ? { password_hash: await hashPassword(changes.password) } : {}),
      updated_at: tx.now,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  if (changes.active === false || changes.password !== undefined) {
    await tx.db.updateTable('sessions').set({ revoked_at: tx.now }).where('user_id', '=', id).where('revoked_at', 'is', null).execute();
  }
  await appendEvent(tx, {
    type: 'user.updated',
    subject: { type: 'user', id },
    customerId: user.customer_id,
    data: { changed: Object.keys(changes).filter((k) => changes[k as keyof UserChanges] !== undefined) },
  });
  return presentUser(updated);
}
