import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { seedDemoData } from "../../demo/seed";
import type { FormValues } from "~/lib/forms";
import { tenderFormSchema } from "~/schemas/tenders.server";
import { action as newAction, loader as newLoader } from "~/routes/tenders.new";
import { action as detailAction, loader as detailLoader } from "~/routes/tenders.$tenderId._index";
import { action as editAction, loader as editLoader } from "~/routes/tenders.$tenderId.edit";
import { action as cancelAction, loader as cancelLoader } from "~/routes/tenders.$tenderId.cancel";
import { action as clarificationsAction, loader as clarificationsLoader } from "~/routes/tenders.$tenderId.clarifications";
import { loader as fileLoader } from "~/routes/tenders.$tenderId.files.$fileId";
import { loader as listLoader } from "~/routes/tenders._index";
import { parseForm } from "~/lib/forms";
import { createTestUser, getRequest, jsonOf, postRequest, run, TEST_IP, type TestUser } from "../helpers/requests";
import { startSmtpServer, type TestSmtp } from "../helpers/smtp";
import { createTestBid, createTestTender as createFixtureTender } from "../helpers/tenders";
import { ukYear, utcIsoToUkLocal } from "~/lib/dates";
import { StaleEditError } from "~/models/errors";
import { nextTenderReference } from "~/models/tenders/status.server";
import { DEFAULT_CRITERIA } from "~/models/tenders/choices.server";
import { createTender } from "~/models/tenders/change.server";

const officer = { id: "user-officer" }; // county-wide
const chorleyOfficer = { id: "user-chorley-officer" };
const provider = { id: "user-provider" }; // Red Rose Family Support
const panel = { id: "user-panel" };
const viewer = { id: "user-viewer" };
const db = () => getDb();

let smtp: TestSmtp;
let pennine: TestUser; // a provider user of Pennine Youth Partnership
let fylde: TestUser; // a provider user of Fylde Coast Parenting Trust

/** Next year, so the dates are in the future whenever the tests run. */
const YEAR = new Date().getUTCFullYear() + 1;

beforeAll(async () => {
  await seedDemoData(getDb());
  smtp = await startSmtpServer();
  process.env.SMTP_URL = smtp.url;
  pennine = await createTestUser({ roles: ["provider"], organisationId: "org-pennine-youth", email: "sam@pennine.test.example", name: "Sam Okafor" });
  fylde = await createTestUser({ roles: ["provider"], organisationId: "org-fylde-parenting", email: "jo@fylde.test.example", name: "Jo Marsden" });
});

afterAll(async () => {
  delete process.env.SMTP_URL;
  await smtp.close();
});

type Fields = Record<string, string | string[] | File>;

/** A complete tender form as the new-tender page sends it. */
function tenderFields(changes: Fields = {}): Fields {
  const fields: Fields = {
    intent: "save",
    title: "Family support in Chorley",
    specification: "## What we want\n\nSupport for **families** with children aged 0–11.",
    "districts[]": ["district-chorley"],
    funding_stream_id: "stream-schools-forum",
    "themes[]": ["theme-parenting"],
    max_budget: "£25,000.50",
    procedure: "grant_competition",
    contract_start: `${YEAR + 1}-04-01`,
    contract_end: `${YEAR + 2}-03-31`,
    // January is GMT and July is BST: both conversions are checked below.
    opens_at: `${YEAR}-01-15T09:00`,
    closes_at: `${YEAR}-07-01T12:00`,
    "questions.0.text": "How will you reach families who do not ask for help?",
    "questions.0.word_limit": "500",
    "questions.0.criterion": "0",
    "questions.1.text": "What difference will families see?",
    "questions.1.word_limit": "300",
    "questions.1.criterion": "2",
  };
  DEFAULT_CRITERIA.forEach((c, i) => {
    fields[`criteria.${i}.name`] = c.name;
    fields[`criteria.${i}.weight`] = String(c.weight_percent);
    fields[`criteria.${i}.guidance`] = c.guidance;
    fields[`criteria.${i}.max_score`] = String(c.max_score);
  });
  for (let i = 4; i < 6; i += 1) {
    for (const f of ["name", "weight", "guidance", "max_score"]) fields[`criteria.${i}.${f}`] = "";
  }
  return { ...fields, ...changes };
}

/** What a page's loader filled the form with, as fields to post back. */
function asFields(values: FormValues): Fields {
  const fields: Fields = {};
  for (const [key, value] of Object.entries(values)) fields[Array.isArray(value) ? `${key}[]` : key] = value;
  return fields;
}

const PDF = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
const pdfFile = (name = "specification.pdf", body = PDF) => new File([new TextEncoder().encode(body)], name, { type: "application/pdf" });

async function count(table: "tenders" | "audit_events" | "files" | "tender_amendments"): Promise<number> {
  const row = await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function createDraft(user: { id: string } = officer, changes: Fields = {}): Promise<{ id: string; response: Response }> {
  const response = await run(newAction, await postRequest("/tenders/new", tenderFields(changes), user));
  expect(response.status).toBe(302);
  const id = response.headers.get("Location")!.replace("/tenders/", "");
  return { id, response };
}

async function publish(tenderId: string, version = 1, user: { id: string } = officer): Promise<Response> {
  return run(detailAction, await postRequest(`/tenders/${tenderId}`, { intent: "publish", version: String(version) }, user), { tenderId });
}

const UK_YEAR = ukYear(new Date());

/**
 * The fixture numbers its tenders ESI-2026-901 onwards, which the app's own numbering
 * (after the highest used this year) can reach first in this file. The fixture moves to
 * its next number on every call, so a clash is simply tried again.
 */
async function createTestTender(options: Parameters<typeof createFixtureTender>[0] = {}) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await createFixtureTender(options);
    } catch (error) {
      // SQLite names the column, PostgreSQL the constraint.
      if (attempt < 20 && /tenders\.reference|tenders_reference_key/.test(String((error as Error).message))) continue;
      throw error;
    }
  }
}

