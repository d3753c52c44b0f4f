import type { Department } from '../access/roles';

/** The kinds of hold, and the departments that may place and release each. */
export const HOLD_TYPES = {
  credit: ['finance'],
  payment: ['finance'],
  customer_request: ['csr', 'sales'],
  quality: ['operations', 'warehouse'],
  compliance: ['finance', 'executive'],
  engineering: ['operations'],
} as const satisfies Record<string, readonly Department[]>;

export type HoldType = keyof typeof HOLD_TYPES;
