import { notFound } from '../../core/errors';
import { newId } from '../../core/ids';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { quoteSettings } from '../queries/quote-rules';
import type { QuoteApprovalRulesTable } from '../quote-tables';

type NewRule = Pick<QuoteApprovalRulesTable, 'name' | 'kind' | 'threshold' | 'approver_role'> & { currency?: string | undefined; replaces_rule_id?: string | undefined };

/**
 * A new approval rule: from now on, every quote submitted is checked against it. A rule it replaces is switched
 * off in the same transaction (rules are never edited: approvals name the rule that asked for them).
 */
export async function createApprovalRule(tx: Tx, { replaces_rule_id: replaces, ...input }: NewRule) {
  if (replaces) await setApprovalRuleActive(tx, replaces, false);
  const rule: QuoteApprovalRulesTable = { id: newId('quoteApprovalRule'), ...input, currency: input.currency ?? null, active: true, created_at: tx.now, updated_at: tx.now };
  await tx.db.insertInto('quote_approval_rules').values(rule).execute();
  await appendEvent(tx, { type: 'quote_approval_rule.created', subject: { type: 'quote_approval_rule', id: rule.id }, stage: 'pricing', data: { ...input, ...(replaces ? { replaces_rule_id: replaces } : {}) } });
  return rule;
}

/** Switch a rule on or off; rules are never deleted, so an approval always names the rule that asked for it. */
export async function setApprovalRuleActive(tx: Tx, id: string, active: boolean) {
  const rule = await tx.db.updateTable('quote_approval_rules').set({ active, updated_at: tx.now }).where('id', '=', id).returningAll().executeTakeFirst();
  if (!rule) throw notFound('quote approval rule', id);
  await appendEvent(tx, { type: active ? 'quote_approval_rule.activated' : 'quote_approval_rule.deactivated', subject: { type: 'quote_approval_rule', id }, stage: 'pricing' });
  return rule;
}

/** The response SLA per tier and the default validity of a sent quote. */
export async function updateQuoteSettings(tx: Tx, input: { validity_days?: number | undefined; response_hours?: Record<string, number> | undefined }) {
  if (input.validity_days !== undefined) await tx.db.updateTable('quote_settings').set({ validity_days: input.validity_days }).execute();
  for (const [tier, hours] of Object.entries(input.response_hours ?? {})) {
    await tx.db.updateTable('quote_response_slas').set({ response_hours: hours }).where('tier', '=', tier).execute();
  }
  await appendEvent(tx, { type: 'quote_settings.updated', subject: { type: 'quote_settings', id: 'quote_settings' }, stage: 'pricing', data: { ...input } });
  return quoteSettings(tx);
}