describe("creating a draft tender", () => {
  it("stores what was typed: pence, UTC times, criteria, questions, districts and themes, with an audit event", async () => {
    const before = await nextTenderReference(db());
    const { id, response } = await createDraft();
    expect(response.headers.get("Set-Cookie")).toBeTruthy();

    const t = await db().selectFrom("tenders").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(t.reference).toMatch(new RegExp(`^ESI-${UK_YEAR}-\\d{3}$`));
    expect(t.reference).toBe(before);
    expect(t).toMatchObject({
      title: "Family support in Chorley",
      specification: "## What we want\n\nSupport for **families** with children aged 0–11.",
      funding_stream_id: "stream-schools-forum",
      max_budget_pence: 2_500_050,
      contract_start: `${YEAR + 1}-04-01`,
      contract_end: `${YEAR + 2}-03-31`,
      opens_at: `${YEAR}-01-15T09:00:00.000Z`, // GMT
      closes_at: `${YEAR}-07-01T11:00:00.000Z`, // BST
      status: "draft",
      published_at: null,
      created_by: "user-officer",
      version: 1,
    });
    const criteria = await db().selectFrom("tender_criteria").select(["id", "position", "name", "weight_percent", "guidance", "max_score"])
      .where("tender_id", "=", id).orderBy("position").execute();
    expect(criteria.map((c) => [c.position, c.name, c.weight_percent, c.max_score])).toEqual([
      [1, "Quality of service", 40, 5], [2, "Outputs", 20, 5], [3, "Outcomes", 20, 5], [4, "Value for money", 20, 5],
    ]);
    expect(criteria[0].guidance).toBe(DEFAULT_CRITERIA[0].guidance);
    const questions = await db().selectFrom("tender_questions").select(["position", "text", "word_limit", "criterion_id"])
      .where("tender_id", "=", id).orderBy("position").execute();
    expect(questions).toEqual([
      { position: 1, text: "How will you reach families who do not ask for help?", word_limit: 500, criterion_id: criteria[0].id },
      { position: 2, text: "What difference will families see?", word_limit: 300, criterion_id: criteria[2].id },
    ]);
    const districts = await db().selectFrom("tender_districts").select("district_id").where("tender_id", "=", id).execute();
    expect(districts.map((d) => d.district_id)).toEqual(["district-chorley"]);
    const themes = await db().selectFrom("tender_themes").select("theme_id").where("tender_id", "=", id).execute();
    expect(themes.map((d) => d.theme_id)).toEqual(["theme-parenting"]);

    const audit = await db().selectFrom("audit_events").selectAll().where("record_id", "=", id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "tender.created", record_type: "tender", actor_user_id: "user-officer", ip: TEST_IP });
    expect(JSON.parse(audit[0].after_json!)).toMatchObject({ reference: t.reference, status: "draft", max_budget_pence: 2_500_050 });

    // The page shows it back in UK time, with the actions an officer has.
    const page = await jsonOf(await run(detailLoader, await getRequest(`/tenders/${id}`, officer), { tenderId: id }));
    expect(page.tender).toMatchObject({ reference: t.reference, status: "draft", maxBudget: "£25,000.50", districts: ["Chorley"], themes: ["Parenting"] });
    expect(page.officer).toMatchObject({ canPublish: true, canEdit: true, submittedBids: 0 });
    const edit = await jsonOf(await run(editLoader, await getRequest(`/tenders/${id}/edit`, officer), { tenderId: id }));
    expect(edit.defaults).toMatchObject({ opens_at: `${YEAR}-01-15T09:00`, closes_at: `${YEAR}-07-01T12:00`, max_budget: "25000.50", "questions.1.criterion": "2" });

    // The next one takes the next number.
    const second = await createDraft(chorleyOfficer, { title: "Second tender" });
    const ref2 = await db().selectFrom("tenders").select("reference").where("id", "=", second.id).executeTakeFirstOrThrow();
    expect(Number(ref2.reference.split("-")[2])).toBe(Number(t.reference.split("-")[2]) + 1);
  });

  it("passes over a reference already in use when the counter comes to it", async () => {
    // A tender given the next number some other way (demo data, an import) before the counter got there.
    const next = await nextTenderReference(db());
    const other = await createTestTender({ state: "draft" });
    await db().updateTable("tenders").set({ reference: next }).where("id", "=", other.id).execute();
    const parsed = parseForm(tenderFormSchema(), (() => {
      const form = new FormData();
      for (const [k, v] of Object.entries(tenderFields())) for (const x of Array.isArray(v) ? v : [v]) form.append(k, x as string);
      return form;
    })());
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const created = await createTender(db(), { actorUserId: "user-officer", ip: null }, parsed.data, []);
    expect(created.reference).not.toBe(next);
    expect(created.reference).toMatch(/^ESI-\d{4}-\d{3}$/);
    expect(Number(created.reference.split("-")[2])).toBe(Number(next.split("-")[2]) + 1);
  });

  it("comes back with more row slots, keeping what was typed, when asked for another row", async () => {
    const response = await run(newAction, await postRequest("/tenders/new", tenderFields({ intent: "add-criterion", title: "Typed title" }), officer));
    expect(response.status).toBe(200);
    const data = await jsonOf(response);
    expect(data.criteriaSlots).toBe(7);
    expect(data.values.title).toBe("Typed title");
    expect(data.values["criteria.0.name"]).toBe("Quality of service");
    expect(data.errors).toEqual({});
    const more = await jsonOf(await run(newAction, await postRequest("/tenders/new", tenderFields({ intent: "add-question" }), officer)));
    expect(more.questionSlots).toBe(3);
  });

  it("offers the default criteria and only the districts the officer covers", async () => {
    const chorley = await jsonOf(await run(newLoader, await getRequest("/tenders/new", chorleyOfficer)));
    expect(chorley.choices.districts).toEqual([{ id: "district-chorley", name: "Chorley", covered: true }]);
    expect(chorley.defaults["criteria.0.name"]).toBe("Quality of service");
    expect(chorley.defaults["criteria.0.weight"]).toBe("40");
    const county = await jsonOf(await run(newLoader, await getRequest("/tenders/new", officer)));
    expect(county.choices.districts).toHaveLength(12);
  });
});

