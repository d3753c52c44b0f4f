import { calendarDate } from '../../core/clock';
import { invalidFields } from '../../core/errors';
import { newId } from '../../core/ids';
import { applyTransition } from '../../cycle/commands/apply-transition';
import type { Tx } from '../../db/transaction';
import { defaultApprovalPolicy, type ApprovalPolicy } from '../policies/quote-approval';
import { quoteMachine } from '../transitions';
import { lockQuote } from './lock-quote';
import { passQuote } from './pass-quote';
import { sendQuote } from './send-quote';
import { assertDrafting } from './update-quote';

/**
 * Sales is done drafting: the approval rules decide. None tripped, the quote goes to the customer; otherwise
 * to the first approver (finance before an executive), each approval naming the rule and the figures.
 */
export async function submitQuote(tx: Tx, id: string, policy: ApprovalPolicy = defaultApprovalPolicy) {
  const quote = await lockQuote(tx, id);
  assertDrafting(quote);
  if (quote.valid_until !== null && quote.valid_until < calendarDate(tx.now)) throw invalidFields({ valid_until: `The quote would be sent already expired (${quote.valid_until}).` });
  const [lines, rules] = await Promise.all([
    tx.db.selectFrom('quote_lines').select('discount_percent').where('quote_id', '=', id).execute(),
    tx.db.selectFrom('quote_approval_rules').selectAll().where('active', '=', true).orderBy('id').execute(),
  ]);
  const required = policy.requiredApprovals(
    { currency: quote.currency.trim(), total: quote.total_amount, cost: quote.cost_amount, maxDiscountPercent: Math.max(0, ...lines.map((l) => l.discount_percent)) },
    rules.map((r) => ({ ...r, currency: r.currency?.trim() ?? null })),
  );
  if (required.length === 0) return sendQuote(tx, quote, 'no approval rule applies');

  await tx.db
    .insertInto('quote_approvals')
    .values(required.map((r) => ({ id: newId('quoteApproval'), quote_id: id, rule_id: r.ruleId, reason: r.reason, approver_role: r.role, status: 'pending' as const, comment: null, decided_by: null, decided_at: null, created_at: tx.now })))
    .execute();
  const holder = required[0]!.role;
  await applyTransition(tx, quoteMachine, { id, to: 'pending_approval', customerId: quote.customer_id, stage: 'pricing', data: { number: quote.number, holder, approvals: required.map((r) => r.reason) } });
  await passQuote(tx, quote, holder, required.filter((r) => r.role === holder).map((r) => r.reason).join('; '));
  return id;
}
