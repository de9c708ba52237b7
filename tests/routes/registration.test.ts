// The whole story of a provider joining: it registers, hears back by e-mail, an officer
// approves it, and its contact is invited as the organisation's first provider user.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { seedDemoData } from "../../demo/seed";
import { action as registerAction, loader as registerLoader } from "~/routes/register";
import { loader as doneLoader } from "~/routes/register_.done";
import { action as organisationAction, loader as organisationLoader } from "~/routes/organisations.$organisationId";
import { checkAccountToken } from "~/services/tokens.server";
import { startSmtpServer, type TestSmtp } from "../helpers/smtp";
import { BASE, context, cookieFrom, getRequest, jsonOf, postRequest, run, flashedMessage } from "../helpers/requests";

const OFFICER = { id: "user-officer" };
const PROVIDER = { id: "user-provider" };
const PANEL = { id: "user-panel" };

let smtp: TestSmtp;

beforeAll(async () => {
  await seedDemoData(getDb());
  smtp = await startSmtpServer();
  process.env.SMTP_URL = smtp.url;
});

afterAll(async () => {
  delete process.env.SMTP_URL;
  await smtp?.close();
});

const GOOD = {
  name: "Preston Dads' Group",
  charity_number: "1 176 543",
  company_number: "",
  address: "St Mary's Hall, Friargate, Preston",
  postcode: "pr1 2ef",
  contact_name: "Dev Patel",
  contact_email: "Dev.Patel@Dads.Example",
};

const countOrganisations = async () =>
  Number((await getDb().selectFrom("organisations").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);

async function flashOf(response: Response): Promise<{ kind: string; text: string } | undefined> {
  return flashedMessage(response);
}

async function versionOf(id: string): Promise<number> {
  return (await getDb().selectFrom("organisations").select("version").where("id", "=", id).executeTakeFirstOrThrow()).version;
}

describe("registering an organisation", () => {
  it("is open to anyone, signed in or not", async () => {
    expect((await run(registerLoader, await getRequest("/register"))).status).toBe(200);
    expect((await run(registerLoader, await getRequest("/register", PROVIDER))).status).toBe(200);
  });

  it("refuses a registration without a name, with a bad charity number or a bad postcode, and writes nothing", async () => {
    const before = await countOrganisations();
    const response = await run(
      registerAction,
      await postRequest("/register", { ...GOOD, name: "  ", charity_number: "12345", postcode: "PR1" }),
    );
    expect(response.status).toBe(400);
    const body = await jsonOf(response);
    expect(body.errors).toEqual({
      name: "Enter the organisation's name",
      charity_number: "Enter a charity number of 6 or 7 digits, like 1123456",
      postcode: "Enter a real postcode, like PR1 8XJ",
    });
    // What was typed comes back, so nothing has to be entered again.
    expect(body.values.charity_number).toBe("12345");
    expect(body.values.contact_email).toBe(GOOD.contact_email);
    expect(await countOrganisations()).toBe(before);
    expect(smtp.messages).toHaveLength(0);
  });

  it("asks for the postcode and a contact, and checks the company number and e-mail", async () => {
    const before = await countOrganisations();
    const missing = await run(
      registerAction,
      await postRequest("/register", { ...GOOD, postcode: "", contact_name: "", contact_email: "" }),
    );
    expect(missing.status).toBe(400);
    expect((await jsonOf(missing)).errors).toEqual({
      postcode: "Enter the organisation's postcode",
      contact_name: "Enter the name of the person the council should contact",
      contact_email: "Enter the contact's e-mail address",
    });
    const bad = await run(registerAction, await postRequest("/register", { ...GOOD, company_number: "12AB3456", contact_email: "dev at dads" }));
    expect(bad.status).toBe(400);
    expect((await jsonOf(bad)).errors).toEqual({
      company_number: "Enter a company number of 8 characters, like 01234567 or SC123456",
      contact_email: "Enter an e-mail address in the correct format, like name@example.org",
    });
    expect(await countOrganisations()).toBe(before);
  });

  it("refuses a charity number that is already registered", async () => {
    // Red Rose Family Support is charity 1123456.
    const response = await run(registerAction, await postRequest("/register", { ...GOOD, charity_number: "1123456" }));
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).errors).toEqual({
      charity_number: "An organisation with this charity number is already registered. If it is yours, contact the council",
    });
  });
});

