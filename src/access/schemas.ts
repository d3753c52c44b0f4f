import { z } from 'zod';
import { idPattern } from '../core/ids';
import { DEPARTMENTS, STAFF_ROLES } from './roles';
import type { ApiKeysTable, UsersTable } from './tables';

export const customerIdField = z.string().regex(idPattern('customer'), 'Expected a customer id (cus_…).');
const roleField = z.enum([...STAFF_ROLES, 'customer']);

/** With `customer_id` the key or user is that customer's (role `customer`); otherwise a staff role is needed. */
function customerOrStaffRole<T extends { role?: string | undefined; customer_id?: string | undefined }>(value: T, ctx: z.RefinementCtx) {
  if (value.customer_id !== undefined && value.role !== undefined && value.role !== 'customer') {
    ctx.addIssue({ code: 'custom', path: ['role'], message: 'With customer_id the role is "customer"; omit role or send "customer".' });
  }
  if (value.customer_id === undefined && (value.role === undefined || value.role === 'customer')) {
    ctx.addIssue({ code: 'custom', path: ['role'], message: `Give a staff role (admin, ${DEPARTMENTS.join(', ')}) or a customer_id.` });
  }
}

export const CreateApiKeyBody = z
  .strictObject({ name: z.string().trim().min(1).max(100), role: roleField.optional(), customer_id: customerIdField.optional() })
  .superRefine(customerOrStaffRole);

export const ApiKey = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  customer_id: z.string().nullable(),
  hint: z.string(),
  created_at: z.string(),
  revoked_at: z.string().nullable(),
});
export const NewApiKey = ApiKey.extend({ secret: z.string().describe('Shown once; store it now.') });

export function presentApiKey(row: Pick<ApiKeysTable, 'id' | 'name' | 'role' | 'customer_id' | 'secret_hint' | 'created_at' | 'revoked_at'>) {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    customer_id: row.customer_id,
    hint: row.secret_hint,
    created_at: row.created_at.toISOString(),
    revoked_at: row.revoked_at?.toISOString() ?? null,
  };
}

export const CreateUserBody = z
  .strictObject({
    email: z.email().max(200),
    name: z.string().trim().min(1).max(200),
    password: z.string().min(10, 'Use at least 10 characters.').max(200),
    role: roleField.optional(),
    customer_id: customerIdField.optional(),
  })
  .superRefine(customerOrStaffRole);

export const UpdateUserBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  password: z.string().min(10, 'Use at least 10 characters.').max(200).optional(),
  active: z.boolean().optional(),
});

export const User = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.string(),
  customer_id: z.string().nullable(),
  active: z.boolean(),
  created_at: z.string(),
});

export function presentUser(row: Pick<UsersTable, 'id' | 'email' | 'name' | 'role' | 'customer_id' | 'created_at'> & { active: boolean }) {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    customer_id: row.customer_id,
    active: row.active,
    created_at: row.created_at.toISOString(),
  };
}

export const LoginBody = z.strictObject({ email: z.string().min(1).max(200), password: z.string().min(1).max(200) });

export const Me = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  customer_id: z.string().nullable(),
  kind: z.enum(['user', 'api_key']),
});
