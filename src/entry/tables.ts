export interface OrdersTable {
  id: string;
  number: string;
  customer_id: string;
  status: string;
  currency: string;
  total_amount: number;
  /** Standard cost of the goods when entered; null when a product has none. */
  cost_amount: number | null;
  requested_date: string | null;
  promised_date: string | null;
  channel: string;
  external_ref: string | null;
  ship_to_address_id: string | null;
  notes: string | null;
  /** Attribution (order generation): the opportunity and campaign the order came from. */
  opportunity_id?: string | null;
  campaign_id?: string | null;
  /** The accepted quote the order came from. */
  quote_id?: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

export interface OrderLinesTable {
  id: string;
  order_id: string;
  line_no: number;
  product_id: string;
  quantity: number;
  unit_price_amount: number;
  total_amount: number;
  /** `list_price`, `price_list` (then `price_list_id` says which) or `manual` (set by pricing or a CSR). */
  price_source: string;
  price_list_id: string | null;
  reserved_quantity: number;
  backordered_quantity: number;
  promised_date: string | null;
  /** `removed` by an order edit; kept for the history. */
  status: 'open' | 'removed';
}

export type PromiseSource = 'stock' | 'supply' | 'lead_time';

export interface ReservationsTable {
  id: string;
  order_id: string;
  order_line_id: string;
  product_id: string;
  source: PromiseSource;
  warehouse_id: string | null;
  supply_id: string | null;
  quantity: number;
  promised_date: string;
  reason: string;
  status: 'active' | 'released' | 'converted' | 'shipped';
  created_at: Date;
  ended_at: Date | null;
}

export interface EntryTables {
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  reservations: ReservationsTable;
}
