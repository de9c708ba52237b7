// The register of organisations: who may list, see, add and change them.
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { seedDemoData } from "../../demo/seed";
import { loader as listLoader } from "~/routes/organisations._index";
import { action as newAction, loader as newLoader } from "~/routes/organisations.new";
import { action as viewAction, loader as viewLoader } from "~/routes/organisations.$organisationId";
import { action as editAction, loader as editLoader } from "~/routes/organisations_.$organisationId.edit";
import { getRequest, jsonOf, postRequest, run } from "../helpers/requests";
import { StaleEditError } from "~/models/errors";

const ADMIN = { id: "user-admin" };
const OFFICER = { id: "user-officer" };
const CHORLEY_OFFICER = { id: "user-chorley-officer" };
const PANEL = { id: "user-panel" };
const PROVIDER = { id: "user-provider" };
const VIEWER = { id: "user-viewer" };

beforeAll(async () => {
  await seedDemoData(getDb());
});

const list = async (query: string, user: { id: string } | null = OFFICER) => run(listLoader, await getRequest(`/organisations${query}`, user));
const names = async (response: Response) => ((await jsonOf(response)).organisations as { name: string }[]).map((o) => o.name);

describe("the list of organisations", () => {
  it("shows officers every organisation, by name", async () => {
    const response = await list("");
    expect(response.status).toBe(200);
    const data = await jsonOf(response);
    expect(data.page.total).toBe(5);
    expect(data.organisations.map((o: { name: string }) => o.name)).toEqual([
      "Fylde Coast Parenting Trust",
      "Lancashire County Council",
      "Pennine Youth Partnership CIC",
      "Red Rose Family Support",
      "Ribble Valley Young Carers",
    ]);
    // Officers approve; only admins add organisations.
    expect(data.canCreate).toBe(false);
    expect((await jsonOf(await list("", ADMIN))).canCreate).toBe(true);
    // District-scoped officers approve providers too.
    expect((await list("", CHORLEY_OFFICER)).status).toBe(200);
  });

  it("filters by status and type", async () => {
    expect(await names(await list("?status=pending"))).toEqual(["Ribble Valley Young Carers"]);
    expect(await names(await list("?type=council"))).toEqual(["Lancashire County Council"]);
    expect(await names(await list("?type=provider&status=approved"))).toEqual([
      "Fylde Coast Parenting Trust",
      "Pennine Youth Partnership CIC",
      "Red Rose Family Support",
    ]);
    // An unknown filter value means "any", not an error.
    expect((await jsonOf(await list("?status=nonsense"))).page.total).toBe(5);
  });

  it("searches names, identifiers and postcodes", async () => {
    expect(await names(await list("?q=rose"))).toEqual(["Red Rose Family Support"]);
    expect(await names(await list("?q=gb-coh"))).toEqual(["Pennine Youth Partnership CIC"]);
    expect(await names(await list("?q=pr71de"))).toEqual(["Red Rose Family Support"]);
    expect(await names(await list("?q=BB7%202DD"))).toEqual(["Ribble Valley Young Carers"]);
    expect((await jsonOf(await list("?q=nowhere"))).page.total).toBe(0);
  });

  it("sorts by status, newest and type", async () => {
    const byStatus = await names(await list("?sort=status&dir=desc"));
    expect(byStatus[0]).toBe("Ribble Valley Young Carers"); // "pending" after "approved"
    const byType = await names(await list("?sort=type&dir=asc"));
    expect(byType[0]).toBe("Lancashire County Council");
  });

  it("downloads the filtered list as CSV", async () => {
    const response = await list("?format=csv&type=provider");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="organisations.csv"');
    const text = await response.text();
    const lines = text.replace(/^\uFEFF/, "").trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "Name,Type,Status,Organisation identifier,Charity number,Company number,Address,Postcode,Contact name,Contact e-mail,Registered or added",
    );
    expect(lines).toHaveLength(5);
    expect(lines[1]).toBe(
      'Fylde Coast Parenting Trust,Provider,Approved,GB-CHC-1098765,1098765,04567890,"The Old School, Lytham",FY8 5LB,Jo Marsden,jo@fylde-parenting.demo.example,1 April 2026',
    );
    expect(lines[4]).toBe(
      "Ribble Valley Young Carers,Provider,Waiting for approval,GB-CHC-1187654,1187654,,\"Church Street, Clitheroe\",BB7 2DD,Kim Hargreaves,kim@ribble-carers.demo.example,1 April 2026",
    );
  });

  it("is refused to providers, panel members and viewers, and asks the signed-out to sign in", async () => {
    for (const user of [PROVIDER, PANEL, VIEWER]) {
      expect((await list("", user)).status).toBe(403);
      expect((await list("?format=csv", user)).status).toBe(403);
    }
    const signedOut = await list("?status=pending", null);
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("Location")).toBe(`/sign-in?redirectTo=${encodeURIComponent("/organisations?status=pending")}`);
  });
});