describe("from registration to the first provider user", () => {
  let organisationId: string;

  it("creates a pending provider, audits it without an actor and e-mails the contact", async () => {
    const before = await countOrganisations();
    const response = await run(registerAction, await postRequest("/register", GOOD));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/register/done");
    expect(await countOrganisations()).toBe(before + 1);

    const org = await getDb().selectFrom("organisations").selectAll().where("name", "=", GOOD.name).executeTakeFirstOrThrow();
    organisationId = org.id;
    expect(org).toMatchObject({
      type: "provider",
      status: "pending",
      charity_number: "1176543",
      company_number: null,
      org_identifier: "GB-CHC-1176543",
      address: GOOD.address,
      postcode: "PR1 2EF",
      contact_name: "Dev Patel",
      contact_email: "dev.patel@dads.example",
      version: 1,
    });

    const audit = await getDb().selectFrom("audit_events").selectAll().where("record_id", "=", org.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "organisation.registered", record_type: "organisation", actor_user_id: null, ip: context.ip });
    expect(JSON.parse(audit[0].after_json!)).toMatchObject({ name: GOOD.name, status: "pending", org_identifier: "GB-CHC-1176543" });

    const mail = await smtp.waitFor((m) => m.subject === "We have received Preston Dads' Group's registration");
    // To the address as stored, the same one the invitation will go to.
    expect(mail.to).toEqual(["dev.patel@dads.example"]);
    expect(mail.text).toContain("Dear Dev Patel");
    expect(mail.text).toContain("Lancashire County Council early help portal");

    // The confirmation page says what happens next, once.
    const done = await run(doneLoader, new Request(`${BASE}/register/done`, { headers: { Cookie: cookieFrom(response)! } }));
    const data = await jsonOf(done);
    expect(data.receipt).toEqual({ organisationName: GOOD.name, contactEmail: GOOD.contact_email });
    expect(data.supportEmail).toBe("esi@demo.example");
  });

  it("gives the same confirmation for a second submit, without a second organisation or e-mail", async () => {
    const before = await countOrganisations();
    const received = smtp.messages.length;
    // The same registration again, typed a little differently.
    const again = await run(
      registerAction,
      await postRequest("/register", { ...GOOD, name: "preston dads'  group", contact_email: " dev.patel@dads.example " }),
    );
    expect(again.status).toBe(302);
    expect(again.headers.get("Location")).toBe("/register/done");
    expect(await countOrganisations()).toBe(before);
    const audits = await getDb().selectFrom("audit_events").select("id").where("action", "=", "organisation.registered").where("record_id", "=", organisationId).execute();
    expect(audits).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.messages).toHaveLength(received);
  });

  it("shows officers the pending registration with its decision buttons", async () => {
    const response = await run(organisationLoader, await getRequest(`/organisations/${organisationId}`, OFFICER), { organisationId });
    expect(response.status).toBe(200);
    const data = await jsonOf(response);
    expect(data.organisation.status).toBe("pending");
    expect(data.canDecide).toBe(true);
  });

  it("lets neither the provider nor the panel approve it", async () => {
    for (const user of [PROVIDER, PANEL]) {
      const response = await run(
        organisationAction,
        await postRequest(`/organisations/${organisationId}`, { intent: "approve", version: "1" }, user),
        { organisationId },
      );
      expect(response.status).toBe(403);
    }
    expect((await getDb().selectFrom("organisations").select("status").where("id", "=", organisationId).executeTakeFirstOrThrow()).status).toBe("pending");
  });

  it("approves it and e-mails the contact an invitation once the approval has committed", async () => {
    const response = await run(
      organisationAction,
      await postRequest(`/organisations/${organisationId}`, { intent: "approve", version: String(await versionOf(organisationId)) }, OFFICER),
      { organisationId },
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/organisations/${organisationId}`);
    expect(await flashOf(response)).toEqual({
      kind: "success",
      text: "Preston Dads' Group is approved. Dev Patel has been sent an invitation to set up their account.",
    });

    const org = await getDb().selectFrom("organisations").select(["status", "version"]).where("id", "=", organisationId).executeTakeFirstOrThrow();
    expect(org).toEqual({ status: "approved", version: 2 });

    const user = await getDb().selectFrom("users").selectAll().where("email", "=", "dev.patel@dads.example").executeTakeFirstOrThrow();
    expect(user).toMatchObject({ name: "Dev Patel", organisation_id: organisationId, password_hash: null, is_active: 1, county_wide: 0 });
    const roles = await getDb().selectFrom("user_roles").select("role").where("user_id", "=", user.id).execute();
    expect(roles.map((r) => r.role)).toEqual(["provider"]);

    const mail = await smtp.waitFor((m) => m.subject === "You have been invited to the Lancashire County Council early help portal");
    expect(mail.to).toEqual(["dev.patel@dads.example"]);
    const link = /https?:\/\/\S+\/accept-invitation\/([A-Za-z0-9_-]+)/.exec(mail.text);
    expect(link).not.toBeNull();
    expect(link![0].startsWith(`${BASE}/accept-invitation/`)).toBe(true);
    expect(await checkAccountToken(getDb(), link![1], "invitation")).toMatchObject({ ok: true, userId: user.id });

    const audit = await getDb().selectFrom("audit_events").select(["action", "actor_user_id", "before_json", "after_json"]).where("record_id", "in", [organisationId, user.id]).orderBy("created_at").execute();
    expect(audit.map((a) => a.action)).toEqual(["organisation.registered", "organisation.approved", "user.invited"]);
    expect(audit[1]).toMatchObject({ actor_user_id: OFFICER.id, before_json: JSON.stringify({ status: "pending" }), after_json: JSON.stringify({ status: "approved" }) });
    expect(audit[2].actor_user_id).toBe(OFFICER.id);
  });

  it("refuses to approve it twice", async () => {
    const users = await getDb().selectFrom("users").select("id").execute();
    const response = await run(
      organisationAction,
      await postRequest(`/organisations/${organisationId}`, { intent: "approve", version: String(await versionOf(organisationId)) }, OFFICER),
      { organisationId },
    );
    expect(response.status).toBe(409);
    expect((await jsonOf(response)).formError).toBe("This organisation has already been approved.");
    expect(await getDb().selectFrom("users").select("id").execute()).toHaveLength(users.length);
  });

  it("lets the new provider see their organisation, and only theirs", async () => {
    const user = await getDb().selectFrom("users").select("id").where("email", "=", "dev.patel@dads.example").executeTakeFirstOrThrow();
    const own = await run(organisationLoader, await getRequest(`/organisations/${organisationId}`, user), { organisationId });
    expect(own.status).toBe(200);
    expect((await jsonOf(own)).isOwn).toBe(true);
    const other = await run(organisationLoader, await getRequest("/organisations/org-red-rose", user), { organisationId: "org-red-rose" });
    expect(other.status).toBe(404);
  });
});

describe("approving when the contact already has an account", () => {
  it("approves without inviting or linking anyone, and says so", async () => {
    // Priya is a panel member; the group she also runs registers with her e-mail.
    const response = await run(
      registerAction,
      await postRequest("/register", { ...GOOD, name: "Chorley Kinship Carers", charity_number: "", postcode: "PR7 2AA", contact_name: "Priya", contact_email: "panel@demo.example" }),
    );
    expect(response.status).toBe(302);
    const org = await getDb().selectFrom("organisations").select(["id", "org_identifier"]).where("name", "=", "Chorley Kinship Carers").executeTakeFirstOrThrow();
    // Neither number: a small group, with no identifier to derive.
    expect(org.org_identifier).toBeNull();
    const usersBefore = await getDb().selectFrom("users").select("id").execute();

    const approve = await run(
      organisationAction,
      await postRequest(`/organisations/${org.id}`, { intent: "approve", version: "1" }, OFFICER),
      { organisationId: org.id },
    );
    expect(approve.status).toBe(302);
    expect(await flashOf(approve)).toEqual({
      kind: "info",
      text: "Chorley Kinship Carers is approved. panel@demo.example already has an account, so no invitation was sent and the account was not linked to Chorley Kinship Carers. An administrator can link it from the user's page.",
    });
    expect(await getDb().selectFrom("users").select("id").execute()).toHaveLength(usersBefore.length);
    const panel = await getDb().selectFrom("users").select("organisation_id").where("id", "=", PANEL.id).executeTakeFirstOrThrow();
    expect(panel.organisation_id).toBeNull();
    expect((await getDb().selectFrom("organisations").select("status").where("id", "=", org.id).executeTakeFirstOrThrow()).status).toBe("approved");
  });
});

describe("rejecting a registration", () => {
  it("asks for a reason, then rejects it and tells the contact why", async () => {
    const organisationId = "org-ribble-carers";
    const missing = await run(
      organisationAction,
      await postRequest(`/organisations/${organisationId}`, { intent: "reject", version: "1", reason: " " }, OFFICER),
      { organisationId },
    );
    expect(missing.status).toBe(400);
    expect((await jsonOf(missing)).errors).toEqual({ reason: "Enter the reason for rejecting this registration" });

    const stale = await run(
      organisationAction,
      await postRequest(`/organisations/${organisationId}`, { intent: "reject", version: "7", reason: "Not a charity" }, OFFICER),
      { organisationId },
    );
    expect(stale.status).toBe(409);
    expect((await jsonOf(stale)).values.reason).toBe("Not a charity");

    const reason = "The charity number belongs to a different charity. Please register again with the right number.";
    const response = await run(
      organisationAction,
      await postRequest(`/organisations/${organisationId}`, { intent: "reject", version: "1", reason }, OFFICER),
      { organisationId },
    );
    expect(response.status).toBe(302);
    expect((await flashOf(response))?.text).toBe("The registration of Ribble Valley Young Carers is rejected. Kim Hargreaves has been sent the reason.");
    expect((await getDb().selectFrom("organisations").select("status").where("id", "=", organisationId).executeTakeFirstOrThrow()).status).toBe("rejected");
    const audit = await getDb().selectFrom("audit_events").select(["after_json", "actor_user_id"]).where("action", "=", "organisation.rejected").where("record_id", "=", organisationId).executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after_json!)).toEqual({ status: "rejected", reason });
    expect(audit.actor_user_id).toBe(OFFICER.id);

    const mail = await smtp.waitFor((m) => m.subject === "The registration of Ribble Valley Young Carers has not been approved");
    expect(mail.to).toEqual(["kim@ribble-carers.demo.example"]);
    expect(mail.text).toContain(reason);
    expect(mail.text).toContain("esi@demo.example");
    expect(await getDb().selectFrom("users").select("id").where("email", "=", "kim@ribble-carers.demo.example").execute()).toHaveLength(0);
  });
});