describe("a tender form with problems", () => {
  async function refused(fields: Fields, user: { id: string } = officer) {
    const [tenders, audits] = [await count("tenders"), await count("audit_events")];
    const response = await run(newAction, await postRequest("/tenders/new", tenderFields(fields), user));
    expect(response.status).toBe(400);
    expect(await count("tenders")).toBe(tenders);
    expect(await count("audit_events")).toBe(audits);
    return jsonOf(response);
  }

  it("says what the weights add up to and keeps everything typed", async () => {
    const data = await refused({ "criteria.3.weight": "10", title: "Kept title" });
    expect(data.errors).toEqual({ criteria: "The weights add up to 90%. They must add up to 100%" });
    expect(data.values).toMatchObject({ title: "Kept title", "criteria.3.weight": "10", max_budget: "£25,000.50", districts: ["district-chorley"] });
  });

  it("refuses a closing date before the opening date", async () => {
    const data = await refused({ closes_at: `${YEAR}-01-14T09:00` });
    expect(data.errors).toEqual({ closes_at: "The closing date must be after the opening date" });
  });

  it("refuses a procedure the value does not allow, or none, beside the procedure", async () => {
    expect((await refused({ procedure: "light_touch" })).errors).toEqual({
      procedure: "A light-touch procedure is for contracts worth £663,540.00 or more (VAT included). Choose the below-threshold procedure or a grant competition",
    });
    expect((await refused({ procedure: "below_threshold", max_budget: "700,000" })).errors).toEqual({
      procedure: "A contract worth £663,540.00 or more (VAT included) must use the competitive light-touch procedure",
    });
    expect((await refused({ procedure: "open_tender" })).errors).toEqual({ procedure: "Choose how the tender is run" });
  });

  it("refuses a tender with no districts", async () => {
    const fields = tenderFields();
    delete fields["districts[]"];
    const response = await run(newAction, await postRequest("/tenders/new", fields, officer));
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).errors).toEqual({ districts: "Choose at least one district" });
  });

  it("refuses money that is not money, and no money", async () => {
    expect((await refused({ max_budget: "twenty thousand" })).errors).toEqual({
      max_budget: "Enter the maximum budget in pounds and pence, like 25,000 or 25000.50",
    });
    expect((await refused({ max_budget: "12.345" })).errors.max_budget).toBe("Enter the maximum budget in pounds and pence, like 25,000 or 25000.50");
    expect((await refused({ max_budget: "0" })).errors).toEqual({ max_budget: "The maximum budget must be more than £0" });
    expect((await refused({ max_budget: "" })).errors).toEqual({ max_budget: "Enter the maximum budget" });
  });

  it("gives each bad row its own message", async () => {
    const data = await refused({
      "questions.0.word_limit": "0",
      "questions.1.word_limit": "5001",
      "criteria.1.name": "",
      "questions.1.criterion": "5",
      contract_end: `${YEAR + 1}-03-01`,
    });
    expect(data.errors).toEqual({
      "questions.0.word_limit": "Enter a word limit from 1 to 5,000",
      "questions.1.word_limit": "Enter a word limit from 1 to 5,000",
      "questions.1.criterion": "Choose a criterion that has a name, or none",
      "criteria.1.name": "Enter the name of the criterion",
      contract_end: "The contract end date must be after the start date",
    });
  });

  it("refuses districts the officer does not cover", async () => {
    const data = await refused({ "districts[]": ["district-chorley", "district-wyre"] }, chorleyOfficer);
    expect(data.errors).toEqual({ districts: "Choose only districts you cover" });
  });
});

describe("specification documents", () => {
  it("accepts a real PDF and serves it back as a download to those who may see the tender", async () => {
    const files = await count("files");
    const { id } = await createDraft(officer, { attachments: pdfFile() });
    expect(await count("files")).toBe(files + 1);
    const stored = await db().selectFrom("files").select(["id", "owner_type", "filename", "content_type", "size_bytes"])
      .where("owner_id", "=", id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ owner_type: "tender", filename: "specification.pdf", content_type: "application/pdf", size_bytes: PDF.length });

    const download = await run(fileLoader, await getRequest(`/tenders/${id}/files/${stored.id}`, officer), { tenderId: id, fileId: stored.id });
    expect(download.status).toBe(200);
    expect(download.headers.get("Content-Type")).toBe("application/pdf");
    expect(download.headers.get("Content-Disposition")).toContain('attachment; filename="specification.pdf"');
    expect(new TextDecoder().decode(await download.arrayBuffer())).toBe(PDF);

    // A draft is not the provider's to see, nor its documents.
    const hidden = await run(fileLoader, await getRequest(`/tenders/${id}/files/${stored.id}`, provider), { tenderId: id, fileId: stored.id });
    expect(hidden.status).toBe(404);
    // Once published it is.
    expect((await publish(id)).status).toBe(302);
    const shown = await run(fileLoader, await getRequest(`/tenders/${id}/files/${stored.id}`, provider), { tenderId: id, fileId: stored.id });
    expect(shown.status).toBe(200);
    // A file id from another tender is not found here.
    const other = await createTestTender({ state: "open" });
    const wrong = await run(fileLoader, await getRequest(`/tenders/${other.id}/files/${stored.id}`, provider), { tenderId: other.id, fileId: stored.id });
    expect(wrong.status).toBe(404);
  });

  it("refuses a file with a PDF name but other content", async () => {
    const [tenders, files] = [await count("tenders"), await count("files")];
    const fake = new File([new TextEncoder().encode("This is a plain text file pretending to be a PDF.")], "budget.pdf", { type: "application/pdf" });
    const response = await run(newAction, await postRequest("/tenders/new", tenderFields({ attachments: fake, title: "Kept" }), officer));
    expect(response.status).toBe(400);
    const data = await jsonOf(response);
    expect(data.errors).toEqual({ attachments: 'The selected file "budget.pdf" must be a PDF, DOCX, XLSX or ODT: its content is not one of these' });
    expect(data.values.title).toBe("Kept");
    expect([await count("tenders"), await count("files")]).toEqual([tenders, files]);
  });

  it("refuses a file over the size limit and keeps the other fields", async () => {
    await db().insertInto("settings").values({ key: "max_upload_bytes", value: "2048", updated_at: new Date().toISOString() })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value: "2048" })).execute();
    try {
      const [tenders, files] = [await count("tenders"), await count("files")];
      const big = pdfFile("big.pdf", PDF + "x".repeat(5000));
      const response = await run(newAction, await postRequest("/tenders/new", tenderFields({ attachments: big, title: "Still here" }), officer));
      expect(response.status).toBe(400);
      const data = await jsonOf(response);
      expect(data.errors).toEqual({ attachments: 'The selected file "big.pdf" must be smaller than 2 KB' });
      expect(data.values).toMatchObject({ title: "Still here", max_budget: "£25,000.50", "criteria.0.name": "Quality of service", "questions.0.word_limit": "500" });
      expect([await count("tenders"), await count("files")]).toEqual([tenders, files]);
    } finally {
      await db().deleteFrom("settings").where("key", "=", "max_upload_bytes").execute();
    }
  });
});