describe("one organisation", () => {
  const view = async (id: string, user: { id: string } | null) => run(viewLoader, await getRequest(`/organisations/${id}`, user), { organisationId: id });

  it("shows a provider their own organisation", async () => {
    const response = await view("org-red-rose", PROVIDER);
    expect(response.status).toBe(200);
    const data = await jsonOf(response);
    expect(data.organisation).toMatchObject({ name: "Red Rose Family Support", charityNumber: "1123456", status: "approved" });
    expect(data).toMatchObject({ isOwn: true, canEdit: false, canDecide: false, backToList: false });
  });

  it("is not found for a provider reaching another organisation by its address, whether it exists or not", async () => {
    for (const id of ["org-pennine-youth", "org-ribble-carers", "org-lancashire", "no-such-org"]) {
      expect((await view(id, PROVIDER)).status).toBe(404);
    }
  });

  it("is refused to panel members and viewers, and asks the signed-out to sign in", async () => {
    expect((await view("org-red-rose", PANEL)).status).toBe(403);
    expect((await view("org-red-rose", VIEWER)).status).toBe(403);
    const signedOut = await view("org-red-rose", null);
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("Location")).toBe("/sign-in?redirectTo=%2Forganisations%2Forg-red-rose");
  });

  it("offers officers the decision on a pending registration, and admins the edit", async () => {
    const pending = await jsonOf(await view("org-ribble-carers", OFFICER));
    expect(pending).toMatchObject({ canDecide: true, canEdit: false, backToList: true });
    const approved = await jsonOf(await view("org-red-rose", ADMIN));
    expect(approved).toMatchObject({ canDecide: false, canEdit: true });
    expect((await view("no-such-org", OFFICER)).status).toBe(404);
  });

  it("lets no provider decide on a registration, not even by posting the form", async () => {
    const response = await run(
      viewAction,
      await postRequest("/organisations/org-ribble-carers", { intent: "approve", version: "1" }, PROVIDER),
      { organisationId: "org-ribble-carers" },
    );
    expect(response.status).toBe(403);
    const unknownIntent = await run(
      viewAction,
      await postRequest("/organisations/org-ribble-carers", { intent: "delete", version: "1" }, OFFICER),
      { organisationId: "org-ribble-carers" },
    );
    expect(unknownIntent.status).toBe(400);
    expect((await jsonOf(unknownIntent)).formError).toBe("This form could not be sent as it was. Reload the page and try again.");
    const status = await getDb().selectFrom("organisations").select("status").where("id", "=", "org-ribble-carers").executeTakeFirstOrThrow();
    expect(status.status).toBe("pending");
  });
});

const NEW_ORG = {
  name: "Wyre Family Hubs Ltd",
  type: "provider",
  charity_number: "",
  company_number: "1234567",
  org_identifier: "",
  address: "Civic Centre, Poulton-le-Fylde",
  postcode: "fy6 7pu",
  contact_name: "Ash Wood",
  contact_email: "Ash@Wyre-Hubs.Example",
};

