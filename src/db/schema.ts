import type { AccessTables } from '../access/tables';
import type { BillingTables } from '../billing/tables';
import type { DisputeTables } from '../billing/disputes/tables';
import type { CustomerTables } from '../customers/tables';
import type { CycleTables } from '../cycle/tables';
import type { EntryTables } from '../entry/tables';
import type { FulfillmentTables } from '../fulfillment/tables';
import type { WorkOrderTables } from '../fulfillment/work-order-tables';
import type { GenerationTables } from '../generation/tables';
import type { ManufacturingTables } from '../planning/manufacturing-tables';
import type { PlanningTables } from '../planning/tables';
import type { PrioritizationTables } from '../prioritization/tables';
import type { PriceListTables } from '../pricing/price-list-tables';
import type { QuoteTables } from '../pricing/quote-tables';
import type { SchedulingTables } from '../scheduling/tables';

/** The whole database as Kysely sees it: each module declares its own tables beside its code. */
export interface DB extends AccessTables, CustomerTables, CycleTables, PlanningTables, ManufacturingTables, EntryTables, PrioritizationTables, PriceListTables, QuoteTables, FulfillmentTables, WorkOrderTables, GenerationTables, BillingTables, DisputeTables, SchedulingTables {
  schema_migrations: { version: number; name: string; applied_at: Date };
}
