// Every action with more than one button dispatches on the button's `intent`: an intent the
// page never sends (or none at all) is refused with 400, and nothing is written.
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { seedDemoData } from "../../demo/seed";
import { action as streamAction } from "~/routes/admin.funding.$streamId";
import { action as upratingAction } from "~/routes/admin.uprating";
import { action as userAction } from "~/routes/admin.users.$userId";
import { action as organisationAction } from "~/routes/organisations.$organisationId";
import { allocationField } from "~/schemas/reference-data";
import { jsonOf, postRequest, run } from "../helpers/requests";

const admin = { id: "user-admin" };
const officer = { id: "user-officer" };

beforeAll(async () => {
  await seedDemoData(getDb());
});

/** What any of these actions could write. */
async function snapshot() {
  const db = getDb();
  const [audit, allocations, streams, rates, users, organisations] = await Promise.all([
    db.selectFrom("audit_events").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    db.selectFrom("allocations").select(["id", "amount_pence"]).orderBy("id").execute(),
    db.selectFrom("funding_streams").select(["id", "name", "version"]).orderBy("id").execute(),
    db.selectFrom("uprating_rates").select(["financial_year", "rate_percent"]).orderBy("financial_year").execute(),
    db.selectFrom("users").select(["id", "name", "is_active", "version"]).orderBy("id").execute(),
    db.selectFrom("organisations").select(["id", "status", "version"]).orderBy("id").execute(),
  ]);
  return { audit: Number(audit.n), allocations, streams, rates, users, organisations };
}

const cases: { page: string; action: Parameters<typeof run>[0]; user: { id: string }; fields: Record<string, string>; params?: Record<string, string> }[] = [
  {
    page: "/admin/funding/stream-pump-priming",
    action: streamAction,
    user: admin,
    params: { streamId: "stream-pump-priming" },
    fields: { version: "1", name: "Renamed", description: "", is_active: "yes", year: "2026", snapshot: "", [allocationField("district-chorley")]: "1" },
  },
  { page: "/admin/uprating", action: upratingAction, user: admin, fields: { financial_year: "2020-21", rate_percent: "3" } },
  {
    page: "/admin/users/user-viewer",
    action: userAction,
    user: admin,
    params: { userId: "user-viewer" },
    fields: { version: "1", name: "Renamed", "roles[]": "viewer", organisationId: "", countyWide: "no" },
  },
  {
    page: "/organisations/org-ribble-carers",
    action: organisationAction,
    user: officer,
    params: { organisationId: "org-ribble-carers" },
    fields: { version: "1", reason: "Not known to us" },
  },
];

describe("an intent the page does not send", () => {
  for (const c of cases) {
    it(`is refused with 400 by ${c.page}, which changes nothing`, async () => {
      const before = await snapshot();
      for (const intent of [{ intent: "delete" }, {}] as Record<string, string>[]) {
        const response = await run(c.action, await postRequest(c.page, { ...c.fields, ...intent }, c.user), c.params);
        expect(response.status, JSON.stringify(intent)).toBe(400);
        const body = await jsonOf(response);
        expect(body.formError).toMatch(/could not be sent as it was/);
        expect(body.values.name ?? body.values.financial_year ?? body.values.reason).toBeTruthy();
      }
      expect(await snapshot()).toEqual(before);
    });
  }
});
