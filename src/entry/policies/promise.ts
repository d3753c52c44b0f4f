/**
 * Available-to-promise as a pure decision: where a line's units come from and the date each part can
 * reach the customer. Data in, decision out; the commands do the locking and writing.
 */
export interface WarehouseTimes {
  id: string;
  code: string;
  handling_days: number;
  transit_days: number;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export interface PromisePolicy {
  /** The order to try warehouses in: the preferred one first, then the fastest to the customer. */
  warehouseOrder(warehouses: WarehouseTimes[], preferredId: string | null): WarehouseTimes[];
  /** When units that are on hand in a warehouse today reach the customer. */
  fromStock(today: string, warehouse: WarehouseTimes): string;
  /** When units of a supply expected on a date reach the customer. */
  fromSupply(today: string, expectedDate: string, warehouse: WarehouseTimes): string;
  /** When units that are neither on hand nor coming reach the customer: made or bought in the lead time. */
  fromLeadTime(today: string, leadTimeDays: number, warehouse: WarehouseTimes | null): string;
}

const shipping = (w: WarehouseTimes) => w.handling_days + w.transit_days;

export const defaultPromisePolicy: PromisePolicy = {
  warehouseOrder(warehouses, preferredId) {
    return [...warehouses].sort(
      (a, b) => Number(b.id === preferredId) - Number(a.id === preferredId) || shipping(a) - shipping(b) || a.code.localeCompare(b.code),
    );
  },
  fromStock: (today, w) => addDays(today, shipping(w)),
  // Supply that is late (expected before today and not yet in) is treated as arriving today.
  fromSupply: (today, expected, w) => addDays(expected > today ? expected : today, shipping(w)),
  fromLeadTime: (today, leadTimeDays, w) => addDays(today, leadTimeDays + (w ? shipping(w) : 0)),
};