describe("adding an organisation", () => {
  it("is for admins only", async () => {
    expect((await run(newLoader, await getRequest("/organisations/new", ADMIN))).status).toBe(200);
    for (const user of [OFFICER, PROVIDER, PANEL, VIEWER]) {
      expect((await run(newLoader, await getRequest("/organisations/new", user))).status).toBe(403);
      expect((await run(newAction, await postRequest("/organisations/new", NEW_ORG, user))).status).toBe(403);
    }
    const signedOut = await run(newLoader, await getRequest("/organisations/new", null));
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("Location")).toBe("/sign-in?redirectTo=%2Forganisations%2Fnew");
    expect(await getDb().selectFrom("organisations").select("id").where("name", "=", NEW_ORG.name).execute()).toHaveLength(0);
  });

  it("checks the identifier and numbers, and keeps what was typed", async () => {
    const response = await run(
      newAction,
      await postRequest("/organisations/new", { ...NEW_ORG, name: "", org_identifier: "GB-CHC-12AB", charity_number: "0123456", type: "" }, ADMIN),
    );
    expect(response.status).toBe(400);
    const body = await jsonOf(response);
    expect(body.errors).toEqual({
      name: "Enter the organisation's name",
      type: "Select the type of organisation",
      charity_number: "Enter a charity number of 6 or 7 digits, like 1123456",
      org_identifier: "A GB-CHC identifier needs a charity number of 6 or 7 digits, like GB-CHC-1234567",
    });
    expect(body.values.org_identifier).toBe("GB-CHC-12AB");

    const shape = await run(newAction, await postRequest("/organisations/new", { ...NEW_ORG, org_identifier: "1234567" }, ADMIN));
    expect((await jsonOf(shape)).errors).toEqual({ org_identifier: "Enter an organisation identifier like GB-CHC-1234567 or GB-COH-01234567" });
  });

  it("refuses an identifier another organisation has", async () => {
    const response = await run(newAction, await postRequest("/organisations/new", { ...NEW_ORG, org_identifier: "GB-CHC-1123456" }, ADMIN));
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).errors).toEqual({ org_identifier: "Another organisation already has this identifier" });
    // Derived from a company number that is taken: the company number is to blame.
    const derived = await run(newAction, await postRequest("/organisations/new", { ...NEW_ORG, company_number: "8123456" }, ADMIN));
    expect((await jsonOf(derived)).errors).toEqual({
      company_number: "An organisation with this company number is already registered. If it is yours, contact the council",
    });
  });

  it("adds it approved, normalised, with its identifier derived, and audits it", async () => {
    const response = await run(newAction, await postRequest("/organisations/new", NEW_ORG, ADMIN));
    expect(response.status).toBe(302);
    const org = await getDb().selectFrom("organisations").selectAll().where("name", "=", NEW_ORG.name).executeTakeFirstOrThrow();
    expect(response.headers.get("Location")).toBe(`/organisations/${org.id}`);
    expect(org).toMatchObject({
      type: "provider",
      status: "approved",
      charity_number: null,
      company_number: "01234567",
      org_identifier: "GB-COH-01234567",
      postcode: "FY6 7PU",
      contact_email: "ash@wyre-hubs.example",
      version: 1,
    });
    const audit = await getDb().selectFrom("audit_events").selectAll().where("record_id", "=", org.id).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: "organisation.created", actor_user_id: ADMIN.id, before_json: null });
    expect(JSON.parse(audit.after_json!)).toMatchObject({ name: NEW_ORG.name, org_identifier: "GB-COH-01234567", status: "approved" });
  });
});

