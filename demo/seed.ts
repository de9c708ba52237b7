// Deterministic demo data: Lancashire's Early Support and Intervention programme as a
// newcomer should first see it. Fixed ids and years so tests and screenshots agree.
import type { Db } from "../db/client";
import { hashPassword } from "../app/services/passwords.server";
import { DEMO_ACCOUNTS, DEMO_ADMIN_TOTP_SECRET, DEMO_DISTRICTS, DEMO_PASSWORD, DEMO_YEAR } from "./constants";
import { seedDemoContext } from "./context";
import { seedDemoProfiles } from "./profiles";
import { seedDemoReturns } from "./returns";
import { seedDemoTenders } from "./tenders";
import { seedUnitCosts } from "./unit-costs";

const SEEDED_AT = "2026-04-01T09:00:00.000Z";

const THEMES = [
  ["School ready", "Children ready to start and thrive at school"],
  ["Work ready", "Young people ready for education, employment or training"],
  ["Family ready", "Young people ready for healthy relationships and parenthood"],
  ["Domestic abuse", "Prevention and early support for families affected by domestic abuse"],
  ["Mental health", "Emotional wellbeing and mental health of children and parents"],
  ["Substance misuse", "Drug and alcohol misuse in families"],
  ["Parenting", "Parenting skills and confidence"],
  ["Worklessness", "Parents out of work"],
  ["Offending", "Youth offending and anti-social behaviour"],
  ["School attendance", "Persistent absence and exclusion"],
  ["Exploitation", "Child sexual and criminal exploitation"],
] as const;

const ORGANISATIONS = [
  {
    id: "org-lancashire", name: "Lancashire County Council", type: "council", status: "approved",
    charity_number: null, company_number: null, org_identifier: "GB-LAE-LAN",
    address: "County Hall, Fishergate, Preston", postcode: "PR1 8XJ", contact_name: "ESI Strategic Lead", contact_email: "esi@demo.example",
  },
  {
    id: "org-red-rose", name: "Red Rose Family Support", type: "provider", status: "approved",
    charity_number: "1123456", company_number: null, org_identifier: "GB-CHC-1123456",
    address: "12 Market Street, Chorley", postcode: "PR7 1DE", contact_name: "Pat Provider", contact_email: "provider@demo.example",
  },
  {
    id: "org-pennine-youth", name: "Pennine Youth Partnership CIC", type: "provider", status: "approved",
    charity_number: null, company_number: "08123456", org_identifier: "GB-COH-08123456",
    address: "Unit 4, Canal Mill, Burnley", postcode: "BB11 1JG", contact_name: "Sam Okafor", contact_email: "sam@pennine-youth.demo.example",
  },
  {
    id: "org-fylde-parenting", name: "Fylde Coast Parenting Trust", type: "provider", status: "approved",
    charity_number: "1098765", company_number: "04567890", org_identifier: "GB-CHC-1098765",
    address: "The Old School, Lytham", postcode: "FY8 5LB", contact_name: "Jo Marsden", contact_email: "jo@fylde-parenting.demo.example",
  },
  {
    id: "org-ribble-carers", name: "Ribble Valley Young Carers", type: "provider", status: "pending",
    charity_number: "1187654", company_number: null, org_identifier: "GB-CHC-1187654",
    address: "Church Street, Clitheroe", postcode: "BB7 2DD", contact_name: "Kim Hargreaves", contact_email: "kim@ribble-carers.demo.example",
  },
] as const;

export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom("users").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}

/**
 * The demo data. Route tests take the people, districts and money only (they make the
 * tenders they need); the demo and the browser tests take the tenders too.
 */
