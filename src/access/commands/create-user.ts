import { sql } from 'kysely';
import { AppError } from '../../core/errors';
import { newId } from '../../core/ids';
import { appendEvent } from '../../cycle/commands/append-event';
import { requireCustomer } from '../../customers/queries/get-customer';
import type { Tx } from '../../db/transaction';
import type { Role } from '../roles';
import { presentUser } from '../schemas';
import { hashPassword } from '../secrets';

export interface NewUserInput {
  email: string;
  name: string;
  password: string;
  role?: Role | undefined;
  customer_id?: string | undefined;
}

/** A staff user (role admin or a department) or a customer's user (bound to that customer). */
export async function createUser(tx: Tx, input: NewUserInput) {
  if (input.customer_id) await requireCustomer(tx.db, input.customer_id);
  const taken = () => tx.db.selectFrom('users').select('id').where((eb) => eb(eb.fn('lower', ['email']), '=', input.email.toLowerCase())).executeTakeFirst();
  const alreadyExists = (id: string | undefined) => new AppError('already_exists', `A user with e-mail ${input.email} exists.`, { fields: { email: 'Already in use.' }, id });
  const existing = await taken();
  if (existing) throw alreadyExists(existing.id);
  const row = {
    id: newId('user'),
    email: input.email,
    name: input.name,
    role: input.customer_id ? 'customer' : input.role!,
    customer_id: input.customer_id ?? null,
    password_hash: await hashPassword(input.password),
    active: true,
    created_at: tx.now,
    updated_at: tx.now,
  };
  // The e-mail is unique in any case (users_email_idx): a concurrent create of the same e-mail is a 409, not a 500.
  const inserted = await tx.db
    .insertInto('users')
    .values(row)
    .onConflict((oc) => oc.expression(sql`lower(email)`).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) throw alreadyExists((await taken())?.id);
  await appendEvent(tx, { type: 'user.created', subject: { type: 'user', id: row.id }, customerId: row.customer_id, data: { email: row.email, role: row.role } });
  return presentUser(row);
}
