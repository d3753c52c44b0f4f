import { addHours } from '../../../core/clock';

/**
 * How long finance has to answer a dispute, by the customer's tier: a policy a company sets, here as data.
 * Hours on the clock (not business hours), counted from when the dispute is opened.
 */
export interface DisputeSlaPolicy {
  respondBy(openedAt: Date, tier: string): Date;
}

export const DISPUTE_SLA_HOURS: Record<string, number> = { strategic: 24, key: 48, standard: 72 };

export const defaultDisputeSla: DisputeSlaPolicy = {
  respondBy: (openedAt, tier) => addHours(openedAt, DISPUTE_SLA_HOURS[tier] ?? DISPUTE_SLA_HOURS.standard!),
};
