import { z } from 'zod';
import { roundHalfUp } from '../core/money';
import { Customer, Money } from '../customers/schemas';
import { CAMPAIGN_STATUSES, type CampaignStatus } from './schemas';
import { CHANNELS, type CampaignsTable, type CustomerNotesTable, type LeadsTable, type OpportunitiesTable } from './tables';
import { leadMachine, opportunityMachine, type LeadStatus, type OpportunityStage } from './transitions';

export const Campaign = z.object({
  id: z.string(),
  name: z.string(),
  channel: z.enum(CHANNELS),
  budget: Money,
  starts_on: z.string(),
  ends_on: z.string().nullable(),
  status: z.enum(CAMPAIGN_STATUSES).describe('From the dates and today'),
  created_at: z.string(),
  updated_at: z.string(),
});
export type CampaignView = z.infer<typeof Campaign>;

export function campaignStatus(c: { starts_on: string; ends_on: string | null }, today: string): CampaignStatus {
  if (today < c.starts_on) return 'planned';
  return c.ends_on !== null && today > c.ends_on ? 'ended' : 'active';
}

export function presentCampaign(c: CampaignsTable, today: string): CampaignView {
  const currency = c.currency.trim();
  return {
    id: c.id,
    name: c.name,
    channel: c.channel,
    budget: { amount: c.budget_amount, currency },
    starts_on: c.starts_on,
    ends_on: c.ends_on,
    status: campaignStatus(c, today),
    created_at: c.created_at.toISOString(),
    updated_at: c.updated_at.toISOString(),
  };
}

export const Lead = z.object({
  id: z.string(),
  company: z.string(),
  contact_name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  notes: z.string().nullable(),
  campaign_id: z.string().nullable(),
  owner: z.string().nullable(),
  status: z.enum(leadMachine.states),
  disqualified_reason: z.string().nullable(),
  converted_customer_id: z.string().nullable(),
  converted_opportunity_id: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type LeadView = z.infer<typeof Lead>;

export function presentLead(l: LeadsTable): LeadView {
  return {
    id: l.id,
    company: l.company,
    contact_name: l.contact_name,
    email: l.email,
    phone: l.phone,
    notes: l.notes,
    campaign_id: l.campaign_id,
    owner: l.owner,
    status: l.status as LeadStatus, // written only by the lead machine
    disqualified_reason: l.disqualified_reason,
    converted_customer_id: l.converted_customer_id,
    converted_opportunity_id: l.converted_opportunity_id,
    created_at: l.created_at.toISOString(),
    updated_at: l.updated_at.toISOString(),
  };
}

export const Opportunity = z.object({
  id: z.string(),
  name: z.string(),
  customer_id: z.string().nullable().describe('Null while the opportunity is an unconverted lead’s'),
  lead_id: z.string().nullable().describe('The lead it came from, kept after conversion'),
  campaign_id: z.string().nullable(),
  owner: z.string().nullable(),
  stage: z.enum(opportunityMachine.states),
  probability: z.number().int(),
  expected_value: Money,
  weighted_value: Money.describe('Expected value × probability'),
  expected_close: z.string().nullable(),
  lost_reason: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type OpportunityView = z.infer<typeof Opportunity>;

export function presentOpportunity(o: OpportunitiesTable): OpportunityView {
  const currency = o.currency.trim();
  return {
    id: o.id,
    name: o.name,
    customer_id: o.customer_id,
    lead_id: o.lead_id,
    campaign_id: o.campaign_id,
    owner: o.owner,
    stage: o.stage as OpportunityStage, // written only by the opportunity machine
    probability: o.probability,
    expected_value: { amount: o.expected_value_amount, currency },
    weighted_value: { amount: roundHalfUp((o.expected_value_amount * o.probability) / 100), currency },
    expected_close: o.expected_close,
    lost_reason: o.lost_reason,
    created_at: o.created_at.toISOString(),
    updated_at: o.updated_at.toISOString(),
  };
}

export const Conversion = z.object({ lead: Lead, customer: Customer, opportunity: Opportunity });

export const CustomerNote = z.object({
  id: z.string(),
  customer_id: z.string(),
  body: z.string(),
  department: z.string().nullable().describe("The author's department when writing (null for an admin)"),
  author: z.object({ id: z.string(), name: z.string() }),
  created_at: z.string(),
});

export function presentNote(n: CustomerNotesTable) {
  return {
    id: n.id,
    customer_id: n.customer_id,
    body: n.body,
    department: n.department,
    author: { id: n.author, name: n.author_name },
    created_at: n.created_at.toISOString(),
  };
}

const StageFigures = z.object({ count: z.number().int(), value: Money, weighted_value: Money });
export const Pipeline = z.object({
  data: z.array(
    z.object({
      currency: z.string(),
      stages: z.array(StageFigures.extend({ stage: z.enum(opportunityMachine.states) })).describe('Every stage, in order'),
      open: StageFigures.describe('Prospecting, proposal and negotiation together'),
    }),
  ),
});

export const CampaignPerformance = z.object({
  campaign_id: z.string(),
  budget: Money,
  leads: z.object({ count: z.number().int(), by_status: z.record(z.string(), z.number().int()) }),
  converted_leads: z.number().int(),
  opportunities: z.object({ count: z.number().int(), by_stage: z.record(z.string(), z.number().int()) }),
  quotes: z.object({ count: z.number().int().describe('Quote numbers, not revisions'), accepted: z.number().int() }),
  orders: z.object({ count: z.number().int().describe('Not cancelled') }),
  revenue: Money.describe("Totals of the attributed orders that are not cancelled, in the campaign's currency"),
  revenue_in_other_currencies: z.array(Money).describe('Attributed orders in other currencies (no exchange rates)'),
  cost_per_lead: Money.nullable(),
  cost_per_order: Money.nullable(),
});