export async function seedDemoData(db: Db, options: { withTenders?: boolean } = {}): Promise<void> {
  if (process.env.NODE_ENV === "production") {
    throw new Error("Refusing to seed demo data when NODE_ENV=production.");
  }
  const at = { created_at: SEEDED_AT, updated_at: SEEDED_AT };
  const hashes = await Promise.all(DEMO_ACCOUNTS.map(() => hashPassword(DEMO_PASSWORD)));

  await db.transaction().execute(async (trx) => {
    const settings: Record<string, string> = {
      council_name: "Lancashire County Council",
      programme_name: "Early Support and Intervention",
      support_email: "esi@demo.example",
    };
    await trx.insertInto("settings").values(Object.entries(settings).map(([key, value]) => ({ key, value, updated_at: SEEDED_AT }))).execute();

    await trx.insertInto("districts").values(
      DEMO_DISTRICTS.map(([slug, name, ons]) => ({
        id: `district-${slug}`, name, ons_code: ons, partnership_name: `${name} Local Children's Trust Partnership`, ...at, version: 1,
      })),
    ).execute();

    await trx.insertInto("themes").values(
      THEMES.map(([name, description]) => ({
        id: `theme-${name.toLowerCase().replace(/[^a-z]+/g, "-")}`, name, description, is_active: 1, ...at, version: 1,
      })),
    ).execute();

    await trx.insertInto("funding_streams").values([
      { id: "stream-pump-priming", name: "Pump priming", description: "One-off £50,000 per district to start the programme", is_active: 1, ...at, version: 1 },
      { id: "stream-schools-forum", name: "Schools Forum ESI", description: "£80,000 per district per year from the Schools Forum", is_active: 1, ...at, version: 1 },
    ]).execute();

    const allocations = DEMO_DISTRICTS.flatMap(([slug]) => [
      { stream: "stream-pump-priming", slug, year: DEMO_YEAR - 1, pence: 5_000_000 },
      { stream: "stream-schools-forum", slug, year: DEMO_YEAR - 1, pence: 8_000_000 },
      { stream: "stream-schools-forum", slug, year: DEMO_YEAR, pence: 8_000_000 },
    ]);
    await trx.insertInto("allocations").values(
      allocations.map((a) => ({
        id: `alloc-${a.stream.replace("stream-", "")}-${a.slug}-${a.year}`,
        funding_stream_id: a.stream, district_id: `district-${a.slug}`, financial_year: a.year, amount_pence: a.pence, ...at,
      })),
    ).execute();

    await trx.insertInto("organisations").values(ORGANISATIONS.map((o) => ({ ...o, ...at, version: 1 }))).execute();

    await trx.insertInto("users").values(
      DEMO_ACCOUNTS.map((a, i) => ({
        id: `user-${a.email.split("@")[0].replace(/\./g, "-")}`,
        email: a.email,
        name: a.name,
        password_hash: hashes[i],
        organisation_id: a.roles.includes("provider") ? "org-red-rose" : null,
        county_wide: a.email === "officer@demo.example" ? 1 : 0,
        is_active: 1, failed_sign_ins: 0, locked_until: null, last_sign_in_at: null, ...at, version: 1,
        ...(a.roles.includes("admin") ? { totp_secret: DEMO_ADMIN_TOTP_SECRET, totp_enabled_at: at.created_at } : {}),
      })),
    ).execute();
    await trx.insertInto("user_roles").values(
      DEMO_ACCOUNTS.flatMap((a) => a.roles.map((role) => ({ user_id: `user-${a.email.split("@")[0].replace(/\./g, "-")}`, role }))),
    ).execute();
    await trx.insertInto("user_districts").values([{ user_id: "user-chorley-officer", district_id: "district-chorley" }]).execute();

    // Unit costs are reference data every council starts from, so route tests get them too.
    await seedUnitCosts(trx);

    if (options.withTenders) {
      await seedDemoTenders(trx);
      await seedDemoReturns(trx);
      // Populated district profiles: projects with past returns in every district, and the
      // districts' context indicators over the last eight quarters.
      await seedDemoProfiles(trx);
      await seedDemoContext(trx);
    }
  });
}
