/**
 * Which approvals a quote needs before it may be sent: every active rule it trips, each naming the role that
 * must approve. Pure: the quote's figures and the rules in, the approvals out, each with the figures that
 * tripped it so the approver sees why.
 */
export interface ApprovalRule {
  id: string;
  name: string;
  kind: 'margin_below_percent' | 'discount_above_percent' | 'total_above';
  /** A percent for margin and discount; minor units of `currency` for total. */
  threshold: number;
  currency: string | null;
  approver_role: 'finance' | 'executive';
}

export interface QuoteFigures {
  currency: string;
  total: number;
  /** Null when some line has no cost in the quote's currency. */
  cost: number | null;
  /** The largest line discount, in percent, off the price the customer would otherwise pay. */
  maxDiscountPercent: number;
}

export interface RequiredApproval {
  ruleId: string;
  role: 'finance' | 'executive';
  reason: string;
}

export interface ApprovalPolicy {
  requiredApprovals(quote: QuoteFigures, rules: ApprovalRule[]): RequiredApproval[];
}

/** Margin as a percent of the total, to two decimals; null when unknown or the total is zero. */
export function marginPercent(total: number, cost: number | null): number | null {
  if (cost === null || total === 0) return null;
  return Math.round(((total - cost) / total) * 10_000) / 100;
}

const percent = (x: number) => `${x.toFixed(2).replace(/\.00$/, '')} %`;

export const defaultApprovalPolicy: ApprovalPolicy = {
  requiredApprovals(quote, rules) {
    const margin = marginPercent(quote.total, quote.cost);
    const tripped = rules.flatMap((rule): RequiredApproval[] => {
      const need = (reason: string) => [{ ruleId: rule.id, role: rule.approver_role, reason: `${rule.name}: ${reason}` }];
      switch (rule.kind) {
        case 'margin_below_percent':
          // A margin nobody can compute is not a margin anyone has checked.
          if (margin === null) return quote.total > 0 ? need('the margin is unknown (a line has no cost in the quote currency)') : [];
          return margin < rule.threshold ? need(`margin ${percent(margin)} is below ${percent(rule.threshold)}`) : [];
        case 'discount_above_percent':
          return quote.maxDiscountPercent > rule.threshold ? need(`a discount of ${percent(quote.maxDiscountPercent)} is above ${percent(rule.threshold)}`) : [];
        case 'total_above':
          return rule.currency === quote.currency && quote.total > rule.threshold ? need(`the total ${quote.total} exceeds ${rule.threshold} (minor units of ${quote.currency})`) : [];
      }
    });
    // Finance looks first, then an executive: one holder at a time, so the quote clock has one answer.
    return tripped.sort((a, b) => (a.role === b.role ? 0 : a.role === 'finance' ? -1 : 1));
  },
};