describe("publishing", () => {
  it("publishes a draft with an audit event; the status then follows the clock", async () => {
    const { id } = await createDraft();
    expect((await run(detailLoader, await getRequest(`/tenders/${id}`, provider), { tenderId: id })).status).toBe(404);

    const response = await publish(id, 1);
    expect(response.status).toBe(302);
    const t = await db().selectFrom("tenders").select(["status", "published_at", "version"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(t.status).toBe("published");
    expect(t.published_at).not.toBeNull();
    expect(t.version).toBe(2);
    const audit = await db().selectFrom("audit_events").select(["action", "actor_user_id"]).where("record_id", "=", id).orderBy("created_at").execute();
    expect(audit.map((a) => a.action)).toEqual(["tender.created", "tender.published"]);

    // It opens next year: "opens soon" until then, and providers can read it now.
    const page = await jsonOf(await run(detailLoader, await getRequest(`/tenders/${id}`, provider), { tenderId: id }));
    expect(page.tender.status).toBe("upcoming");
    expect(page.provider).toMatchObject({ canBid: false, canAsk: false });
    expect(page.officer).toBeNull();

    // Publishing again with the old version is refused.
    const again = await publish(id, 1);
    expect(again.status).toBe(409);
    expect((await jsonOf(again)).formError).toBe(new StaleEditError("tender").message);
  });

  it("refuses to publish a draft whose closing date has passed", async () => {
    const { id } = await createDraft(officer, { opens_at: "2025-01-15T09:00", closes_at: "2025-07-01T12:00" });
    const response = await publish(id, 1);
    expect(response.status).toBe(409);
    expect((await jsonOf(response)).formError).toBe("The closing date has passed. Change the closing date before you publish the tender.");
    const t = await db().selectFrom("tenders").select("status").where("id", "=", id).executeTakeFirstOrThrow();
    expect(t.status).toBe("draft");
  });
});

describe("the list of tenders", () => {
  it("shows officers their districts' tenders, drafts included, and providers only published ones", async () => {
    const wyreDraft = await createTestTender({ state: "draft", districtIds: ["district-wyre"], title: "Wyre draft for the list", themeIds: ["theme-offending"] });
    const wyreOpen = await createTestTender({ state: "open", districtIds: ["district-wyre"], title: "Wyre open for the list", themeIds: ["theme-offending"] });
    const chorleyOpen = await createTestTender({ state: "open", title: "Chorley open for the list", themeIds: ["theme-parenting"] });
    const refs = (data: { tenders: { reference: string }[] }) => data.tenders.map((t) => t.reference);

    const county = await jsonOf(await run(listLoader, await getRequest("/tenders?q=for+the+list", officer)));
    expect(refs(county).sort()).toEqual([wyreDraft.reference, wyreOpen.reference, chorleyOpen.reference].sort());
    const chorley = await jsonOf(await run(listLoader, await getRequest("/tenders?q=for+the+list", chorleyOfficer)));
    expect(refs(chorley)).toEqual([chorleyOpen.reference]);
    const providerList = await jsonOf(await run(listLoader, await getRequest("/tenders?q=for+the+list&sort=reference&dir=asc", provider)));
    expect(refs(providerList)).toEqual([wyreOpen.reference, chorleyOpen.reference].sort());
    expect(providerList.statuses).not.toContain("draft");

    const byDistrict = await jsonOf(await run(listLoader, await getRequest("/tenders?q=for+the+list&district=district-wyre", provider)));
    expect(refs(byDistrict)).toEqual([wyreOpen.reference]);
    const byTheme = await jsonOf(await run(listLoader, await getRequest("/tenders?q=for+the+list&theme=theme-parenting", officer)));
    expect(refs(byTheme)).toEqual([chorleyOpen.reference]);
    const drafts = await jsonOf(await run(listLoader, await getRequest("/tenders?q=for+the+list&status=draft", officer)));
    expect(refs(drafts)).toEqual([wyreDraft.reference]);
    const open = await jsonOf(await run(listLoader, await getRequest("/tenders?q=for+the+list&status=open&sort=title&dir=desc", officer)));
    expect(open.tenders.map((t: { title: string }) => t.title)).toEqual(["Wyre open for the list", "Chorley open for the list"]);
    // A provider asking for drafts gets the unfiltered list, still without drafts.
    const sneaky = await jsonOf(await run(listLoader, await getRequest("/tenders?q=for+the+list&status=draft", provider)));
    expect(refs(sneaky)).not.toContain(wyreDraft.reference);

    const csv = await run(listLoader, await getRequest("/tenders?q=for+the+list&format=csv", chorleyOfficer));
    expect(csv.headers.get("Content-Type")).toContain("text/csv");
    const text = await csv.text();
    expect(text).toContain("Reference,Title,Status,Districts,Themes,Funding stream,Maximum budget (£),Opens (UK time),Closes (UK time)");
    expect(text).toContain(`${chorleyOpen.reference},Chorley open for the list,Open,Chorley,Parenting,Schools Forum ESI,25000.00`);
    expect(text).not.toContain(wyreOpen.reference);
  });

  it("is for providers and officers; the signed-out are sent to sign in", async () => {
    expect((await run(listLoader, await getRequest("/tenders", panel))).status).toBe(403);
    const out = await run(listLoader, await getRequest("/tenders", null));
    expect(out.status).toBe(302);
    expect(out.headers.get("Location")).toBe("/sign-in?redirectTo=%2Ftenders");
  });
});

describe("amending a published tender", () => {
  async function editForm(tenderId: string, user: { id: string } = officer): Promise<Fields> {
    const data = await jsonOf(await run(editLoader, await getRequest(`/tenders/${tenderId}/edit`, user), { tenderId }));
    return { ...asFields(data.defaults), version: String(data.tender.version), intent: "save" };
  }

  it("records a material amendment, e-mails every bidder and asks submitted bids to confirm", async () => {
    const tender = await createTestTender({ state: "open", title: "Amend me" });
    const draftBid = await createTestBid({ tender, organisationId: "org-red-rose", status: "draft" });
    const submittedBid = await createTestBid({ tender, organisationId: "org-pennine-youth", status: "submitted", createdBy: pennine.id });
    await createTestBid({ tender, organisationId: "org-fylde-parenting", status: "withdrawn", createdBy: fylde.id });
    const oldClose = (await db().selectFrom("tenders").select("closes_at").where("id", "=", tender.id).executeTakeFirstOrThrow()).closes_at;
    const newClose = utcIsoToUkLocal(new Date(Date.now() + 72 * 60 * 60 * 1000).toISOString());

    const form = await editForm(tender.id);
    const response = await run(editAction, await postRequest(`/tenders/${tender.id}/edit`, {
      ...form,
      closes_at: newClose,
      "questions.1.word_limit": "60",
      amendment_summary: "The closing date is three days later and question 2 allows 60 words.",
      material: "yes",
    }, officer), { tenderId: tender.id });
    expect(response.status).toBe(302);

    const amendment = await db().selectFrom("tender_amendments").selectAll().where("tender_id", "=", tender.id).executeTakeFirstOrThrow();
    expect(amendment).toMatchObject({ summary: "The closing date is three days later and question 2 allows 60 words.", material: 1, created_by: "user-officer" });
    const changes = JSON.parse(amendment.changes_json);
    expect(Object.keys(changes).sort()).toEqual(["closes_at", "questions"]);
    expect(changes.closes_at.before).toBe(oldClose);
    expect(changes.closes_at.after).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/);
    expect(changes.questions.after[1].word_limit).toBe(60);
    // The question keeps its id, so answers already written still belong to it.
    const question = await db().selectFrom("tender_questions").select(["id", "word_limit"]).where("id", "=", tender.questions[1].id).executeTakeFirstOrThrow();
    expect(question.word_limit).toBe(60);

    const bids = await db().selectFrom("bids").select(["id", "needs_confirmation"]).where("tender_id", "=", tender.id).execute();
    expect(bids.find((b) => b.id === submittedBid.id)!.needs_confirmation).toBe(1);
    expect(bids.find((b) => b.id === draftBid.id)!.needs_confirmation).toBe(0);

    const toRedRose = await smtp.waitFor((m) => m.to.includes("provider@demo.example") && m.subject.includes(tender.reference));
    expect(toRedRose.subject).toBe(`Material amendment to tender ${tender.reference}: Amend me`);
    expect(toRedRose.text).toContain("The closing date is three days later");
    expect(toRedRose.text).toContain("Check your draft bid");
    const toPennine = await smtp.waitFor((m) => m.to.includes(pennine.email) && m.subject.includes(tender.reference));
    expect(toPennine.text).toContain("confirm that your bid still stands");
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.messages.some((m) => m.to.includes(fylde.email) && m.subject.includes(tender.reference))).toBe(false);

    const audit = await db().selectFrom("audit_events").select(["action", "record_id"]).where("action", "in", ["tender.amended", "bid.confirmation_required"]).where("actor_user_id", "=", "user-officer").execute();
    expect(audit.filter((a) => a.record_id === tender.id).map((a) => a.action)).toEqual(["tender.amended"]);
    expect(audit.filter((a) => a.record_id === submittedBid.id).map((a) => a.action)).toEqual(["bid.confirmation_required"]);

    const page = await jsonOf(await run(detailLoader, await getRequest(`/tenders/${tender.id}`, pennine), { tenderId: tender.id }));
    expect(page.tender.amendments).toMatchObject([{ summary: amendment.summary, material: true, changedFields: ["closing date", "questions"] }]);
  });

  it("leaves submitted bids alone after a change that is not material", async () => {
    const tender = await createTestTender({ state: "open", title: "Minor fix" });
    const submitted = await createTestBid({ tender, organisationId: "org-pennine-youth", status: "submitted", createdBy: pennine.id });
    const form = await editForm(tender.id);
    const response = await run(editAction, await postRequest(`/tenders/${tender.id}/edit`, {
      ...form, title: "Minor fix (typo corrected)", amendment_summary: "A typo in the title is corrected.", material: "no",
    }, officer), { tenderId: tender.id });
    expect(response.status).toBe(302);
    const bid = await db().selectFrom("bids").select("needs_confirmation").where("id", "=", submitted.id).executeTakeFirstOrThrow();
    expect(bid.needs_confirmation).toBe(0);
    const mail = await smtp.waitFor((m) => m.to.includes(pennine.email) && m.subject.includes(tender.reference));
    expect(mail.subject).toBe(`Amendment to tender ${tender.reference}: Minor fix (typo corrected)`);
    expect(mail.text).not.toContain("confirm");
  });

  it("asks for a summary and whether the change is material, and refuses an amendment that changes nothing", async () => {
    const tender = await createTestTender({ state: "open" });
    const form = await editForm(tender.id);
    const amendments = await count("tender_amendments");
    const missing = await run(editAction, await postRequest(`/tenders/${tender.id}/edit`, { ...form, title: "Changed" }, officer), { tenderId: tender.id });
    expect(missing.status).toBe(400);
    expect((await jsonOf(missing)).errors).toEqual({
      amendment_summary: "Enter a summary of the changes for bidders",
      material: "Choose whether this is a material change",
    });
    const nothing = await run(editAction, await postRequest(`/tenders/${tender.id}/edit`, { ...form, amendment_summary: "Nothing", material: "no" }, officer), { tenderId: tender.id });
    expect(nothing.status).toBe(400);
    expect((await jsonOf(nothing)).formError).toBe("You have not changed anything, so there is no amendment to publish.");
    const past = await run(editAction, await postRequest(`/tenders/${tender.id}/edit`, {
      ...form, closes_at: "2026-01-05T12:00", opens_at: "2026-01-01T09:00", amendment_summary: "Earlier", material: "yes",
    }, officer), { tenderId: tender.id });
    expect((await jsonOf(past)).errors).toEqual({ closes_at: "The closing date must be in the future" });
    const later = await run(editAction, await postRequest(`/tenders/${tender.id}/edit`, {
      ...form, opens_at: utcIsoToUkLocal(new Date(Date.now() + 2 * 60 * 60 * 1000).toISOString()), amendment_summary: "Later", material: "yes",
    }, officer), { tenderId: tender.id });
    expect((await jsonOf(later)).errors).toEqual({ opens_at: "The tender is already open, so the opening date cannot be moved into the future" });
    expect(await count("tender_amendments")).toBe(amendments);
  });

  it("refuses a stale edit with 409 and keeps what was typed", async () => {
    const { id } = await createDraft();
    const first = await editForm(id);
    const stale = { ...first };
    const ok = await run(editAction, await postRequest(`/tenders/${id}/edit`, { ...first, title: "Saved by someone else" }, officer), { tenderId: id });
    expect(ok.status).toBe(302);
    const audits = await count("audit_events");
    const response = await run(editAction, await postRequest(`/tenders/${id}/edit`, { ...stale, title: "My late change" }, chorleyOfficer), { tenderId: id });
    expect(response.status).toBe(409);
    const data = await jsonOf(response);
    expect(data.formError).toBe("Someone else changed this tender while you were editing it. Your changes have not been saved: check the current details and make them again.");
    expect(data.values.title).toBe("My late change");
    const t = await db().selectFrom("tenders").select(["title", "version"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(t).toEqual({ title: "Saved by someone else", version: 2 });
    expect(await count("audit_events")).toBe(audits);
  });

  it("edits a draft without an amendment, adding and removing documents", async () => {
    const { id } = await createDraft(officer, { attachments: pdfFile("old.pdf") });
    const data = await jsonOf(await run(editLoader, await getRequest(`/tenders/${id}/edit`, officer), { tenderId: id }));
    const oldFile = data.attachments[0];
    const response = await run(editAction, await postRequest(`/tenders/${id}/edit`, {
      ...asFields(data.defaults), version: String(data.tender.version), "remove_attachments[]": [oldFile.id], attachments: pdfFile("new.pdf"),
      "criteria.4.name": "Social value", "criteria.4.weight": "10", "criteria.3.weight": "10",
    }, officer), { tenderId: id });
    expect(response.status).toBe(302);
    const files = await db().selectFrom("files").select("filename").where("owner_id", "=", id).execute();
    expect(files.map((f) => f.filename)).toEqual(["new.pdf"]);
    const criteria = await db().selectFrom("tender_criteria").select(["name", "weight_percent"]).where("tender_id", "=", id).orderBy("position").execute();
    expect(criteria.map((c) => c.name)).toEqual(["Quality of service", "Outputs", "Outcomes", "Value for money", "Social value"]);
    expect(await db().selectFrom("tender_amendments").select("id").where("tender_id", "=", id).execute()).toEqual([]);
    const audit = await db().selectFrom("audit_events").select("action").where("record_id", "=", id).orderBy("created_at").execute();
    expect(audit.map((a) => a.action)).toEqual(["tender.created", "tender.updated"]);
  });
});

describe("the last time for clarification questions", () => {
  it("is optional, kept in UK time when given, and refused outside the tender's opening and closing", async () => {
    const none = await createDraft();
    expect((await db().selectFrom("tenders").select("clarifications_close_at").where("id", "=", none.id).executeTakeFirstOrThrow()).clarifications_close_at).toBeNull();
    const given = await createDraft(officer, { clarifications_close_at: `${YEAR}-06-24T17:00` });
    // 24 June is in British Summer Time: 17:00 in the UK is 16:00 UTC.
    expect((await db().selectFrom("tenders").select("clarifications_close_at").where("id", "=", given.id).executeTakeFirstOrThrow()).clarifications_close_at).toBe(`${YEAR}-06-24T16:00:00.000Z`);
    for (const [value, message] of [
      [`${YEAR}-07-02T09:00`, "The last time for questions must be after the tender opens and before it closes"],
      [`${YEAR}-01-01T09:00`, "The last time for questions must be after the tender opens and before it closes"],
      [`${YEAR}-02-30T09:00`, "The last time for questions must be real, like 25 May 2026 at 17:00, or left empty"],
      ["soon", "The last time for questions must be real, like 25 May 2026 at 17:00, or left empty"],
    ]) {
      const refused = await run(newAction, await postRequest("/tenders/new", tenderFields({ clarifications_close_at: value }), officer));
      expect(refused.status, value).toBe(400);
      const body = await jsonOf(refused);
      expect(body.errors.clarifications_close_at, value).toBe(message);
      expect(body.values.clarifications_close_at).toBe(value);
    }
  });
});

describe("clarification questions", () => {
  it("are asked privately, answered by an officer and published to everyone without the asker's name", async () => {
    const tender = await createTestTender({ state: "open", title: "Questions welcome" });
    const asked = await run(detailAction, await postRequest(`/tenders/${tender.id}`, { intent: "ask", question: "Can Red Rose bid with a partner?" }, provider), { tenderId: tender.id });
    expect(asked.status).toBe(302);
    const row = await db().selectFrom("clarifications").selectAll().where("tender_id", "=", tender.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ organisation_id: "org-red-rose", asked_by: "user-provider", status: "asked", answer: null, version: 1 });

    // Only the asker sees it while it waits.
    const mine = await jsonOf(await run(detailLoader, await getRequest(`/tenders/${tender.id}`, provider), { tenderId: tender.id }));
    expect(mine.provider.ownQuestions.map((q: { question: string }) => q.question)).toEqual(["Can Red Rose bid with a partner?"]);
    const theirs = await jsonOf(await run(detailLoader, await getRequest(`/tenders/${tender.id}`, pennine), { tenderId: tender.id }));
    expect(theirs.provider.ownQuestions).toEqual([]);
    expect(theirs.tender.clarifications).toEqual([]);

    const queue = await jsonOf(await run(clarificationsLoader, await getRequest(`/tenders/${tender.id}/clarifications`, officer), { tenderId: tender.id }));
    expect(queue.queue).toMatchObject([{ id: row.id, organisationName: "Red Rose Family Support", askerName: "Pat Provider", version: 1 }]);

    const answer = {
      clarificationId: row.id, version: "1",
      [`question.${row.id}`]: "Can a provider bid with a partner organisation?",
      [`answer.${row.id}`]: "Yes. Name the partner and what it will deliver in your answer to question 1.",
    };
    const answered = await run(clarificationsAction, await postRequest(`/tenders/${tender.id}/clarifications`, answer, officer), { tenderId: tender.id });
    expect(answered.status).toBe(302);
    const mail = await smtp.waitFor((m) => m.to.includes("provider@demo.example") && m.subject.includes(tender.reference));
    expect(mail.subject).toBe(`Your question about tender ${tender.reference} has been answered`);
    expect(mail.text).toContain("Name the partner");

    const other = await run(detailLoader, await getRequest(`/tenders/${tender.id}`, pennine), { tenderId: tender.id });
    const body = await other.text();
    const page = JSON.parse(body);
    expect(page.tender.clarifications).toMatchObject([
      { question: "Can a provider bid with a partner organisation?", answer: "Yes. Name the partner and what it will deliver in your answer to question 1." },
    ]);
    for (const secret of ["Red Rose", "Pat Provider", "user-provider", "org-red-rose"]) expect(body).not.toContain(secret);

    // A second answer to the same question (from an old page) is refused.
    const twice = await run(clarificationsAction, await postRequest(`/tenders/${tender.id}/clarifications`, answer, chorleyOfficer), { tenderId: tender.id });
    expect(twice.status).toBe(409);
    const audit = await db().selectFrom("audit_events").select("action").where("record_id", "=", row.id).orderBy("created_at").execute();
    expect(audit.map((a) => a.action)).toEqual(["clarification.asked", "clarification.answered"]);
  });

  it("needs an answer, is only for providers while the tender is open, and the queue is the officers'", async () => {
    const tender = await createTestTender({ state: "open" });
    const empty = await run(detailAction, await postRequest(`/tenders/${tender.id}`, { intent: "ask", question: " " }, provider), { tenderId: tender.id });
    expect(empty.status).toBe(400);
    expect((await jsonOf(empty)).errors).toEqual({ question: "Enter your question" });
    const byOfficer = await run(detailAction, await postRequest(`/tenders/${tender.id}`, { intent: "ask", question: "?" }, officer), { tenderId: tender.id });
    expect(byOfficer.status).toBe(403);
    const closed = await createTestTender({ state: "closed" });
    const late = await run(detailAction, await postRequest(`/tenders/${closed.id}`, { intent: "ask", question: "Too late?" }, provider), { tenderId: closed.id });
    expect(late.status).toBe(409);
    expect((await jsonOf(late)).formError).toBe("This tender is not open, so questions can no longer be asked.");
    expect((await run(clarificationsLoader, await getRequest(`/tenders/${tender.id}/clarifications`, provider), { tenderId: tender.id })).status).toBe(403);

    await run(detailAction, await postRequest(`/tenders/${tender.id}`, { intent: "ask", question: "A question" }, provider), { tenderId: tender.id });
    const row = await db().selectFrom("clarifications").select("id").where("tender_id", "=", tender.id).executeTakeFirstOrThrow();
    const noAnswer = await run(clarificationsAction, await postRequest(`/tenders/${tender.id}/clarifications`, {
      clarificationId: row.id, version: "1", [`question.${row.id}`]: "A question", [`answer.${row.id}`]: "",
    }, officer), { tenderId: tender.id });
    expect(noAnswer.status).toBe(400);
    expect((await jsonOf(noAnswer)).errors).toEqual({ [`answer.${row.id}`]: "Enter the answer" });
  });
});

describe("cancelling", () => {
  it("needs a reason, then cancels and e-mails everyone bidding", async () => {
    const tender = await createTestTender({ state: "open", title: "To be cancelled" });
    await createTestBid({ tender, organisationId: "org-red-rose", status: "draft" });
    await createTestBid({ tender, organisationId: "org-pennine-youth", status: "submitted", createdBy: pennine.id });
    const page = await jsonOf(await run(cancelLoader, await getRequest(`/tenders/${tender.id}/cancel`, officer), { tenderId: tender.id }));
    expect(page.biddingOrganisations).toBe(2);

    const noReason = await run(cancelAction, await postRequest(`/tenders/${tender.id}/cancel`, { version: "1", reason: "" }, officer), { tenderId: tender.id });
    expect(noReason.status).toBe(400);
    expect((await jsonOf(noReason)).errors).toEqual({ reason: "Enter the reason for cancelling the tender" });

    const response = await run(cancelAction, await postRequest(`/tenders/${tender.id}/cancel`, {
      version: "1", reason: "The Schools Forum has withdrawn this year's funding.",
    }, officer), { tenderId: tender.id });
    expect(response.status).toBe(302);
    const t = await db().selectFrom("tenders").select(["status", "cancel_reason", "cancelled_at"]).where("id", "=", tender.id).executeTakeFirstOrThrow();
    expect(t).toMatchObject({ status: "cancelled", cancel_reason: "The Schools Forum has withdrawn this year's funding." });
    expect(t.cancelled_at).not.toBeNull();

    for (const to of ["provider@demo.example", pennine.email]) {
      const mail = await smtp.waitFor((m) => m.to.includes(to) && m.subject.includes(tender.reference) && m.subject.includes("cancelled"));
      expect(mail.subject).toBe(`Tender ${tender.reference} has been cancelled: To be cancelled`);
      expect(mail.text).toContain("The Schools Forum has withdrawn this year's funding.");
    }
    const audit = await db().selectFrom("audit_events").select(["action", "after_json"]).where("record_id", "=", tender.id).execute();
    expect(audit.map((a) => a.action)).toEqual(["tender.cancelled"]);

    const again = await run(cancelAction, await postRequest(`/tenders/${tender.id}/cancel`, { version: "2", reason: "Again" }, officer), { tenderId: tender.id });
    expect(again.status).toBe(409);
  });
});

describe("who may do what", () => {
  it("providers cannot create, edit, publish or cancel", async () => {
    expect((await run(newLoader, await getRequest("/tenders/new", provider))).status).toBe(403);
    expect((await run(newAction, await postRequest("/tenders/new", tenderFields(), provider))).status).toBe(403);
    const open = await createTestTender({ state: "open" });
    expect((await run(editLoader, await getRequest(`/tenders/${open.id}/edit`, provider), { tenderId: open.id })).status).toBe(403);
    expect((await run(editAction, await postRequest(`/tenders/${open.id}/edit`, tenderFields(), provider), { tenderId: open.id })).status).toBe(403);
    expect((await publish(open.id, 1, provider)).status).toBe(403);
    expect((await run(cancelAction, await postRequest(`/tenders/${open.id}/cancel`, { version: "1", reason: "x" }, provider), { tenderId: open.id })).status).toBe(403);
    // A draft does not exist as far as a provider knows.
    const draft = await createTestTender({ state: "draft" });
    expect((await run(detailLoader, await getRequest(`/tenders/${draft.id}`, provider), { tenderId: draft.id })).status).toBe(404);
    expect((await publish(draft.id, 1, provider)).status).toBe(404);
    const t = await db().selectFrom("tenders").select("status").where("id", "=", draft.id).executeTakeFirstOrThrow();
    expect(t.status).toBe("draft");
  });

  it("an officer for Chorley only cannot manage a Wyre tender, nor see a Wyre draft", async () => {
    const wyre = await createTestTender({ state: "open", districtIds: ["district-wyre"] });
    expect((await run(editLoader, await getRequest(`/tenders/${wyre.id}/edit`, chorleyOfficer), { tenderId: wyre.id })).status).toBe(403);
    expect((await run(cancelAction, await postRequest(`/tenders/${wyre.id}/cancel`, { version: "1", reason: "Not mine" }, chorleyOfficer), { tenderId: wyre.id })).status).toBe(403);
    expect((await run(clarificationsLoader, await getRequest(`/tenders/${wyre.id}/clarifications`, chorleyOfficer), { tenderId: wyre.id })).status).toBe(403);
    const wyreDraft = await createTestTender({ state: "draft", districtIds: ["district-wyre"] });
    expect((await run(detailLoader, await getRequest(`/tenders/${wyreDraft.id}`, chorleyOfficer), { tenderId: wyreDraft.id })).status).toBe(404);
    expect((await run(editLoader, await getRequest(`/tenders/${wyreDraft.id}/edit`, chorleyOfficer), { tenderId: wyreDraft.id })).status).toBe(404);
    expect((await publish(wyreDraft.id, 1, chorleyOfficer)).status).toBe(404);
    // The county-wide officer may.
    expect((await run(editLoader, await getRequest(`/tenders/${wyre.id}/edit`, officer), { tenderId: wyre.id })).status).toBe(200);
  });

  it("panel members and viewers cannot create tenders; the signed-out are sent to sign in", async () => {
    expect((await run(newLoader, await getRequest("/tenders/new", panel))).status).toBe(403);
    expect((await run(newLoader, await getRequest("/tenders/new", viewer))).status).toBe(403);
    expect((await run(newAction, await postRequest("/tenders/new", tenderFields(), viewer))).status).toBe(403);
    const out = await run(newLoader, await getRequest("/tenders/new", null));
    expect(out.status).toBe(302);
    expect(out.headers.get("Location")).toBe("/sign-in?redirectTo=%2Ftenders%2Fnew");
    const open = await createTestTender({ state: "open" });
    const anonymous = await run(detailLoader, await getRequest(`/tenders/${open.id}`, null), { tenderId: open.id });
    expect(anonymous.status).toBe(302);
    // A viewer may not read tenders at all.
    expect((await run(detailLoader, await getRequest(`/tenders/${open.id}`, viewer), { tenderId: open.id })).status).toBe(403);
  });

  it("officers see how many bids are in, never what they say", async () => {
    const tender = await createTestTender({ state: "open" });
    await createTestBid({ tender, organisationId: "org-red-rose", status: "submitted" });
    await createTestBid({ tender, organisationId: "org-pennine-youth", status: "draft", createdBy: pennine.id });
    const response = await run(detailLoader, await getRequest(`/tenders/${tender.id}`, chorleyOfficer), { tenderId: tender.id });
    const body = await response.text();
    expect(JSON.parse(body).officer.submittedBids).toBe(1);
    expect(body).not.toContain("We will work with families at home");
    expect(body).not.toContain("Strong Families Chorley");
  });
});

describe("an unknown intent", () => {
  async function unchanged(act: () => Promise<Response>, tenderId?: string): Promise<Response> {
    const row = async () => (tenderId ? db().selectFrom("tenders").select(["status", "version", "title"]).where("id", "=", tenderId).executeTakeFirst() : null);
    const before = { tenders: await count("tenders"), audit: await count("audit_events"), files: await count("files"), row: await row() };
    const response = await act();
    expect({ tenders: await count("tenders"), audit: await count("audit_events"), files: await count("files"), row: await row() }).toEqual(before);
    return response;
  }

  it("is refused with 400 when creating a tender, and nothing is saved", async () => {
    const response = await unchanged(async () => run(newAction, await postRequest("/tenders/new", tenderFields({ intent: "publish-now" }), officer)));
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).values.title).toBe("Family support in Chorley");
  });

  it("is refused with 400 when editing a tender, and nothing is saved", async () => {
    const { id } = await createDraft();
    const response = await unchanged(async () =>
      run(editAction, await postRequest(`/tenders/${id}/edit`, { ...tenderFields({ intent: "delete", title: "Renamed" }), version: "1" }, officer), { tenderId: id }), id);
    expect(response.status).toBe(400);
  });

  it("is refused with 400 on the tender page, and the tender stays a draft", async () => {
    const { id } = await createDraft();
    const response = await unchanged(async () =>
      run(detailAction, await postRequest(`/tenders/${id}`, { intent: "archive", version: "1" }, officer), { tenderId: id }), id);
    expect(response.status).toBe(400);
  });
});
