import type { Department } from '../access/roles';

export interface Stage {
  number: number;
  key: string;
  name: string;
  /** The departments that own work in this stage by default; the first one receives handoffs. */
  departments: readonly Department[];
  /** How long work may wait in this stage before it is a dropped ball. */
  slaHours: number;
}

/** The ten stages of the order management cycle, in order. */
export const STAGES = [
  { number: 1, key: 'planning', name: 'Order planning', departments: ['sales', 'operations'], slaHours: 120 },
  { number: 2, key: 'generation', name: 'Order generation', departments: ['sales', 'marketing'], slaHours: 72 },
  { number: 3, key: 'pricing', name: 'Cost estimation & pricing', departments: ['pricing', 'sales', 'finance'], slaHours: 48 },
  { number: 4, key: 'entry', name: 'Order receipt & entry', departments: ['csr'], slaHours: 4 },
  { number: 5, key: 'prioritization', name: 'Selection & prioritization', departments: ['csr', 'executive'], slaHours: 8 },
  { number: 6, key: 'scheduling', name: 'Scheduling', departments: ['operations'], slaHours: 24 },
  { number: 7, key: 'fulfillment', name: 'Fulfillment', departments: ['warehouse', 'operations'], slaHours: 48 },
  { number: 8, key: 'billing', name: 'Billing', departments: ['finance'], slaHours: 24 },
  { number: 9, key: 'returns', name: 'Returns & claims', departments: ['csr', 'operations'], slaHours: 72 },
  { number: 10, key: 'service', name: 'Postsales service', departments: ['service'], slaHours: 72 },
] as const satisfies readonly Stage[];

export type StageKey = (typeof STAGES)[number]['key'];

export function stage(key: StageKey): Stage {
  return STAGES.find((s) => s.key === key)!;
}

export function stageByNumber(n: number): Stage | undefined {
  return STAGES.find((s) => s.number === n);
}
