import type { Generated } from 'kysely';

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  role: string;
  customer_id: string | null;
  password_hash: string;
  active: Generated<boolean>;
  created_at: Date;
  updated_at: Date;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
}

export interface ApiKeysTable {
  id: string;
  name: string;
  role: string;
  customer_id: string | null;
  secret_hash: string;
  secret_hint: string;
  created_by: string;
  created_at: Date;
  revoked_at: Date | null;
}

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  request_hash: string;
  status_code: number;
  response_body: unknown;
  created_at: Date;
}

export interface AccessTables {
  users: UsersTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  idempotency_keys: IdempotencyKeysTable;
}
