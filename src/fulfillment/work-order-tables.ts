export interface WorkOrdersTable {
  id: string;
  number: string;
  order_id: string;
  order_line_id: string;
  product_id: string;
  quantity: number;
  /** Where the components are taken from and the product is received. */
  warehouse_id: string;
  status: string;
  created_by: string;
  created_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
  updated_at: Date;
}

export interface WorkOrderOperationsTable {
  id: string;
  work_order_id: string;
  sequence: number;
  routing_operation_id: string | null;
  work_center_id: string;
  /** The work center's department: it gets the handoff when the operation's turn comes. */
  department: string;
  description: string;
  /** Setup plus run minutes for the work order's quantity. */
  planned_minutes: number;
  status: string;
  started_at: Date | null;
  completed_at: Date | null;
  completed_by: string | null;
  updated_at: Date;
}

export interface WorkOrderMaterialsTable {
  id: string;
  work_order_id: string;
  component_id: string;
  quantity: number;
  consumed: boolean;
}

export interface WorkOrderTables {
  work_orders: WorkOrdersTable;
  work_order_operations: WorkOrderOperationsTable;
  work_order_materials: WorkOrderMaterialsTable;
}
