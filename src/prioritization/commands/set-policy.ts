import { sql } from 'kysely';
import type { z } from 'zod';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { starvationBoundDays, type PriorityPolicy } from '../policies/priority';
import { currentPolicy } from '../queries/current-policy';
import { presentPolicy, type PolicyBody } from '../schemas';

const POLICY_LOCK = 7_340_010;

/** The executive sets a new version of the policy; earlier versions stay for the record. */
export async function setPolicy(tx: Tx, input: z.infer<typeof PolicyBody>) {
  await sql`select pg_advisory_xact_lock(${POLICY_LOCK})`.execute(tx.db);
  const { note, ...policy } = input;
  const previous = await currentPolicy(tx.db);
  const row = { version: previous.version + 1, policy: JSON.stringify(policy), note: note ?? null, created_by: tx.actor.id, created_at: tx.now };
  await tx.db.insertInto('priority_policies').values(row).execute();
  await appendEvent(tx, {
    type: 'priority_policy.set',
    subject: { type: 'priority_policy', id: String(row.version) },
    stage: 'prioritization',
    data: { version: row.version, previous: previous.policy, policy, note: row.note },
  });
  return presentPolicy({ ...row, policy }, starvationBoundDays(policy as PriorityPolicy));
}
