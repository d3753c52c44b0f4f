export interface ShipmentsTable {
  id: string;
  number: string;
  order_id: string;
  customer_id: string;
  warehouse_id: string;
  status: string;
  carrier: string | null;
  tracking_number: string | null;
  packages: number | null;
  shipped_at: Date | null;
  delivered_on: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

export interface ShipmentLinesTable {
  id: string;
  shipment_id: string;
  order_line_id: string;
  product_id: string;
  quantity: number;
}

export interface FulfillmentTables {
  shipments: ShipmentsTable;
  shipment_lines: ShipmentLinesTable;
}
