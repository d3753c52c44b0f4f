import type { Generated } from 'kysely';

export interface EventsTable {
  seq: Generated<number>;
  /** The writing transaction's id (xid8, as text): the feed's order. */
  xid: Generated<string>;
  id: string;
  at: Date;
  type: string;
  subject_type: string;
  subject_id: string;
  order_id: string | null;
  customer_id: string | null;
  stage: number | null;
  department: string | null;
  actor: string;
  request_id: string | null;
  data: unknown;
}

export interface HandoffsTable {
  id: string;
  subject_type: string;
  subject_id: string;
  order_id: string | null;
  customer_id: string | null;
  stage: number;
  department: string;
  status: string;
  owner: string | null;
  note: string | null;
  due_at: Date;
  created_by: string;
  created_at: Date;
  taken_at: Date | null;
  completed_at: Date | null;
  updated_at: Date;
}

export interface CycleTables {
  events: EventsTable;
  handoffs: HandoffsTable;
}
