// Foundation tables: organisations, people and roles, districts and money, settings,
// audit, and the tokens behind invitations and password resets.
// Portable on SQLite and PostgreSQL: text ids made in the app, integer pence, ISO text
// timestamps, 0/1 flags.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("organisations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("charity_number", "text")
    .addColumn("company_number", "text")
    .addColumn("org_identifier", "text", (c) => c.unique())
    .addColumn("address", "text")
    .addColumn("postcode", "text")
    .addColumn("contact_name", "text")
    .addColumn("contact_email", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex("organisations_status_idx").on("organisations").columns(["status", "name"]).execute();

  await db.schema
    .createTable("districts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("ons_code", "text", (c) => c.notNull().unique())
    .addColumn("partnership_name", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable("users")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("password_hash", "text")
    .addColumn("organisation_id", "text", (c) => c.references("organisations.id"))
    .addColumn("county_wide", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("is_active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("failed_sign_ins", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("locked_until", "text")
    .addColumn("last_sign_in_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex("users_organisation_idx").on("users").column("organisation_id").execute();

  await db.schema
    .createTable("user_roles")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("user_roles_pk", ["user_id", "role"])
    .execute();
  await db.schema.createIndex("user_roles_role_idx").on("user_roles").columns(["role", "user_id"]).execute();

  await db.schema
    .createTable("user_districts")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("district_id", "text", (c) => c.notNull().references("districts.id"))
    .addPrimaryKeyConstraint("user_districts_pk", ["user_id", "district_id"])
    .execute();
  await db.schema.createIndex("user_districts_district_idx").on("user_districts").column("district_id").execute();

  await db.schema
    .createTable("funding_streams")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("is_active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable("allocations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("funding_stream_id", "text", (c) => c.notNull().references("funding_streams.id"))
    .addColumn("district_id", "text", (c) => c.notNull().references("districts.id"))
    .addColumn("financial_year", "integer", (c) => c.notNull())
    .addColumn("amount_pence", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("allocations_stream_district_year_uq", ["funding_stream_id", "district_id", "financial_year"])
    .execute();
  await db.schema.createIndex("allocations_district_year_idx").on("allocations").columns(["district_id", "financial_year"]).execute();

  await db.schema
    .createTable("themes")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("is_active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable("settings")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("audit_events")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("actor_user_id", "text")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("record_type", "text", (c) => c.notNull())
    .addColumn("record_id", "text", (c) => c.notNull())
    .addColumn("before_json", "text")
    .addColumn("after_json", "text")
    .addColumn("ip", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("audit_events_record_idx").on("audit_events").columns(["record_type", "record_id", "created_at"]).execute();
  await db.schema.createIndex("audit_events_created_idx").on("audit_events").column("created_at").execute();
  await db.schema.createIndex("audit_events_actor_idx").on("audit_events").columns(["actor_user_id", "created_at"]).execute();

  await db.schema
    .createTable("account_tokens")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("purpose", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("account_tokens_user_idx").on("account_tokens").columns(["user_id", "purpose"]).execute();

  await db.schema
    .createTable("sign_in_attempts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("ip", "text", (c) => c.notNull())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("succeeded", "integer", (c) => c.notNull())
    .addColumn("attempted_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sign_in_attempts_ip_idx").on("sign_in_attempts").columns(["ip", "attempted_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "sign_in_attempts",
    "account_tokens",
    "audit_events",
    "settings",
    "themes",
    "allocations",
    "funding_streams",
    "user_districts",
    "user_roles",
    "users",
    "districts",
    "organisations",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
