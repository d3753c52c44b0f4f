import { z } from 'zod';
import { idPattern, type IdKind } from '../core/ids';
import { CreateCustomerBody, MoneyInput } from '../customers/schemas';
import { pageQuery } from '../http/pagination';
import { calendarDate } from '../planning/schemas';
import { CHANNELS } from './tables';
import { leadMachine, opportunityMachine } from './transitions';

/** PostgreSQL cannot store U+0000: refuse it as a 400 rather than fail in the database. */
const text = (max: number) =>
  z.string().trim().min(1).max(max).refine((s) => !s.includes('\u0000'), 'Must not contain the NUL character (U+0000).');
const idOf = (kind: IdKind, name: string, prefix: string) => z.string().regex(idPattern(kind), `Expected ${name} id (${prefix}_…).`);

export const campaignId = idOf('campaign', 'a campaign', 'cmp');
export const leadId = idOf('lead', 'a lead', 'led');
export const opportunityId = idOf('opportunity', 'an opportunity', 'opp');
const customerId = idOf('customer', 'a customer', 'cus');
const userId = idOf('user', 'a user', 'usr');
const probability = z.number().int('Use a whole percentage.').min(0).max(100);

export const CAMPAIGN_STATUSES = ['planned', 'active', 'ended'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

// Campaigns

export const CreateCampaignBody = z.strictObject({
  name: text(200),
  channel: z.enum(CHANNELS),
  budget: MoneyInput,
  starts_on: calendarDate,
  ends_on: calendarDate.optional().describe('Leave out for an open-ended campaign'),
});
export const UpdateCampaignBody = z.strictObject({
  name: text(200).optional(),
  channel: z.enum(CHANNELS).optional(),
  budget: MoneyInput.optional(),
  starts_on: calendarDate.optional(),
  ends_on: calendarDate.nullable().optional(),
});
export const CampaignIdParams = z.strictObject({ id: campaignId });
export const ListCampaignsQuery = z.strictObject({
  ...pageQuery,
  starting_after: campaignId.optional().describe('The next_cursor of the previous page'),
  channel: z.enum(CHANNELS).optional(),
  status: z.enum(CAMPAIGN_STATUSES).optional().describe('planned: not started; active: running today; ended: past its end'),
});

// Leads

export const CreateLeadBody = z.strictObject({
  company: text(200),
  contact_name: text(200).optional(),
  email: z.email().max(200).optional(),
  phone: text(50).optional(),
  notes: text(2000).optional(),
  campaign_id: campaignId.optional().describe('The campaign the lead came from'),
  owner: userId.optional().describe('The user working the lead'),
});
/** Any field may change; `null` clears an optional one. */
export const UpdateLeadBody = z.strictObject({
  company: text(200).optional(),
  contact_name: text(200).nullable().optional(),
  email: z.email().max(200).nullable().optional(),
  phone: text(50).nullable().optional(),
  notes: text(2000).nullable().optional(),
  campaign_id: campaignId.nullable().optional(),
  owner: userId.nullable().optional(),
});
export const LeadIdParams = z.strictObject({ id: leadId });
export const LeadStepBody = z.strictObject({ note: text(500).optional() });
export const DisqualifyLeadBody = z.strictObject({ reason: text(500) });
export const ListLeadsQuery = z.strictObject({
  ...pageQuery,
  starting_after: leadId.optional().describe('The next_cursor of the previous page'),
  status: z.enum(leadMachine.states).optional(),
  campaign_id: campaignId.optional(),
  owner: userId.optional(),
});

// Opportunities

const opportunityFields = {
  name: text(200),
  expected_value: MoneyInput,
  expected_close: calendarDate.optional(),
  probability: probability.optional().describe("Default: the stage's (prospecting 10%)"),
  owner: userId.optional(),
};

export const NewOpportunityOfLead = z.strictObject(opportunityFields);

export const CreateOpportunityBody = z
  .strictObject({
    customer_id: customerId.optional(),
    lead_id: leadId.optional(),
    campaign_id: campaignId.optional().describe("Default: the lead's campaign"),
    ...opportunityFields,
  })
  .superRefine((body, ctx) => {
    if ((body.customer_id === undefined) === (body.lead_id === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['customer_id'], message: 'Name either a customer_id or a lead_id (exactly one).' });
    }
  });
export type CreateOpportunityInput = z.infer<typeof CreateOpportunityBody>;

export const UpdateOpportunityBody = z.strictObject({
  name: text(200).optional(),
  expected_value: MoneyInput.optional(),
  expected_close: calendarDate.nullable().optional(),
  probability: probability.optional(),
  campaign_id: campaignId.nullable().optional(),
  owner: userId.nullable().optional(),
});
export type UpdateOpportunityInput = z.infer<typeof UpdateOpportunityBody>;

export const ChangeStageBody = z
  .strictObject({
    stage: z.enum(opportunityMachine.states),
    lost_reason: text(500).optional().describe('Required when the stage is lost'),
    probability: probability.optional().describe("Default: the new stage's"),
  })
  .superRefine((body, ctx) => {
    if (body.stage === 'lost' && !body.lost_reason) ctx.addIssue({ code: 'custom', path: ['lost_reason'], message: 'Say why the opportunity was lost.' });
    if (body.stage !== 'lost' && body.lost_reason) ctx.addIssue({ code: 'custom', path: ['lost_reason'], message: 'Only a lost opportunity has a lost reason.' });
    if ((body.stage === 'won' || body.stage === 'lost') && body.probability !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['probability'], message: 'A won opportunity is 100% and a lost one 0%.' });
    }
  });
export type ChangeStageInput = z.infer<typeof ChangeStageBody>;

export const OpportunityIdParams = z.strictObject({ id: opportunityId });
export const ListOpportunitiesQuery = z.strictObject({
  ...pageQuery,
  starting_after: opportunityId.optional().describe('The next_cursor of the previous page'),
  stage: z.enum(opportunityMachine.states).optional(),
  customer_id: customerId.optional(),
  lead_id: leadId.optional(),
  campaign_id: campaignId.optional(),
  owner: userId.optional(),
});
export const PipelineQuery = z.strictObject({ campaign_id: campaignId.optional(), owner: userId.optional() });

// Converting a lead

export const ConvertLeadBody = z
  .strictObject({
    customer: CreateCustomerBody.optional().describe('A new customer made from the lead'),
    customer_id: customerId.optional().describe('Or an existing customer the lead turned out to be'),
    opportunity: NewOpportunityOfLead.optional().describe("Required unless the lead already has an open opportunity"),
  })
  .superRefine((body, ctx) => {
    if ((body.customer === undefined) === (body.customer_id === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['customer'], message: 'Give either a new customer or an existing customer_id (exactly one).' });
    }
  });
export type ConvertLeadInput = z.infer<typeof ConvertLeadBody>;

// Customer notes

export const NoteBody = z.strictObject({ body: text(4000) });
export const ListNotesQuery = z.strictObject({
  ...pageQuery,
  starting_after: idOf('customerNote', 'a note', 'nte').optional().describe('The next_cursor of the previous page'),
});
