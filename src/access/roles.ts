/** The departments of a manufacturer or distributor that work on an order. */
export const DEPARTMENTS = [
  'sales',
  'marketing',
  'pricing',
  'csr',
  'operations',
  'warehouse',
  'finance',
  'service',
  'executive',
] as const;
export type Department = (typeof DEPARTMENTS)[number];

/** A staff role is `admin` or a department; `customer` is a customer's own account or key. */
export const STAFF_ROLES = ['admin', ...DEPARTMENTS] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export type Role = StaffRole | 'customer';

export function isDepartment(value: string): value is Department {
  return (DEPARTMENTS as readonly string[]).includes(value);
}

/** Who is acting: carried into every command and written on every event. */
export interface Actor {
  /** `usr_…`, `key_…`, or `system` */
  id: string;
  role: Role | 'system' | 'anonymous';
  /** Set for customer actors: the only customer whose data they may see. */
  customerId: string | null;
  /** How the actor shows on a timeline. */
  name: string;
}

export const SYSTEM_ACTOR: Actor = { id: 'system', role: 'system', customerId: null, name: 'omc' };

/** The department an actor works for, when it is one (admins and customers have none). */
export function departmentOf(actor: Actor): Department | null {
  return isDepartment(actor.role) ? actor.role : null;
}

/** The caller of a public route such as log-in, before we know who they are. */
export const ANONYMOUS: Actor = { id: 'anonymous', role: 'anonymous', customerId: null, name: 'anonymous' };
