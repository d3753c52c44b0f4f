import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { QuoteApprovalRulesTable } from '../quote-tables';

/** The response SLA per tier and the default validity of a sent quote. */
export async function quoteSettings(tx: { db: Kysely<DB> }) {
  const [settings, slas] = await Promise.all([
    tx.db.selectFrom('quote_settings').select('validity_days').executeTakeFirstOrThrow(),
    tx.db.selectFrom('quote_response_slas').selectAll().execute(),
  ]);
  return {
    validity_days: settings.validity_days,
    response_hours: Object.fromEntries(slas.map((s) => [s.tier, s.response_hours])) as { strategic: number; key: number; standard: number },
  };
}

export function presentRule(rule: QuoteApprovalRulesTable) {
  return { id: rule.id, name: rule.name, kind: rule.kind, threshold: rule.threshold, currency: rule.currency?.trim() ?? null, approver_role: rule.approver_role, active: rule.active };
}

export async function listApprovalRules(db: Kysely<DB>) {
  return (await db.selectFrom('quote_approval_rules').selectAll().orderBy('id').execute()).map(presentRule);
}
