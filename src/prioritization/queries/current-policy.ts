import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { PriorityPolicy } from '../policies/priority';

/** The policy in force: the latest version. Migration 0006 writes version 1. */
export async function currentPolicy(db: Kysely<DB>) {
  const row = await db.selectFrom('priority_policies').selectAll().orderBy('version', 'desc').limit(1).executeTakeFirstOrThrow();
  return { ...row, policy: row.policy as PriorityPolicy };
}
