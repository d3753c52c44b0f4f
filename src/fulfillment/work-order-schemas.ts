import { z } from 'zod';
import { DEPARTMENTS } from '../access/roles';
import { idPattern } from '../core/ids';
import { pageQuery } from '../http/pagination';
import { workOrderMachine } from './transitions';

export const WorkOrderIdParams = z.strictObject({ id: z.string().regex(idPattern('workOrder'), 'Expected a work order id (wko_…).') });
export const OperationParams = WorkOrderIdParams.extend({ sequence: z.coerce.number().int().min(0).max(1_000_000) });
export const OperationBody = z.strictObject({ note: z.string().trim().min(1).max(500).optional() }).optional();
export const CancelWorkOrderBody = z.strictObject({ reason: z.string().trim().min(1, 'Say why.').max(500) });

const statuses = workOrderMachine.states as unknown as [string, ...string[]];
export const ListWorkOrdersQuery = z.strictObject({
  ...pageQuery,
  status: z.enum(statuses).optional(),
  order_id: z.string().regex(idPattern('order'), 'Expected an order id (ord_…).').optional(),
  department: z.enum(DEPARTMENTS).optional().describe("Work orders whose next operation is this department's"),
});

export const WorkOrder = z.object({
  id: z.string(),
  number: z.string(),
  status: z.string(),
  order_id: z.string(),
  order_number: z.string(),
  order_line_id: z.string(),
  product_id: z.string(),
  sku: z.string(),
  quantity: z.number().int(),
  warehouse_id: z.string().describe('Components are taken from here and the product is received here'),
  current_department: z.string().nullable().describe('The department whose operation is next (null when done)'),
  operations: z.array(
    z.object({
      id: z.string(),
      sequence: z.number().int(),
      work_center_id: z.string(),
      work_center_code: z.string(),
      department: z.string(),
      description: z.string(),
      planned_minutes: z.number().int(),
      status: z.string(),
      scheduled_start: z.string().nullable().describe('From the committed schedule, when there is one'),
      scheduled_end: z.string().nullable(),
      started_at: z.string().nullable(),
      completed_at: z.string().nullable(),
    }),
  ),
  materials: z.array(
    z.object({
      component_id: z.string(),
      sku: z.string(),
      quantity: z.number().int(),
      consumed: z.boolean(),
      available: z.number().int().describe('Free (on hand less reserved) in the warehouse now'),
      short: z.number().int().describe('What the last operation would lack if it finished now'),
    }),
  ),
  created_at: z.string(),
  started_at: z.string().nullable(),
  completed_at: z.string().nullable(),
});
export type WorkOrderView = z.infer<typeof WorkOrder>;
