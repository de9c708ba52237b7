// Single sign-on with the council's identity provider (OpenID Connect): the account's subject
// at the provider ("issuer sub"), written at its first sign-in there, after which only that
// council account signs in as it. See app/models/accounts/single-sign-on.server.ts.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").addColumn("oidc_subject", "text").execute();
  await db.schema.createIndex("users_oidc_subject_key").unique().on("users").column("oidc_subject").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("users_oidc_subject_key").execute();
  await db.schema.alterTable("users").dropColumn("oidc_subject").execute();
}
