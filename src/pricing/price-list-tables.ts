export interface PriceListsTable {
  id: string;
  name: string;
  currency: string;
  tiers: string[];
  valid_from: string;
  valid_to: string | null;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface PriceListCustomersTable {
  price_list_id: string;
  customer_id: string;
}

export interface PriceListItemsTable {
  id: string;
  price_list_id: string;
  product_id: string;
  min_quantity: number;
  unit_price_amount: number;
}

export interface PriceListTables {
  price_lists: PriceListsTable;
  price_list_customers: PriceListCustomersTable;
  price_list_items: PriceListItemsTable;
}