describe("changing an organisation", () => {
  const ID = "org-pennine-youth";
  const FIELDS = {
    name: "Pennine Youth Partnership CIC",
    type: "provider",
    charity_number: "",
    company_number: "08123456",
    org_identifier: "GB-COH-08123456",
    address: "Unit 5, Canal Mill, Burnley",
    postcode: "BB11 1JG",
    contact_name: "Sam Okafor",
    contact_email: "sam@pennine-youth.demo.example",
  };

  it("is for admins only", async () => {
    expect((await run(editLoader, await getRequest(`/organisations/${ID}/edit`, ADMIN), { organisationId: ID })).status).toBe(200);
    for (const user of [OFFICER, PROVIDER, VIEWER]) {
      expect((await run(editLoader, await getRequest(`/organisations/${ID}/edit`, user), { organisationId: ID })).status).toBe(403);
      const post = await run(editAction, await postRequest(`/organisations/${ID}/edit`, { ...FIELDS, name: "Hijacked", version: "1" }, user), { organisationId: ID });
      expect(post.status).toBe(403);
    }
    // Not even a provider's own organisation: the council keeps the register.
    const own = await run(editAction, await postRequest("/organisations/org-red-rose/edit", { ...FIELDS, version: "1" }, PROVIDER), { organisationId: "org-red-rose" });
    expect(own.status).toBe(403);
    const signedOut = await run(editLoader, await getRequest(`/organisations/${ID}/edit`, null), { organisationId: ID });
    expect(signedOut.headers.get("Location")).toBe(`/sign-in?redirectTo=${encodeURIComponent(`/organisations/${ID}/edit`)}`);
    expect((await run(editLoader, await getRequest("/organisations/no-such-org/edit", ADMIN), { organisationId: "no-such-org" })).status).toBe(404);
    const name = await getDb().selectFrom("organisations").select("name").where("id", "=", ID).executeTakeFirstOrThrow();
    expect(name.name).toBe("Pennine Youth Partnership CIC");
  });

  it("checks the identifier", async () => {
    const response = await run(editAction, await postRequest(`/organisations/${ID}/edit`, { ...FIELDS, org_identifier: "GB-CHC-99", version: "1" }, ADMIN), { organisationId: ID });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).errors).toEqual({
      org_identifier: "A GB-CHC identifier needs a charity number of 6 or 7 digits, like GB-CHC-1234567",
    });
  });

  it("saves the change with its version and audits before and after", async () => {
    const response = await run(editAction, await postRequest(`/organisations/${ID}/edit`, { ...FIELDS, version: "1" }, ADMIN), { organisationId: ID });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/organisations/${ID}`);
    const org = await getDb().selectFrom("organisations").select(["address", "version", "status"]).where("id", "=", ID).executeTakeFirstOrThrow();
    expect(org).toEqual({ address: "Unit 5, Canal Mill, Burnley", version: 2, status: "approved" });
    const audit = await getDb().selectFrom("audit_events").selectAll().where("record_id", "=", ID).where("action", "=", "organisation.updated").executeTakeFirstOrThrow();
    expect(audit.actor_user_id).toBe(ADMIN.id);
    expect(JSON.parse(audit.before_json!).address).toBe("Unit 4, Canal Mill, Burnley");
    expect(JSON.parse(audit.after_json!).address).toBe("Unit 5, Canal Mill, Burnley");
  });

  it("refuses a stale edit with 409, keeps what was typed and shows what is saved now", async () => {
    const typed = { ...FIELDS, name: "Pennine Youth Partnership", address: "Somewhere else", version: "1" };
    const response = await run(editAction, await postRequest(`/organisations/${ID}/edit`, typed, ADMIN), { organisationId: ID });
    expect(response.status).toBe(409);
    const body = await jsonOf(response);
    expect(body.formError).toBe(new StaleEditError("organisation").message);
    expect(body.values).toMatchObject({ name: "Pennine Youth Partnership", address: "Somewhere else" });
    expect(body.current).toMatchObject({ name: "Pennine Youth Partnership CIC", address: "Unit 5, Canal Mill, Burnley", version: 2 });
    const org = await getDb().selectFrom("organisations").select(["name", "version"]).where("id", "=", ID).executeTakeFirstOrThrow();
    expect(org).toEqual({ name: "Pennine Youth Partnership CIC", version: 2 });
    // The page reloads with the current version, so saving again works.
    const again = await jsonOf(await run(editLoader, await getRequest(`/organisations/${ID}/edit`, ADMIN), { organisationId: ID }));
    expect(again.organisation.version).toBe(2);
  });

  it("derives the identifier again when it is cleared, and refuses one that is taken", async () => {
    const cleared = await run(editAction, await postRequest(`/organisations/${ID}/edit`, { ...FIELDS, org_identifier: "", version: "2" }, ADMIN), { organisationId: ID });
    expect(cleared.status).toBe(302);
    const taken = await run(editAction, await postRequest(`/organisations/${ID}/edit`, { ...FIELDS, org_identifier: "GB-LAE-LAN", version: "3" }, ADMIN), { organisationId: ID });
    expect(taken.status).toBe(400);
    expect((await jsonOf(taken)).errors).toEqual({ org_identifier: "Another organisation already has this identifier" });
    const org = await getDb().selectFrom("organisations").select(["org_identifier", "version"]).where("id", "=", ID).executeTakeFirstOrThrow();
    expect(org).toEqual({ org_identifier: "GB-COH-08123456", version: 3 });
  });
});
