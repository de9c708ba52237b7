import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { seedDemoData } from "../../demo/seed";
import { loader as listLoader } from "~/routes/admin.users._index";
import { action as inviteAction, loader as inviteLoader } from "~/routes/admin.users.new";
import { action as userAction, loader as userLoader } from "~/routes/admin.users.$userId";
import { loader as homeLoader } from "~/routes/_index";
import { CANNOT_DEACTIVATE_SELF, CANNOT_REMOVE_OWN_ADMIN, NOT_INVITED, USER_MESSAGES } from "~/schemas/users";
import { checkAccountToken } from "~/services/tokens.server";
import { BASE, context, createTestUser, getRequest, jsonOf, postRequest, run, sessionCookie, flashedMessage } from "../helpers/requests";
import { startSmtpServer, type TestSmtp } from "../helpers/smtp";
import { StaleEditError } from "~/models/errors";

const admin = { id: "user-admin" };
const DEMO_NAMES = ["Alex Admin", "Chris Chorley", "Olivia Officer", "Pat Provider", "Priya Panel", "Vic Viewer"];

const db = () => getDb();

async function userCount(): Promise<number> {
  const row = await db().selectFrom("users").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function auditFor(recordId: string) {
  return db()
    .selectFrom("audit_events")
    .select(["action", "actor_user_id", "ip", "before_json", "after_json"])
    .where("record_id", "=", recordId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

async function rolesOf(userId: string): Promise<string[]> {
  const rows = await db().selectFrom("user_roles").select("role").where("user_id", "=", userId).execute();
  return rows.map((r) => r.role).sort();
}

async function districtsOf(userId: string): Promise<string[]> {
  const rows = await db().selectFrom("user_districts").select("district_id").where("user_id", "=", userId).execute();
  return rows.map((r) => r.district_id).sort();
}

async function flashOf(response: Response): Promise<unknown> {
  return flashedMessage(response);
}

/** The token from the link in an invitation e-mail. */
function tokenFrom(text: string): string {
  const match = /\/accept-invitation\/([A-Za-z0-9_-]+)/.exec(text);
  if (!match) throw new Error(`No invitation link in: ${text}`);
  return match[1];
}

let smtp: TestSmtp | undefined;

async function withSmtp(): Promise<TestSmtp> {
  smtp = await startSmtpServer();
  process.env.SMTP_URL = smtp.url;
  return smtp;
}

afterEach(async () => {
  delete process.env.SMTP_URL;
  await smtp?.close();
  smtp = undefined;
});

beforeAll(async () => {
  await seedDemoData(getDb());
  // One real sign-in time, to see it shown the way GOV.UK writes dates (UK summer time).
  await getDb().updateTable("users").set({ last_sign_in_at: "2026-05-03T09:42:00.000Z" }).where("id", "=", "user-viewer").execute();
});

describe("the list of users", () => {
  it("shows the demo users with their organisation, roles, status and last sign-in, sorted by name", async () => {
    const response = await run(listLoader, await getRequest("/admin/users", admin));
    expect(response.status).toBe(200);
    const data = await jsonOf(response);
    expect(data.page).toEqual({ page: 1, pageCount: 1, total: 6 });
    expect(data.users.map((u: { name: string }) => u.name)).toEqual(DEMO_NAMES);
    const pat = data.users.find((u: { name: string }) => u.name === "Pat Provider");
    expect(pat).toMatchObject({
      id: "user-provider",
      email: "provider@demo.example",
      organisationName: "Red Rose Family Support",
      roles: ["provider"],
      roleLabels: ["Provider"],
      status: "active",
      statusLabel: "Active",
      lastSignIn: "",
    });
    const vic = data.users.find((u: { name: string }) => u.name === "Vic Viewer");
    expect(vic.lastSignIn).toBe("3 May 2026, 10:42am");
    expect(vic.organisationName).toBeNull();
  });

  it("sorts by a column in either direction", async () => {
    const byEmail = await jsonOf(await run(listLoader, await getRequest("/admin/users?sort=email&dir=desc", admin)));
    expect(byEmail.users.map((u: { email: string }) => u.email)).toEqual([
      "viewer@demo.example",
      "provider@demo.example",
      "panel@demo.example",
      "officer@demo.example",
      "chorley.officer@demo.example",
      "admin@demo.example",
    ]);
    expect(byEmail.sort).toBe("email");
    expect(byEmail.dir).toBe("desc");
    const byName = await jsonOf(await run(listLoader, await getRequest("/admin/users?sort=name&dir=desc", admin)));
    expect(byName.users.map((u: { name: string }) => u.name)).toEqual([...DEMO_NAMES].reverse());
    // An unknown sort falls back to name, ascending.
    const unknown = await jsonOf(await run(listLoader, await getRequest("/admin/users?sort=password_hash&dir=sideways", admin)));
    expect(unknown.sort).toBe("name");
    expect(unknown.users.map((u: { name: string }) => u.name)).toEqual(DEMO_NAMES);
  });

  it("filters by role, status and a search of name or e-mail", async () => {
    const officers = await jsonOf(await run(listLoader, await getRequest("/admin/users?role=officer", admin)));
    expect(officers.users.map((u: { name: string }) => u.name)).toEqual(["Chris Chorley", "Olivia Officer"]);
    expect(officers.page.total).toBe(2);
    expect(officers.filters.role).toBe("officer");

    const byEmail = await jsonOf(await run(listLoader, await getRequest("/admin/users?q=CHORLEY.off", admin)));
    expect(byEmail.users.map((u: { name: string }) => u.name)).toEqual(["Chris Chorley"]);
    const byName = await jsonOf(await run(listLoader, await getRequest("/admin/users?q=priya", admin)));
    expect(byName.users.map((u: { name: string }) => u.name)).toEqual(["Priya Panel"]);

    const invited = await jsonOf(await run(listLoader, await getRequest("/admin/users?status=invited", admin)));
    expect(invited.users).toEqual([]);
    expect(invited.page.total).toBe(0);
    const active = await jsonOf(await run(listLoader, await getRequest("/admin/users?status=active&role=admin", admin)));
    expect(active.users.map((u: { name: string }) => u.name)).toEqual(["Alex Admin"]);

    // A filter value that is not an option is ignored rather than matching nothing.
    const bogus = await jsonOf(await run(listLoader, await getRequest("/admin/users?role=superuser&status=sleeping", admin)));
    expect(bogus.filters).toMatchObject({ role: "", status: "" });
    expect(bogus.page.total).toBe(6);
  });

  it("searches for the characters LIKE treats as wildcards literally", async () => {
    const underscore = await createTestUser({ roles: ["viewer"], email: "jo_smith@wild.example", name: "Jo Smith" });
    const lookalike = await createTestUser({ roles: ["viewer"], email: "joxsmith@wild.example", name: "Jo 100% Smith" });
    const found = await jsonOf(await run(listLoader, await getRequest("/admin/users?q=jo_smith", admin)));
    expect(found.users.map((u: { id: string }) => u.id)).toEqual([underscore.id]);
    const percent = await jsonOf(await run(listLoader, await getRequest("/admin/users?q=100%25", admin)));
    expect(percent.users.map((u: { id: string }) => u.id)).toEqual([lookalike.id]);
    await db().deleteFrom("users").where("id", "in", [underscore.id, lookalike.id]).execute();
  });

  it("downloads the filtered list as CSV", async () => {
    const response = await run(listLoader, await getRequest("/admin/users?format=csv&role=officer&sort=name&dir=desc", admin));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="users.csv"');
    const bytes = new Uint8Array(await response.arrayBuffer());
    // A byte-order mark first, so Excel reads UTF-8 (text() would strip it).
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes.slice(3));
    expect(text.split("\r\n")).toEqual([
      "Name,E-mail,Organisation,Roles,Status,Last sign-in,Invited or added",
      'Olivia Officer,officer@demo.example,,Commissioning officer,Active,,"1 April 2026, 10:00am"',
      'Chris Chorley,chorley.officer@demo.example,,Commissioning officer,Active,,"1 April 2026, 10:00am"',
      "",
    ]);
    const all = await (await run(listLoader, await getRequest("/admin/users?format=csv", admin))).text();
    expect(all).toContain('Pat Provider,provider@demo.example,Red Rose Family Support,Provider,Active,,"1 April 2026, 10:00am"');
    expect(all).toContain('Vic Viewer,viewer@demo.example,,Viewer,Active,"3 May 2026, 10:42am","1 April 2026, 10:00am"');
  });

  it("pages a long list 25 at a time, while the CSV holds every match", async () => {
    const now = new Date().toISOString();
    await db()
      .insertInto("users")
      .values(
        Array.from({ length: 27 }, (_, i) => ({
          id: `bulk-${String(i).padStart(2, "0")}`, email: `bulk${String(i).padStart(2, "0")}@bulk.example`, name: `Bulk ${String(i).padStart(2, "0")}`,
          password_hash: null, organisation_id: null, county_wide: 0, is_active: 1, failed_sign_ins: 0, locked_until: null,
          last_sign_in_at: null, created_at: now, updated_at: now, version: 1,
        })),
      )
      .execute();
    const first = await jsonOf(await run(listLoader, await getRequest("/admin/users?q=bulk.example", admin)));
    expect(first.page).toEqual({ page: 1, pageCount: 2, total: 27 });
    expect(first.users).toHaveLength(25);
    expect(first.users[0].status).toBe("invited");
    const second = await jsonOf(await run(listLoader, await getRequest("/admin/users?q=bulk.example&page=2", admin)));
    expect(second.users.map((u: { name: string }) => u.name)).toEqual(["Bulk 25", "Bulk 26"]);
    const csv = await (await run(listLoader, await getRequest("/admin/users?q=bulk.example&format=csv&page=2", admin))).text();
    expect(csv.trim().split("\r\n")).toHaveLength(28);
    await db().deleteFrom("users").where("id", "like", "bulk-%").execute();
  });
});

describe("inviting a user", () => {
  it("offers approved providers and every district", async () => {
    const data = await jsonOf(await run(inviteLoader, await getRequest("/admin/users/new", admin)));
    expect(data.organisations).toEqual([
      { id: "org-fylde-parenting", name: "Fylde Coast Parenting Trust" },
      { id: "org-pennine-youth", name: "Pennine Youth Partnership CIC" },
      { id: "org-red-rose", name: "Red Rose Family Support" },
    ]);
    expect(data.districts).toHaveLength(12);
    expect(data.districts[0]).toEqual({ id: "district-burnley", name: "Burnley" });
  });

  it("creates the account with roles and district scope, audits it and e-mails a link to set a password", async () => {
    const server = await withSmtp();
    const response = await run(
      inviteAction,
      await postRequest(
        "/admin/users/new",
        {
          name: "  Nadia Newcombe ",
          email: " Nadia.Newcombe@Test.Example ",
          "roles[]": ["panel", "officer"],
          organisationId: "",
          countyWide: "no",
          "districts[]": ["district-preston", "district-chorley"],
        },
        admin,
      ),
    );
    expect(response.status).toBe(302);
    const row = await db().selectFrom("users").selectAll().where("email", "=", "nadia.newcombe@test.example").executeTakeFirstOrThrow();
    expect(response.headers.get("Location")).toBe(`/admin/users/${row.id}`);
    expect(row).toMatchObject({ name: "Nadia Newcombe", password_hash: null, organisation_id: null, county_wide: 0, is_active: 1, version: 1 });
    expect(await rolesOf(row.id)).toEqual(["officer", "panel"]);
    expect(await districtsOf(row.id)).toEqual(["district-chorley", "district-preston"]);

    const audit = await auditFor(row.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "user.invited", actor_user_id: "user-admin", ip: context.ip, before_json: null });
    expect(JSON.parse(audit[0].after_json!)).toEqual({
      name: "Nadia Newcombe",
      email: "nadia.newcombe@test.example",
      roles: ["officer", "panel"],
      organisation_id: null,
      county_wide: false,
      district_ids: ["district-chorley", "district-preston"],
    });

    const mail = await server.waitFor((m) => m.to.includes("nadia.newcombe@test.example"));
    expect(mail.subject).toBe("You have been invited to the Lancashire County Council early help portal");
    expect(mail.text).toContain("Dear Nadia Newcombe,");
    expect(mail.text).toContain(`${BASE}/accept-invitation/`);
    const check = await checkAccountToken(db(), tokenFrom(mail.text), "invitation");
    expect(check).toMatchObject({ ok: true, userId: row.id });

    expect(await flashOf(response)).toEqual({ kind: "success", text: "Invitation sent to Nadia Newcombe (nadia.newcombe@test.example)" });

    const listed = await jsonOf(await run(listLoader, await getRequest("/admin/users?status=invited&q=newcombe", admin)));
    expect(listed.users.map((u: { name: string }) => u.name)).toEqual(["Nadia Newcombe"]);
  });

  it("keeps an organisation only for providers and districts only for officers who are not county-wide", async () => {
    await withSmtp();
    const officer = await run(
      inviteAction,
      await postRequest(
        "/admin/users/new",
        { name: "Cora County", email: "cora@test.example", "roles[]": ["officer"], organisationId: "org-red-rose", countyWide: "yes", "districts[]": ["district-wyre"] },
        admin,
      ),
    );
    expect(officer.status).toBe(302);
    const cora = await db().selectFrom("users").selectAll().where("email", "=", "cora@test.example").executeTakeFirstOrThrow();
    expect(cora).toMatchObject({ county_wide: 1, organisation_id: null });
    expect(await districtsOf(cora.id)).toEqual([]);

    const provider = await run(
      inviteAction,
      await postRequest(
        "/admin/users/new",
        { name: "Paul Pennine", email: "paul@test.example", "roles[]": ["provider"], organisationId: "org-pennine-youth", countyWide: "yes", "districts[]": ["district-wyre"] },
        admin,
      ),
    );
    expect(provider.status).toBe(302);
    const paul = await db().selectFrom("users").selectAll().where("email", "=", "paul@test.example").executeTakeFirstOrThrow();
    expect(paul).toMatchObject({ county_wide: 0, organisation_id: "org-pennine-youth" });
    expect(await districtsOf(paul.id)).toEqual([]);
    expect(await rolesOf(paul.id)).toEqual(["provider"]);
  });

  const good = { name: "Bea Bad", email: "bea@test.example", "roles[]": ["viewer"], organisationId: "", countyWide: "no" };
  const cases: { what: string; fields: { name: string; email: string } & Record<string, string | string[]>; errors: Record<string, string> }[] = [
    { what: "no roles", fields: { name: good.name, email: good.email, organisationId: "", countyWide: "no" }, errors: { roles: "Choose at least one role" } },
    { what: "a role that does not exist", fields: { ...good, "roles[]": ["viewer", "superuser"] }, errors: { roles: USER_MESSAGES.rolesUnknown } },
    { what: "a bad e-mail address", fields: { ...good, email: "bea-at-test.example" }, errors: { email: "Enter an e-mail address in the correct format, like name@example.org" } },
    { what: "no e-mail address", fields: { ...good, email: " " }, errors: { email: "Enter the person's e-mail address" } },
    { what: "no name", fields: { ...good, name: "  " }, errors: { name: "Enter the person's name" } },
    {
      what: "an officer without districts",
      fields: { ...good, "roles[]": ["officer"] },
      errors: { districts: "Choose the districts this officer covers, or make them county-wide" },
    },
    {
      what: "a provider without an organisation",
      fields: { ...good, "roles[]": ["provider"] },
      errors: { organisationId: "Choose the provider organisation this person works for" },
    },
    {
      what: "several problems at once",
      fields: { name: "", email: "nope", "roles[]": ["provider", "officer"], organisationId: "", countyWide: "no" },
      errors: {
        name: "Enter the person's name",
        email: "Enter an e-mail address in the correct format, like name@example.org",
        organisationId: "Choose the provider organisation this person works for",
        districts: "Choose the districts this officer covers, or make them county-wide",
      },
    },
    {
      what: "an organisation still waiting for approval",
      fields: { ...good, "roles[]": ["provider"], organisationId: "org-ribble-carers" },
      errors: { organisationId: USER_MESSAGES.organisationUnknown },
    },
    {
      what: "a district that does not exist",
      fields: { ...good, "roles[]": ["officer"], "districts[]": ["district-atlantis"] },
      errors: { districts: USER_MESSAGES.districtsUnknown },
    },
    {
      what: "an e-mail address that already has an account, whatever its case",
      fields: { ...good, email: "Officer@Demo.Example" },
      errors: { email: "There is already an account with this e-mail address" },
    },
  ];

  for (const c of cases) {
    it(`refuses ${c.what} with a 400, says why, keeps what was typed and writes nothing`, async () => {
      const before = await userCount();
      const auditBefore = await db().selectFrom("audit_events").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
      const response = await run(inviteAction, await postRequest("/admin/users/new", c.fields, admin));
      expect(response.status).toBe(400);
      const data = await jsonOf(response);
      expect(data.errors).toEqual(c.errors);
      expect(data.values.name).toBe(c.fields.name);
      if (c.fields["roles[]"]) expect(data.values.roles).toEqual(c.fields["roles[]"]);
      expect(await userCount()).toBe(before);
      const auditAfter = await db().selectFrom("audit_events").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
      expect(Number(auditAfter.n)).toBe(Number(auditBefore.n));
      if (c.fields.email.includes("@") && !/demo\.example/i.test(c.fields.email)) {
        expect(await db().selectFrom("users").select("id").where("email", "=", c.fields.email.trim().toLowerCase()).executeTakeFirst()).toBeUndefined();
      }
    });
  }
});

describe("a user's page", () => {
  it("shows the person's details, scope and the pickers", async () => {
    const response = await run(userLoader, await getRequest("/admin/users/user-chorley-officer", admin), { userId: "user-chorley-officer" });
    expect(response.status).toBe(200);
    const data = await jsonOf(response);
    expect(data.person).toMatchObject({
      id: "user-chorley-officer",
      name: "Chris Chorley",
      email: "chorley.officer@demo.example",
      roles: ["officer"],
      countyWide: false,
      districtIds: ["district-chorley"],
      status: "active",
      version: 1,
    });
    expect(data.scope).toBe("Chorley");
    expect(data.roleLabels).toEqual(["Commissioning officer"]);
    expect(data.isSelf).toBe(false);
    expect(data.lockedUntil).toBe("");

    const self = await jsonOf(await run(userLoader, await getRequest("/admin/users/user-admin", admin), { userId: "user-admin" }));
    expect(self.isSelf).toBe(true);
    expect(self.scope).toBe("Not an officer");
  });

  it("keeps a provider's pending organisation among the choices, so editing them does not lose it", async () => {
    const pending = await createTestUser({ roles: ["provider"], organisationId: "org-ribble-carers", name: "Kim Pending" });
    const data = await jsonOf(await run(userLoader, await getRequest(`/admin/users/${pending.id}`, admin), { userId: pending.id }));
    expect(data.organisations.map((o: { id: string }) => o.id)).toContain("org-ribble-carers");
    const saved = await run(
      userAction,
      await postRequest(`/admin/users/${pending.id}`, { intent: "update", version: "1", name: "Kim Hargreaves", "roles[]": ["provider"], organisationId: "org-ribble-carers", countyWide: "no" }, admin),
      { userId: pending.id },
    );
    expect(saved.status).toBe(302);
    const row = await db().selectFrom("users").select(["name", "organisation_id"]).where("id", "=", pending.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ name: "Kim Hargreaves", organisation_id: "org-ribble-carers" });
  });

  it("changes roles and scope, and audits before and after", async () => {
    const target = await createTestUser({ roles: ["officer"], districtIds: ["district-chorley"], name: "Eddie Edit" });
    const response = await run(
      userAction,
      await postRequest(
        `/admin/users/${target.id}`,
        {
          intent: "update",
          version: "1",
          name: "Eddie Edited",
          "roles[]": ["officer", "viewer"],
          organisationId: "",
          countyWide: "no",
          "districts[]": ["district-preston", "district-burnley"],
        },
        admin,
      ),
      { userId: target.id },
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/admin/users/${target.id}`);
    expect(await flashOf(response)).toEqual({ kind: "success", text: "Eddie Edited's details have been saved" });
    const row = await db().selectFrom("users").select(["name", "version", "county_wide"]).where("id", "=", target.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ name: "Eddie Edited", version: 2, county_wide: 0 });
    expect(await rolesOf(target.id)).toEqual(["officer", "viewer"]);
    expect(await districtsOf(target.id)).toEqual(["district-burnley", "district-preston"]);

    const audit = await auditFor(target.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "user.access_changed", actor_user_id: "user-admin", ip: context.ip });
    expect(JSON.parse(audit[0].before_json!)).toEqual({
      name: "Eddie Edit", email: target.email, roles: ["officer"], organisation_id: null, county_wide: false, district_ids: ["district-chorley"],
    });
    expect(JSON.parse(audit[0].after_json!)).toEqual({
      name: "Eddie Edited", roles: ["officer", "viewer"], organisation_id: null, county_wide: false, district_ids: ["district-burnley", "district-preston"],
    });

    // Making the officer county-wide clears the district list.
    const countyWide = await run(
      userAction,
      await postRequest(
        `/admin/users/${target.id}`,
        { intent: "update", version: "2", name: "Eddie Edited", "roles[]": ["officer"], organisationId: "", countyWide: "yes", "districts[]": ["district-preston"] },
        admin,
      ),
      { userId: target.id },
    );
    expect(countyWide.status).toBe(302);
    expect(await districtsOf(target.id)).toEqual([]);
    const page = await jsonOf(await run(userLoader, await getRequest(`/admin/users/${target.id}`, admin), { userId: target.id }));
    expect(page.scope).toBe("County-wide: every district");
    expect(page.person.version).toBe(3);
  });

  it("refuses an edit made on an out-of-date page with a 409, keeps what was typed and changes nothing", async () => {
    const target = await createTestUser({ roles: ["panel"], name: "Stella Stale" });
    const fields = (name: string) => ({ intent: "update", version: "1", name, "roles[]": ["panel"], organisationId: "", countyWide: "no" });
    // Someone else saves first.
    const first = await run(userAction, await postRequest(`/admin/users/${target.id}`, fields("Stella First"), admin), { userId: target.id });
    expect(first.status).toBe(302);
    const auditBefore = await auditFor(target.id);

    const second = await run(
      userAction,
      await postRequest(`/admin/users/${target.id}`, { ...fields("Stella Second"), "roles[]": ["panel", "viewer"] }, admin),
      { userId: target.id },
    );
    expect(second.status).toBe(409);
    const data = await jsonOf(second);
    expect(data.formError).toBe(new StaleEditError("user").message);
    expect(data.errors).toEqual({});
    expect(data.values).toMatchObject({ intent: "update", name: "Stella Second", roles: ["panel", "viewer"] });

    const row = await db().selectFrom("users").select(["name", "version"]).where("id", "=", target.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ name: "Stella First", version: 2 });
    expect(await rolesOf(target.id)).toEqual(["panel"]);
    expect(await auditFor(target.id)).toEqual(auditBefore);

    const staleDeactivate = await run(userAction, await postRequest(`/admin/users/${target.id}`, { intent: "deactivate", version: "1" }, admin), { userId: target.id });
    expect(staleDeactivate.status).toBe(409);
    const still = await db().selectFrom("users").select(["is_active"]).where("id", "=", target.id).executeTakeFirstOrThrow();
    expect(still.is_active).toBe(1);
  });

  it("reports edit mistakes beside the fields", async () => {
    const target = await createTestUser({ roles: ["viewer"], name: "Mo Mistake" });
    const response = await run(
      userAction,
      await postRequest(`/admin/users/${target.id}`, { intent: "update", version: "1", name: "", "roles[]": ["provider"], organisationId: "", countyWide: "no" }, admin),
      { userId: target.id },
    );
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).errors).toEqual({
      name: "Enter the person's name",
      organisationId: "Choose the provider organisation this person works for",
    });
    expect(await rolesOf(target.id)).toEqual(["viewer"]);
  });

  it("deactivates an account so its existing session ends, and reactivates it without bringing the session back", async () => {
    const target = await createTestUser({ roles: ["admin"], name: "Dora Deactivate" });
    const cookie = await sessionCookie(target);
    const asTarget = (path: string) => new Request(`${BASE}${path}`, { headers: { Cookie: cookie } });
    expect((await jsonOf(await run(homeLoader, asTarget("/")))).user.name).toBe("Dora Deactivate");
    expect((await run(listLoader, asTarget("/admin/users"))).status).toBe(200);

    const response = await run(userAction, await postRequest(`/admin/users/${target.id}`, { intent: "deactivate", version: "1" }, admin), { userId: target.id });
    expect(response.status).toBe(302);
    expect(await flashOf(response)).toEqual({ kind: "success", text: "Dora Deactivate's account has been deactivated. They can no longer sign in." });
    expect((await jsonOf(await run(homeLoader, asTarget("/")))).user).toBeNull();
    const refused = await run(listLoader, asTarget("/admin/users"));
    expect(refused.status).toBe(302);
    expect(refused.headers.get("Location")).toBe("/sign-in?redirectTo=%2Fadmin%2Fusers");
    expect(refused.headers.get("Set-Cookie")).toMatch(/Expires=Thu, 01 Jan 1970/);

    const listed = await jsonOf(await run(listLoader, await getRequest("/admin/users?status=deactivated", admin)));
    expect(listed.users.map((u: { name: string }) => u.name)).toEqual(["Dora Deactivate"]);

    const reactivated = await run(userAction, await postRequest(`/admin/users/${target.id}`, { intent: "reactivate", version: "2" }, admin), { userId: target.id });
    expect(reactivated.status).toBe(302);
    // The old session stays ended: the person signs in again.
    expect((await run(listLoader, asTarget("/admin/users"))).status).toBe(302);
    expect((await run(listLoader, await getRequest("/admin/users", target))).status).toBe(200);

    const audit = await auditFor(target.id);
    expect(audit.map((a) => [a.action, a.actor_user_id, a.before_json, a.after_json])).toEqual([
      ["user.deactivated", "user-admin", '{"is_active":true}', '{"is_active":false}'],
      ["user.reactivated", "user-admin", '{"is_active":false}', '{"is_active":true}'],
    ]);
  });

  it("never lets an administrator deactivate themselves or remove their own admin role", async () => {
    const me = await createTestUser({ roles: ["admin", "viewer"], name: "Ada Self" });
    const deactivate = await run(userAction, await postRequest(`/admin/users/${me.id}`, { intent: "deactivate", version: "1" }, me), { userId: me.id });
    expect(deactivate.status).toBe(400);
    expect((await jsonOf(deactivate)).formError).toBe(CANNOT_DEACTIVATE_SELF);

    const demote = await run(
      userAction,
      await postRequest(`/admin/users/${me.id}`, { intent: "update", version: "1", name: "Ada Self", "roles[]": ["viewer"], organisationId: "", countyWide: "no" }, me),
      { userId: me.id },
    );
    expect(demote.status).toBe(400);
    expect((await jsonOf(demote)).errors).toEqual({ roles: CANNOT_REMOVE_OWN_ADMIN });

    const row = await db().selectFrom("users").select(["is_active", "version"]).where("id", "=", me.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ is_active: 1, version: 1 });
    expect(await rolesOf(me.id)).toEqual(["admin", "viewer"]);
    expect(await auditFor(me.id)).toEqual([]);

    // Changing their own name, keeping the admin role, is fine.
    const rename = await run(
      userAction,
      await postRequest(`/admin/users/${me.id}`, { intent: "update", version: "1", name: "Ada Lovelace", "roles[]": ["admin"], organisationId: "", countyWide: "no" }, me),
      { userId: me.id },
    );
    expect(rename.status).toBe(302);
    expect(await rolesOf(me.id)).toEqual(["admin"]);
  });

  it("resends an invitation with a new link, and the old link stops working", async () => {
    const server = await withSmtp();
    const invited = await run(
      inviteAction,
      await postRequest("/admin/users/new", { name: "Rita Resend", email: "rita@test.example", "roles[]": ["viewer"], organisationId: "", countyWide: "no" }, admin),
    );
    expect(invited.status).toBe(302);
    const id = invited.headers.get("Location")!.split("/").pop()!;
    const firstToken = tokenFrom((await server.waitFor((m) => m.to.includes("rita@test.example"))).text);
    server.messages.length = 0;

    const resent = await run(userAction, await postRequest(`/admin/users/${id}`, { intent: "resend-invitation" }, admin), { userId: id });
    expect(resent.status).toBe(302);
    expect(await flashOf(resent)).toEqual({
      kind: "success",
      text: "A new invitation has been sent to rita@test.example. Earlier invitation links no longer work.",
    });
    const mail = await server.waitFor((m) => m.to.includes("rita@test.example"));
    const secondToken = tokenFrom(mail.text);
    expect(secondToken).not.toBe(firstToken);
    expect(await checkAccountToken(db(), secondToken, "invitation")).toMatchObject({ ok: true, userId: id });
    expect(await checkAccountToken(db(), firstToken, "invitation")).toEqual({ ok: false, reason: "invalid" });
    expect((await auditFor(id)).map((a) => a.action)).toEqual(["user.invited", "user.invitation_resent"]);
  });

  it("does not resend an invitation to someone who has already set a password", async () => {
    const server = await withSmtp();
    const response = await run(userAction, await postRequest("/admin/users/user-viewer", { intent: "resend-invitation" }, admin), { userId: "user-viewer" });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).formError).toBe(NOT_INVITED);
    expect(await db().selectFrom("account_tokens").select("id").where("user_id", "=", "user-viewer").execute()).toEqual([]);
    expect(server.messages).toEqual([]);
  });

  it("refuses a form it does not recognise", async () => {
    const response = await run(userAction, await postRequest("/admin/users/user-viewer", { intent: "delete" }, admin), { userId: "user-viewer" });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).formError).toMatch(/could not be sent as it was/);
  });

  it("answers 404 for a user that does not exist", async () => {
    const loader = await run(userLoader, await getRequest("/admin/users/nobody", admin), { userId: "nobody" });
    expect(loader.status).toBe(404);
    const action = await run(userAction, await postRequest("/admin/users/nobody", { intent: "deactivate", version: "1" }, admin), { userId: "nobody" });
    expect(action.status).toBe(404);
  });
});

describe("who may use the Users screens", () => {
  const others = [
    ["officer", "user-officer"],
    ["provider", "user-provider"],
    ["panel member", "user-panel"],
    ["viewer", "user-viewer"],
  ] as const;

  for (const [who, id] of others) {
    it(`refuses a ${who} with a 403 on every loader and action`, async () => {
      const actor = { id };
      const before = await userCount();
      const invite = { name: "Sneaky", email: `sneaky-${id}@test.example`, "roles[]": ["admin"], organisationId: "", countyWide: "no" };
      const responses = [
        await run(listLoader, await getRequest("/admin/users", actor)),
        await run(listLoader, await getRequest("/admin/users?format=csv", actor)),
        await run(inviteLoader, await getRequest("/admin/users/new", actor)),
        await run(inviteAction, await postRequest("/admin/users/new", invite, actor)),
        await run(userLoader, await getRequest("/admin/users/user-admin", actor), { userId: "user-admin" }),
        await run(userAction, await postRequest("/admin/users/user-admin", { intent: "deactivate", version: "1" }, actor), { userId: "user-admin" }),
        await run(
          userAction,
          await postRequest(`/admin/users/${id}`, { intent: "update", version: "1", name: "Me", "roles[]": ["admin"], organisationId: "", countyWide: "no" }, actor),
          { userId: id },
        ),
      ];
      expect(responses.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403, 403]);
      expect(await userCount()).toBe(before);
      expect(await rolesOf(id)).not.toContain("admin");
      const adminRow = await db().selectFrom("users").select("is_active").where("id", "=", "user-admin").executeTakeFirstOrThrow();
      expect(adminRow.is_active).toBe(1);
    });
  }

  it("sends someone signed out to sign in, then back", async () => {
    const list = await run(listLoader, await getRequest("/admin/users?role=officer"));
    expect(list.status).toBe(302);
    expect(list.headers.get("Location")).toBe("/sign-in?redirectTo=%2Fadmin%2Fusers%3Frole%3Dofficer");
    const invite = await run(inviteAction, await postRequest("/admin/users/new", { name: "X", email: "x@test.example", "roles[]": ["admin"] }));
    expect(invite.status).toBe(302);
    expect(invite.headers.get("Location")).toBe("/sign-in?redirectTo=%2Fadmin%2Fusers%2Fnew");
    const page = await run(userLoader, await getRequest("/admin/users/user-admin"), { userId: "user-admin" });
    expect(page.headers.get("Location")).toBe("/sign-in?redirectTo=%2Fadmin%2Fusers%2Fuser-admin");
    const act = await run(userAction, await postRequest("/admin/users/user-admin", { intent: "deactivate", version: "1" }), { userId: "user-admin" });
    expect(act.status).toBe(302);
    expect(act.headers.get("Location")).toBe("/sign-in?redirectTo=%2Fadmin%2Fusers%2Fuser-admin");
    expect(await db().selectFrom("users").select("id").where("email", "=", "x@test.example").executeTakeFirst()).toBeUndefined();
  });
});
