// The database as the app sees it. Migrations never import this file: they are frozen in
// time, while these types follow the latest migration.
import type { ColumnType } from "kysely";

/** 0 or 1: booleans are stored as integers so both engines agree. */
export type Flag = number;

export type Role = "provider" | "panel" | "officer" | "viewer" | "admin";
export const ROLES: readonly Role[] = ["provider", "panel", "officer", "viewer", "admin"];

export interface OrganisationsTable {
  id: string;
  name: string;
  type: "council" | "provider";
  status: "pending" | "approved" | "rejected";
  charity_number: string | null;
  company_number: string | null;
  org_identifier: string | null;
  address: string | null;
  postcode: string | null;
  contact_name: string | null;
  contact_email: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  organisation_id: string | null;
  county_wide: Flag;
  is_active: Flag;
  failed_sign_ins: number;
  locked_until: string | null;
  last_sign_in_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface UserRolesTable {
  user_id: string;
  role: Role;
}

export interface UserDistrictsTable {
  user_id: string;
  district_id: string;
}

export interface DistrictsTable {
  id: string;
  name: string;
  ons_code: string;
  partnership_name: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface FundingStreamsTable {
  id: string;
  name: string;
  description: string;
  is_active: Flag;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface AllocationsTable {
  id: string;
  funding_stream_id: string;
  district_id: string;
  /** The calendar year the financial year starts in: 2025 is 2025-26. */
  financial_year: number;
  amount_pence: number;
  created_at: string;
  updated_at: string;
}

export interface ThemesTable {
  id: string;
  name: string;
  description: string;
  is_active: Flag;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface AuditEventsTable {
  id: string;
  actor_user_id: string | null;
  action: string;
  record_type: string;
  record_id: string;
  before_json: string | null;
  after_json: string | null;
  ip: string | null;
  created_at: string;
}

export type TokenPurpose = "invitation" | "password_reset";

export interface AccountTokensTable {
  id: string;
  user_id: string;
  purpose: TokenPurpose;
  token_hash: string;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export interface SignInAttemptsTable {
  id: string;
  ip: string;
  email: string;
  succeeded: Flag;
  attempted_at: string;
}

export interface Database {
  organisations: OrganisationsTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  user_districts: UserDistrictsTable;
  districts: DistrictsTable;
  funding_streams: FundingStreamsTable;
  allocations: AllocationsTable;
  themes: ThemesTable;
  settings: SettingsTable;
  audit_events: AuditEventsTable;
  account_tokens: AccountTokensTable;
  sign_in_attempts: SignInAttemptsTable;
}

// Kept for later tables whose columns are written by the database.
export type DbDefault<T> = ColumnType<T, T | undefined, T>;
