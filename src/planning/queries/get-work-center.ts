import type { Kysely } from 'kysely';
import { notFound } from '../../core/errors';
import type { DB } from '../../db/schema';

/** The work center row or a 404; scheduling and costing call this to check an id they were given. */
export async function requireWorkCenter(db: Kysely<DB>, id: string) {
  const row = await db.selectFrom('work_centers').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('work center', id);
  return row;
}
