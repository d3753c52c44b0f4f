export const CHANNELS = ['email', 'web', 'event', 'trade_show', 'referral', 'partner', 'paid_search', 'social', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface CampaignsTable {
  id: string;
  name: string;
  channel: Channel;
  budget_amount: number;
  currency: string;
  starts_on: string;
  ends_on: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

export interface LeadsTable {
  id: string;
  campaign_id: string | null;
  company: string;
  contact_name: string | null;
  email: string | null;
  phone: string | null;
  notes: string | null;
  status: string;
  disqualified_reason: string | null;
  owner: string | null;
  converted_customer_id: string | null;
  converted_opportunity_id: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

export interface OpportunitiesTable {
  id: string;
  /** Exactly one of customer_id and lead_id: a lead's opportunity moves to its customer on conversion. */
  customer_id: string | null;
  lead_id: string | null;
  campaign_id: string | null;
  name: string;
  expected_value_amount: number;
  currency: string;
  probability: number;
  stage: string;
  expected_close: string | null;
  lost_reason: string | null;
  owner: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

export interface CustomerNotesTable {
  id: string;
  customer_id: string;
  body: string;
  /** The author's department when the note was written (null for admins). */
  department: string | null;
  author: string;
  author_name: string;
  created_at: Date;
}

export interface GenerationTables {
  campaigns: CampaignsTable;
  leads: LeadsTable;
  opportunities: OpportunitiesTable;
  customer_notes: CustomerNotesTable;
}
