import { randomBytes } from 'node:crypto';
import { monotonicFactory } from 'ulid';

/** Every id prefix omc hands out; the prefix tells a reader what the id points at. */
export const ID_PREFIXES = {
  apiKey: 'key',
  user: 'usr',
  session: 'ses',
  customer: 'cus',
  contact: 'con',
  address: 'adr',
  event: 'evt',
  handoff: 'hof',
  request: 'req',
  product: 'prd',
  warehouse: 'whs',
  movement: 'mov',
  supply: 'sup',
  order: 'ord',
  orderLine: 'oln',
  reservation: 'rsv',
  expedite: 'exq',
  hold: 'hld',
  priceList: 'prl',
  priceListItem: 'pli',
  workCenter: 'wct',
  bomLine: 'bom',
  routingOperation: 'rop',
  shipment: 'shp',
  shipmentLine: 'shl',
  invoice: 'inv',
  invoiceLine: 'inl',
  creditNote: 'crn',
  creditNoteLine: 'cnl',
  payment: 'pay',
  paymentAllocation: 'pal',
  quote: 'quo',
  workOrder: 'wko',
  workOrderOperation: 'woo',
  workOrderMaterial: 'wom',
  quoteLine: 'qln',
  quoteApproval: 'qap',
  quoteApprovalRule: 'qar',
  campaign: 'cmp',
  lead: 'led',
  opportunity: 'opp',
  customerNote: 'nte',
  scheduleRun: 'sch',
  scheduledOperation: 'sop',
  dispute: 'dsp',
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

/**
 * Cryptographic randomness drawn 4 KiB at a time: the ULID library asks for one number per character, and a
 * system call each time was a measurable share of entering an order.
 */
function bufferedRandom(): () => number {
  let pool = randomBytes(4096);
  let at = 0;
  return () => {
    if (at + 4 > pool.length) {
      pool = randomBytes(4096);
      at = 0;
    }
    const value = pool.readUInt32BE(at) / 2 ** 32;
    at += 4;
    return value;
  };
}

const nextUlid = monotonicFactory(bufferedRandom());

/** A prefixed id that sorts by creation time (ULID, lower case): `cus_01jd…`. */
export function newId(kind: IdKind): string {
  return `${ID_PREFIXES[kind]}_${nextUlid().toLowerCase()}`;
}

const ULID_BODY = '[0-9a-hjkmnp-tv-z]{26}';

/** True when `value` has the shape of an id of this kind (it may still not exist). */
export function isId(kind: IdKind, value: string): boolean {
  return new RegExp(`^${ID_PREFIXES[kind]}_${ULID_BODY}$`).test(value);
}

export function idPattern(kind: IdKind): RegExp {
  return new RegExp(`^${ID_PREFIXES[kind]}_${ULID_BODY}$`);
}
