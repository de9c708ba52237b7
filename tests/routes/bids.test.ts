import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { seedDemoData } from "../../demo/seed";
import { newId } from "~/lib/ids.server";
import { action as startAction, loader as startLoader } from "~/routes/tenders.$tenderId.bid";
import { action as bidAction, loader as bidLoader } from "~/routes/bids.$bidId._index";
import { action as submitAction, loader as submitLoader } from "~/routes/bids.$bidId.submit";
import { loader as receiptLoader } from "~/routes/bids.$bidId.receipt";
import { action as withdrawAction, loader as withdrawLoader } from "~/routes/bids.$bidId.withdraw";
import { loader as fileLoader } from "~/routes/bids.$bidId.files.$fileId";
import { loader as listLoader } from "~/routes/bids._index";
import { loader as auditLoader } from "~/routes/admin.audit";
import { loader as auditCsvLoader } from "~/routes/admin.audit[.]csv";
import { createTestUser, getRequest, jsonOf, postRequest, run, type TestUser, flashedMessage } from "../helpers/requests";
import { startSmtpServer, type TestSmtp } from "../helpers/smtp";
import { createTestBid, createTestTender, type TestTender } from "../helpers/tenders";
import { sumBudget } from "~/lib/budget";

// Pat Provider of Red Rose Family Support, from the demo seed.
const PAT = { id: "user-provider" };
const PAT_EMAIL = "provider@demo.example";
const OFFICER = { id: "user-officer" }; // county-wide
const CHORLEY_OFFICER = { id: "user-chorley-officer" };
const QUARTERS = ["2027-28 Q1", "2027-28 Q2", "2027-28 Q3", "2027-28 Q4"];

let smtp: TestSmtp;
let colleague: TestUser; // a second provider in Red Rose
let rival: TestUser; // a provider in Pennine Youth

beforeAll(async () => {
  await seedDemoData(getDb());
  smtp = await startSmtpServer();
  process.env.SMTP_URL = smtp.url;
  colleague = await createTestUser({ roles: ["provider"], organisationId: "org-red-rose", name: "Rita Rose" });
  rival = await createTestUser({ roles: ["provider"], organisationId: "org-pennine-youth", name: "Sam Pennine" });
});

afterAll(async () => {
  delete process.env.SMTP_URL;
  await smtp.close();
});

// --- helpers -------------------------------------------------------------------------------

/** The same canonical JSON the fingerprint is defined on: keys sorted, no spaces. */
function stableStringify(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  const keys = Object.keys(value as object).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`).join(",")}}`;
}

const sha256 = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");

function words(n: number): string {
  return Array.from({ length: n }, (_, i) => `word${i + 1}`).join(" ");
}

/** A small file whose bytes really are a PDF. */
function pdfBytes(padTo = 0): Uint8Array<ArrayBuffer> {
  const head = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
  return new Uint8Array(new TextEncoder().encode(head.padEnd(Math.max(padTo, head.length), " ")));
}

function pdfFile(name: string, padTo = 0): File {
  return new File([pdfBytes(padTo)], name, { type: "application/pdf" });
}

const ANSWER_1 = "We will visit families at home and run weekly groups in three primary schools, with a named key worker for each family.";
const ANSWER_2 = "Parents report more confidence and children attend school more often.";

type Fields = Record<string, string | string[] | File>;

/** A complete bid for a test tender: £20,000 over four quarters, an output and an outcome indicator. */
function completeFields(tender: TestTender, version: number, extra: Fields = {}): Fields {
  const fields: Fields = {
    version: String(version),
    district_id: "district-chorley",
    title: "Strong Families Chorley",
    [`answer.${tender.questions[0].id}`]: ANSWER_1,
    [`answer.${tender.questions[1].id}`]: ANSWER_2,
    amount: "20,000.00",
    "indicators.0.kind": "output",
    "indicators.0.name": "Families supported",
    "indicators.0.definition": "Families with a support plan agreed in the quarter",
    "indicators.0.unit": "count",
    "indicators.1.kind": "outcome",
    "indicators.1.name": "Parents more confident",
    "indicators.1.definition": "Parents scoring their confidence higher at the end of their support plan",
    "indicators.1.unit": "count",
    // The spare row every form posts: left empty, it is not kept.
    "indicators.2.kind": "output",
    "indicators.2.unit": "count",
    "indicators.2.name": "",
    "indicators.2.definition": "",
  };
  for (const [i, q] of QUARTERS.entries()) {
    fields[`budget.${q}.staff`] = "3000";
    fields[`budget.${q}.delivery`] = "2,000.00";
    fields[`budget.${q}.overheads`] = "";
    fields[`budget.${q}.other`] = "";
    fields[`indicators.0.target.${q}`] = String(10 + i);
    fields[`indicators.1.target.${q}`] = String(5 + i);
    fields[`indicators.2.target.${q}`] = "";
  }
  return { ...fields, ...extra };
}

/** The canonical content the fingerprint of a bid made from completeFields covers. */
function expectedCanonical(args: {
  bidId: string;
  tender: TestTender;
  tenderVersion: number;
  attachments: { filename: string; sha256: string }[];
}) {
  return {
    format: "bid-fingerprint-v1",
    bid_id: args.bidId,
    tender_id: args.tender.id,
    tender_version: args.tenderVersion,
    organisation_id: "org-red-rose",
    district_id: "district-chorley",
    title: "Strong Families Chorley",
    amount_pence: 2_000_000,
    answers: [
      { question_id: args.tender.questions[0].id, answer: ANSWER_1 },
      { question_id: args.tender.questions[1].id, answer: ANSWER_2 },
    ],
    // Sorted by quarter, then category name.
    budget: QUARTERS.flatMap((quarter) => [
      { quarter, category: "delivery", amount_pence: 200_000 },
      { quarter, category: "staff", amount_pence: 300_000 },
    ]),
    indicators: [
      {
        kind: "output", name: "Families supported", definition: "Families with a support plan agreed in the quarter", unit: "count",
        targets: Object.fromEntries(QUARTERS.map((q, i) => [q, 10 + i])),
      },
      {
        kind: "outcome", name: "Parents more confident", definition: "Parents scoring their confidence higher at the end of their support plan", unit: "count",
        targets: Object.fromEntries(QUARTERS.map((q, i) => [q, 5 + i])),
      },
    ],
    attachments: [...args.attachments].sort((a, b) => (a.sha256 < b.sha256 ? -1 : 1)),
  };
}

async function startBidAs(tender: TestTender, user: { id: string } = PAT): Promise<string> {
  const response = await run(startAction, await postRequest(`/tenders/${tender.id}/bid`, {}, user), { tenderId: tender.id });
  expect(response.status).toBe(302);
  const match = /^\/bids\/([0-9a-f-]+)$/.exec(response.headers.get("Location") ?? "");
  expect(match).not.toBeNull();
  return match![1];
}

async function save(bidId: string, fields: Fields, user: { id: string } = PAT) {
  return run(bidAction, await postRequest(`/bids/${bidId}`, fields, user), { bidId });
}

async function submit(bidId: string, fields: Fields, user: { id: string } = PAT) {
  return run(submitAction, await postRequest(`/bids/${bidId}/submit`, fields, user), { bidId });
}

async function versionOf(bidId: string): Promise<number> {
  const row = await getDb().selectFrom("bids").select("version").where("id", "=", bidId).executeTakeFirstOrThrow();
  return row.version;
}

/** Everything stored for a bid, to show that a refused request changed nothing. */
async function snapshot(bidId: string) {
  const db = getDb();
  const [bid, answers, lines, indicators, files, audit] = await Promise.all([
    db.selectFrom("bids").selectAll().where("id", "=", bidId).executeTakeFirstOrThrow(),
    db.selectFrom("bid_answers").select(["question_id", "answer"]).where("bid_id", "=", bidId).orderBy("question_id").execute(),
    db.selectFrom("bid_budget_lines").select(["quarter", "category", "amount_pence"]).where("bid_id", "=", bidId).orderBy("quarter").orderBy("category").execute(),
    db.selectFrom("bid_indicators").select(["position", "kind", "name", "definition", "unit", "targets_json"]).where("bid_id", "=", bidId).orderBy("position").execute(),
    db.selectFrom("files").select(["filename", "sha256"]).where("owner_type", "=", "bid").where("owner_id", "=", bidId).orderBy("filename").execute(),
    db.selectFrom("audit_events").select(["action"]).where("record_id", "=", bidId).execute(),
  ]);
  return { bid, answers, lines, indicators, files, audit: audit.length };
}

async function auditActions(bidId: string): Promise<string[]> {
  const rows = await getDb().selectFrom("audit_events").select("action").where("record_id", "=", bidId).orderBy("created_at").orderBy("id").execute();
  return rows.map((r) => r.action);
}

/** Starts, completes and submits a bid through the routes; returns its id. */
async function submittedBid(tender: TestTender): Promise<string> {
  const bidId = await startBidAs(tender);
  const saved = await save(bidId, completeFields(tender, await versionOf(bidId), { intent: "continue" }));
  expect(saved.status).toBe(302);
  const done = await submit(bidId, { version: String(await versionOf(bidId)), intent: "submit", declaration: "yes" });
  expect(done.status).toBe(302);
  return bidId;
}

// --- the journey ---------------------------------------------------------------------------

describe("a provider's bid from start to receipt", () => {
  it("starts, saves a draft, saves it complete, submits with the declaration and gets a receipt and an e-mail", async () => {
    const tender = await createTestTender({ state: "open" });

    const startPage = await run(startLoader, await getRequest(`/tenders/${tender.id}/bid`, PAT), { tenderId: tender.id });
    expect(startPage.status).toBe(200);
    expect((await jsonOf(startPage)).problem).toBeNull();

    const bidId = await startBidAs(tender);
    const page = await jsonOf(await run(bidLoader, await getRequest(`/bids/${bidId}`, PAT), { bidId }));
    expect(page.editable).toBe(true);
    expect(page.bid.status).toBe("draft");
    expect(page.tender.quarters).toEqual(QUARTERS);
    expect(page.tender.questions.map((q: { wordLimit: number }) => q.wordLimit)).toEqual([50, 30]);

    // A draft with most things missing saves.
    const draft = await save(bidId, { version: "1", intent: "save", title: "Strong Families", [`answer.${tender.questions[0].id}`]: "A first thought." });
    expect(draft.status).toBe(302);
    expect(draft.headers.get("Location")).toBe(`/bids/${bidId}`);
    const afterDraft = await snapshot(bidId);
    expect(afterDraft.bid.version).toBe(2);
    expect(afterDraft.bid.title).toBe("Strong Families");
    expect(afterDraft.bid.amount_pence).toBeNull();
    expect(afterDraft.answers).toEqual([{ question_id: tender.questions[0].id, answer: "A first thought." }]);
    expect(afterDraft.lines).toEqual([]);

    // Complete, with an attachment, and on to check your answers.
    const file = pdfBytes();
    const complete = await save(bidId, completeFields(tender, 2, { intent: "continue", attachment: new File([file], "plan.pdf", { type: "application/pdf" }) }));
    expect(complete.status).toBe(302);
    expect(complete.headers.get("Location")).toBe(`/bids/${bidId}/submit`);
    const stored = await snapshot(bidId);
    expect(stored.bid).toMatchObject({ version: 3, status: "draft", district_id: "district-chorley", amount_pence: 2_000_000 });
    expect(stored.lines).toHaveLength(8);
    expect(stored.lines.reduce((sum, l) => sum + Number(l.amount_pence), 0)).toBe(2_000_000);
    expect(stored.indicators).toEqual([
      {
        position: 1, kind: "output", name: "Families supported", definition: "Families with a support plan agreed in the quarter", unit: "count",
        targets_json: JSON.stringify(Object.fromEntries(QUARTERS.map((q, i) => [q, 10 + i]))),
      },
      {
        position: 2, kind: "outcome", name: "Parents more confident", definition: "Parents scoring their confidence higher at the end of their support plan", unit: "count",
        targets_json: JSON.stringify(Object.fromEntries(QUARTERS.map((q, i) => [q, 5 + i]))),
      },
    ]);
    expect(stored.files).toEqual([{ filename: "plan.pdf", sha256: sha256(file) }]);

    const check = await jsonOf(await run(submitLoader, await getRequest(`/bids/${bidId}/submit`, PAT), { bidId }));
    expect(check.mode).toBe("submit");
    expect(check.closed).toBeNull();
    expect(check.problems).toEqual([]);
    expect(sumBudget(check.view.budget.lines).totalPence).toBe(2_000_000);

    // The declaration is required.
    const undeclared = await submit(bidId, { version: "3", intent: "submit" });
    expect(undeclared.status).toBe(400);
    expect((await jsonOf(undeclared)).errors).toEqual({ declaration: "Confirm that the information in your bid is correct and complete" });
    expect((await snapshot(bidId)).bid.status).toBe("draft");

    const before = Date.now();
    const submitted = await submit(bidId, { version: "3", intent: "submit", declaration: "yes" });
    expect(submitted.status).toBe(302);
    expect(submitted.headers.get("Location")).toBe(`/bids/${bidId}/receipt`);

    const expected = sha256(stableStringify(expectedCanonical({ bidId, tender, tenderVersion: 1, attachments: [{ filename: "plan.pdf", sha256: sha256(file) }] })));
    const row = (await snapshot(bidId)).bid;
    expect(row.status).toBe("submitted");
    expect(row.submitted_by).toBe(PAT.id);
    expect(new Date(row.submitted_at!).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(row.fingerprint).toBe(expected);
    expect(await auditActions(bidId)).toEqual(["bid.started", "bid.saved", "bid.saved", "bid.submitted"]);

    const receipt = await jsonOf(await run(receiptLoader, await getRequest(`/bids/${bidId}/receipt`, PAT), { bidId }));
    expect(receipt.receipt.fingerprint).toBe(expected);
    expect(receipt.receipt.reference).toMatch(new RegExp(`^${tender.reference}-[0-9A-F]{8}$`));
    expect(receipt.receipt.submitted).toMatch(/\(UK time\)$/);

    const mail = await smtp.waitFor((m) => m.to.includes(PAT_EMAIL) && m.text.includes(expected));
    const { title: tenderTitle } = await getDb().selectFrom("tenders").select("title").where("id", "=", tender.id).executeTakeFirstOrThrow();
    expect(mail.subject).toBe(`Bid received: ${receipt.receipt.reference} for ${tenderTitle}`);
    expect(mail.text).toContain(`Reference: ${receipt.receipt.reference}`);
    expect(mail.text).toContain(`Fingerprint (SHA-256): ${expected}`);
    expect(mail.text).toContain("(UK time)");

    // The submitted bid is now read-only, with its receipt linked.
    const after = await jsonOf(await run(bidLoader, await getRequest(`/bids/${bidId}`, PAT), { bidId }));
    expect(after.editable).toBe(false);
    expect(after.bid.fingerprint).toBe(expected);
    expect(after.canWithdraw).toBe(true);

    // And the attachment downloads for its own organisation.
    const fileRow = await getDb().selectFrom("files").select("id").where("owner_id", "=", bidId).executeTakeFirstOrThrow();
    const download = await run(fileLoader, await getRequest(`/bids/${bidId}/files/${fileRow.id}`, PAT), { bidId, fileId: fileRow.id });
    expect(download.status).toBe(200);
    expect(download.headers.get("Content-Disposition")).toContain("attachment");
    expect(sha256(new Uint8Array(await download.arrayBuffer()))).toBe(sha256(file));
  });

  it("submits once when the button is pressed twice, and says so", async () => {
    const tender = await createTestTender({ state: "open" });
    const bidId = await submittedBid(tender);
    const first = await snapshot(bidId);
    const mailsBefore = smtp.messages.filter((m) => m.text.includes(first.bid.fingerprint!)).length;

    const again = await submit(bidId, { version: String(first.bid.version - 1), intent: "submit", declaration: "yes" });
    expect(again.status).toBe(302);
    expect(again.headers.get("Location")).toBe(`/bids/${bidId}/receipt`);
    expect((await flashedMessage(again))?.text).toMatch(/^You have already submitted this bid, at .*It was submitted once/);

    const second = await snapshot(bidId);
    expect(second.bid).toEqual(first.bid);
    expect((await auditActions(bidId)).filter((a) => a === "bid.submitted")).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.messages.filter((m) => m.text.includes(first.bid.fingerprint!)).length).toBe(mailsBefore);
  });

  it("lists the organisation's bids, and only its own, as a page and as CSV", async () => {
    const tender = await createTestTender({ state: "open", title: "Listed tender" });
    const mine = await startBidAs(tender);
    const theirs = await createTestBid({ tender, organisationId: "org-pennine-youth", createdBy: rival.id });
    const list = await jsonOf(await run(listLoader, await getRequest("/bids?q=listed", colleague)));
    expect(list.bids.map((b: { id: string }) => b.id)).toEqual([mine]);
    const rivalList = await jsonOf(await run(listLoader, await getRequest("/bids?q=listed", rival)));
    expect(rivalList.bids.map((b: { id: string }) => b.id)).toEqual([theirs.id]);
    const csv = await run(listLoader, await getRequest("/bids?format=csv&q=listed", PAT));
    expect(csv.headers.get("Content-Type")).toContain("text/csv");
    const body = await csv.text();
    expect(body).toContain(tender.reference);
    expect(body.split("\r\n").filter(Boolean)).toHaveLength(2);
    const officer = await run(listLoader, await getRequest("/bids", OFFICER));
    expect(officer.status).toBe(403);
  });
});

// --- bad input -----------------------------------------------------------------------------

describe("bad input is refused with the field's message, nothing written, what was typed returned", () => {
  let tender: TestTender;
  let bidId: string;

  beforeAll(async () => {
    tender = await createTestTender({ state: "open" });
    bidId = await startBidAs(tender);
    const ok = await save(bidId, completeFields(tender, 1, { intent: "save" }));
    expect(ok.status).toBe(302);
  });

  async function refused(fields: Fields, status = 400) {
    const before = await snapshot(bidId);
    const response = await save(bidId, fields);
    expect(response.status).toBe(status);
    expect(await snapshot(bidId)).toEqual(before);
    return jsonOf(response);
  }

  it("an answer over its word limit", async () => {
    const long = words(34);
    const body = await refused(completeFields(tender, 2, { intent: "save", [`answer.${tender.questions[1].id}`]: long }));
    expect(body.errors).toEqual({ [`answer.${tender.questions[1].id}`]: "Your answer to question 2 must be 30 words or fewer (you have 34)" });
    expect(body.values[`answer.${tender.questions[1].id}`]).toBe(long);
    expect(body.values.title).toBe("Strong Families Chorley");
  });

  it("a budget that does not add up to the amount", async () => {
    const body = await refused(completeFields(tender, 2, { intent: "continue", "budget.2027-28 Q4.delivery": "1,500" }));
    expect(body.errors).toEqual({ budget: "The budget adds up to £19,500.00 but you asked for £20,000.00" });
    expect(body.values["budget.2027-28 Q4.delivery"]).toBe("1,500");
  });

  it("an amount over the tender's maximum", async () => {
    const body = await refused(completeFields(tender, 2, { intent: "continue", amount: "25,000.01", "budget.2027-28 Q4.other": "5000.01" }));
    expect(body.errors).toEqual({ amount: "The amount must be £25,000.00 or less" });
    expect(body.values.amount).toBe("25,000.01");
  });

  it("money that is not money and targets that are not numbers", async () => {
    const body = await refused(completeFields(tender, 2, { intent: "save", amount: "twenty thousand", "indicators.0.target.2027-28 Q2": "lots" }));
    expect(body.errors).toEqual({
      amount: "Enter the amount in pounds, like 20000 or 20,000.00",
      "indicators.0.target.2027-28 Q2": "The target for 2027-28 Q2 for indicator 1 must be a number, like 20",
    });
  });

  it("a text file named .pdf", async () => {
    const fake = new File(["This is plain text, not a PDF at all."], "plan.pdf", { type: "application/pdf" });
    const body = await refused(completeFields(tender, 2, { intent: "save", attachment: fake }));
    expect(body.errors).toEqual({ attachment: 'The selected file "plan.pdf" must be a PDF, DOCX, XLSX or ODT: its content is not one of these' });
    expect(body.values.title).toBe("Strong Families Chorley");
  });

  it("a file over the upload limit", async () => {
    const db = getDb();
    await db.insertInto("settings").values({ key: "max_upload_bytes", value: "1024", updated_at: new Date().toISOString() })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value: "1024" })).execute();
    try {
      // A long answer travels in the same body as the file and is not cut short by the file limit.
      const body = await refused(completeFields(tender, 2, { intent: "save", attachment: pdfFile("big.pdf", 4096), title: "T".repeat(150) }));
      expect(body.errors).toEqual({ attachment: 'The selected file "big.pdf" must be smaller than 1 KB' });
      expect(body.values.title).toBe("T".repeat(150));
      expect(body.values[`answer.${tender.questions[0].id}`]).toBe(ANSWER_1);
    } finally {
      await db.deleteFrom("settings").where("key", "=", "max_upload_bytes").execute();
    }
  });

  it("a stale save: someone else in the organisation saved in between", async () => {
    // Pat opened the form at version 2; Rita saves first.
    const rita = await save(bidId, completeFields(tender, 2, { intent: "save", title: "Rita's title" }), colleague);
    expect(rita.status).toBe(302);
    const afterRita = await snapshot(bidId);
    expect(afterRita.bid.title).toBe("Rita's title");

    const body = await refused(completeFields(tender, 2, { intent: "save", title: "Pat's title" }), 409);
    expect(body.formError).toMatch(/^Someone else in your organisation saved this bid at \d{1,2}:\d{2}(am|pm)( on \d{1,2} \w+ \d{4})?\. Your changes have not been saved: /);
    expect(body.values.title).toBe("Pat's title");
    expect(body.current.savedBy).toBe("Rita Rose");
    expect(await snapshot(bidId)).toEqual(afterRita);
  });

  it("a save after the closing time", async () => {
    const closed = await createTestTender({ state: "closed" });
    const draft = await createTestBid({ tender: closed, organisationId: "org-red-rose", status: "draft" });
    const before = await snapshot(draft.id);
    const response = await save(draft.id, completeFields(closed, 1, { intent: "save" }));
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).formError).toMatch(/^This tender closed at \d{1,2}:\d{2}(am|pm) on \d{1,2} \w+ \d{4}\. Bids can no longer be changed\.$/);
    expect(await snapshot(draft.id)).toEqual(before);
  });

  it("a bid with output indicators only: saved as a draft, but not complete without an outcome", async () => {
    const outputsOnly = completeFields(tender, await versionOf(bidId), {
      intent: "continue", "indicators.1.kind": "output", "indicators.1.name": "Sessions run", "indicators.1.definition": "Group sessions held",
    });
    const body = await refused(outputsOnly);
    expect(body.errors).toEqual({
      indicators: "Add at least one outcome indicator: the difference the project will make. Without one, the council cannot estimate the costs the project avoids",
    });
    expect(body.values["indicators.1.name"]).toBe("Sessions run");
    // As a draft it saves: the rule is for a bid ready to submit.
    const draft = await save(bidId, { ...outputsOnly, intent: "save" });
    expect(draft.status).toBe(302);
    const kinds = (await snapshot(bidId)).indicators.map((i) => i.kind);
    expect(kinds).toEqual(["output", "output"]);
    // Submitting it is refused too.
    const submitted = await submit(bidId, { version: String(await versionOf(bidId)), intent: "submit", declaration: "yes" });
    expect(submitted.status).toBe(400);
    expect((await snapshot(bidId)).bid.status).toBe("draft");
    expect((await save(bidId, completeFields(tender, await versionOf(bidId), { intent: "save" }))).status).toBe(302);
  });

  it("deletes an attachment with the rest of the save", async () => {
    const uploaded = await save(bidId, completeFields(tender, await versionOf(bidId), { intent: "save", attachment: pdfFile("budget.pdf") }));
    expect(uploaded.status).toBe(302);
    const file = await getDb().selectFrom("files").select("id").where("owner_id", "=", bidId).where("filename", "=", "budget.pdf").executeTakeFirstOrThrow();
    const deleted = await save(bidId, completeFields(tender, await versionOf(bidId), { deleteFile: file.id }));
    expect(deleted.status).toBe(302);
    expect(await getDb().selectFrom("files").select("id").where("id", "=", file.id).executeTakeFirst()).toBeUndefined();
  });
});

describe("saving as it is typed (the form's background save)", () => {
  let tender: TestTender;
  let bidId: string;

  beforeAll(async () => {
    tender = await createTestTender({ state: "open" });
    bidId = await startBidAs(tender);
  });

  it("saves the draft as typed with the version check, answers with the new version, and audits it", async () => {
    const version = await versionOf(bidId);
    const typed = completeFields(tender, version, { intent: "autosave", [`answer.${tender.questions[1].id}`]: "Half an answer, still being" });
    const response = await save(bidId, typed);
    expect(response.status).toBe(200);
    const body = await jsonOf(response);
    expect(body.autosaved.version).toBe(version + 1);
    expect(body.autosaved.savedAt).toMatch(/^\d{1,2}:\d{2}(am|pm)$/);
    const stored = await snapshot(bidId);
    expect(stored.bid.version).toBe(version + 1);
    expect(stored.answers.find((a) => a.question_id === tender.questions[1].id)?.answer).toBe("Half an answer, still being");
    expect((await auditActions(bidId)).at(-1)).toBe("bid.saved");
  });

  it("saves a draft that is not complete: nothing is asked that 'Save as draft' would not ask", async () => {
    const response = await save(bidId, { version: String(await versionOf(bidId)), intent: "autosave", title: "Only a title so far" });
    expect(response.status).toBe(200);
    expect((await snapshot(bidId)).bid.title).toBe("Only a title so far");
  });

  it("refuses a stale background save with the reason, keeping the other person's save", async () => {
    const version = await versionOf(bidId);
    expect((await save(bidId, completeFields(tender, version, { intent: "save", title: "Rita's title" }), colleague)).status).toBe(302);
    const before = await snapshot(bidId);
    const response = await save(bidId, completeFields(tender, version, { intent: "autosave", title: "Pat's title" }));
    expect(response.status).toBe(409);
    expect((await jsonOf(response)).formError).toMatch(/^Someone else in your organisation saved this bid at /);
    expect(await snapshot(bidId)).toEqual(before);
  });

  it("refuses bad input with the field's message and saves nothing", async () => {
    const before = await snapshot(bidId);
    const response = await save(bidId, completeFields(tender, await versionOf(bidId), { intent: "autosave", amount: "lots" }));
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).errors).toEqual({ amount: "Enter the amount in pounds, like 20000 or 20,000.00" });
    expect(await snapshot(bidId)).toEqual(before);
  });

  it("is refused to another organisation's provider, and after the closing time", async () => {
    const before = await snapshot(bidId);
    const response = await save(bidId, completeFields(tender, await versionOf(bidId), { intent: "autosave" }), rival);
    expect(response.status).toBe(404);
    const closed = await createTestTender({ state: "closed" });
    const draft = await createTestBid({ tender: closed, organisationId: "org-red-rose", status: "draft" });
    const late = await save(draft.id, completeFields(closed, 1, { intent: "autosave" }));
    expect(late.status).toBe(400);
    expect((await jsonOf(late)).formError).toMatch(/Bids can no longer be changed\.$/);
    expect(await snapshot(bidId)).toEqual(before);
  });
});

// --- the clock, one live bid, withdrawing, amendments ------------------------------------------

describe("the rules of bidding", () => {
  it("refuses a late submission and keeps the bid a draft", async () => {
    const tender = await createTestTender({ state: "open" });
    const bidId = await startBidAs(tender);
    expect((await save(bidId, completeFields(tender, 1, { intent: "continue" }))).status).toBe(302);
    // The tender closed at midday on 3 March 2026 (UK time is GMT then).
    await getDb().updateTable("tenders").set({ opens_at: "2026-02-01T09:00:00.000Z", closes_at: "2026-03-03T12:00:00.000Z" }).where("id", "=", tender.id).execute();
    const before = await snapshot(bidId);
    const late = await submit(bidId, { version: "2", intent: "submit", declaration: "yes" });
    expect(late.status).toBe(400);
    expect((await jsonOf(late)).formError).toBe("This tender closed at 12:00pm on 3 March 2026. Bids can no longer be submitted.");
    expect(await snapshot(bidId)).toEqual(before);
    expect(before.bid.status).toBe("draft");
    const check = await jsonOf(await run(submitLoader, await getRequest(`/bids/${bidId}/submit`, PAT), { bidId }));
    expect(check.closed).toBe("This tender closed at 12:00pm on 3 March 2026. Bids can no longer be submitted.");
  });

  it("refuses a bid a second after the closing time", async () => {
    const tender = await createTestTender({ state: "open" });
    const bidId = await startBidAs(tender);
    expect((await save(bidId, completeFields(tender, 1, { intent: "continue" }))).status).toBe(302);
    await getDb().updateTable("tenders").set({ closes_at: new Date(Date.now() - 1000).toISOString() }).where("id", "=", tender.id).execute();
    const late = await submit(bidId, { version: "2", intent: "submit", declaration: "yes" });
    expect(late.status).toBe(400);
    expect((await jsonOf(late)).formError).toMatch(/Bids can no longer be submitted\.$/);
    expect((await snapshot(bidId)).bid.status).toBe("draft");
  });

  it("refuses to submit an incomplete bid", async () => {
    const tender = await createTestTender({ state: "open" });
    const bidId = await startBidAs(tender);
    const response = await submit(bidId, { version: "1", intent: "submit", declaration: "yes" });
    expect(response.status).toBe(400);
    const body = await jsonOf(response);
    expect(body.formError).toBe("Your bid is not complete yet. Nothing has been submitted.");
    expect(body.problems.map((p: { message: string }) => p.message)).toContain("Enter your answer to question 1");
    expect((await snapshot(bidId)).bid.status).toBe("draft");
  });

  it("keeps one live bid per provider per tender", async () => {
    const tender = await createTestTender({ state: "open" });
    const first = await startBidAs(tender);
    expect(await startBidAs(tender, colleague)).toBe(first);
    const loader = await run(startLoader, await getRequest(`/tenders/${tender.id}/bid`, PAT), { tenderId: tender.id });
    expect(loader.status).toBe(302);
    expect(loader.headers.get("Location")).toBe(`/bids/${first}`);

    // Two presses at once still make one bid.
    const tender2 = await createTestTender({ state: "open" });
    const both = await Promise.all([startBidAs(tender2, PAT), startBidAs(tender2, colleague)]);
    expect(both[0]).toBe(both[1]);
    const count = await getDb().selectFrom("bids").select((eb) => eb.fn.countAll<number>().as("n")).where("tender_id", "=", tender2.id).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);

    // The database refuses a second live bid whatever the code does.
    await expect(createTestBid({ tender, organisationId: "org-red-rose", status: "draft" })).rejects.toThrow();

    // Another organisation bids on the same tender separately.
    expect(await startBidAs(tender, rival)).not.toBe(first);
  });

  it("withdraws before closing, and a new bid can then be started from a copy", async () => {
    const tender = await createTestTender({ state: "open" });
    const bidId = await submittedBid(tender);
    const page = await run(withdrawLoader, await getRequest(`/bids/${bidId}/withdraw`, PAT), { bidId });
    expect(page.status).toBe(200);
    expect((await jsonOf(page)).problem).toBeNull();

    const stale = await run(withdrawAction, await postRequest(`/bids/${bidId}/withdraw`, { version: "1" }, PAT), { bidId });
    expect(stale.status).toBe(409);
    expect((await snapshot(bidId)).bid.status).toBe("submitted");

    const version = await versionOf(bidId);
    const withdrawn = await run(withdrawAction, await postRequest(`/bids/${bidId}/withdraw`, { version: String(version) }, PAT), { bidId });
    expect(withdrawn.status).toBe(302);
    expect(withdrawn.headers.get("Location")).toBe("/bids");
    const row = (await snapshot(bidId)).bid;
    expect(row.status).toBe("withdrawn");
    expect(row.withdrawn_at).not.toBeNull();
    expect((await auditActions(bidId)).at(-1)).toBe("bid.withdrawn");

    const again = await startBidAs(tender);
    expect(again).not.toBe(bidId);
    const copy = await snapshot(again);
    expect(copy.bid).toMatchObject({ status: "draft", version: 1, title: "Strong Families Chorley", amount_pence: 2_000_000 });
    expect(copy.answers).toHaveLength(2);
    expect(copy.lines).toHaveLength(8);
    expect(copy.indicators.map((i) => i.kind)).toEqual(["output", "outcome"]);
  });

  it("does not withdraw after closing", async () => {
    const tender = await createTestTender({ state: "closed" });
    const bid = await createTestBid({ tender, organisationId: "org-red-rose" });
    const response = await run(withdrawAction, await postRequest(`/bids/${bid.id}/withdraw`, { version: "1" }, PAT), { bidId: bid.id });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).formError).toMatch(/^This tender closed at .*\. Bids can no longer be withdrawn\.$/);
    expect((await snapshot(bid.id)).bid.status).toBe("submitted");
  });

  it("asks for confirmation after a material amendment, and confirming reseals the bid", async () => {
    const tender = await createTestTender({ state: "open" });
    const bidId = await submittedBid(tender);
    const original = (await snapshot(bidId)).bid;
    // What a material amendment does to the tender and to the bids already submitted.
    await getDb().updateTable("tenders").set({ version: 2 }).where("id", "=", tender.id).execute();
    await getDb().updateTable("bids").set({ needs_confirmation: 1 }).where("id", "=", bidId).execute();

    const page = await jsonOf(await run(bidLoader, await getRequest(`/bids/${bidId}`, PAT), { bidId }));
    expect(page.bid.needsConfirmation).toBe(true);
    expect(page.canConfirm).toBe(true);
    const list = await jsonOf(await run(listLoader, await getRequest(`/bids?q=${tender.reference}`, PAT)));
    expect(list.bids[0].needsConfirmation).toBe(true);
    const check = await jsonOf(await run(submitLoader, await getRequest(`/bids/${bidId}/submit`, PAT), { bidId }));
    expect(check.mode).toBe("confirm");
    expect(check.problems).toEqual([]);

    const confirmed = await submit(bidId, { version: String(original.version), intent: "confirm", declaration: "yes" });
    expect(confirmed.status).toBe(302);
    const row = (await snapshot(bidId)).bid;
    const attachments = await getDb().selectFrom("files").select(["filename", "sha256"]).where("owner_id", "=", bidId).execute();
    expect(row.needs_confirmation).toBe(0);
    expect(row.status).toBe("submitted");
    expect(row.submitted_at).toBe(original.submitted_at);
    expect(row.fingerprint).toBe(sha256(stableStringify(expectedCanonical({ bidId, tender, tenderVersion: 2, attachments }))));
    expect(row.fingerprint).not.toBe(original.fingerprint);
    expect((await auditActions(bidId)).at(-1)).toBe("bid.confirmed");
    await smtp.waitFor((m) => m.subject.startsWith("Bid confirmed:") && m.text.includes(row.fingerprint!));

    const twice = await submit(bidId, { version: String(row.version), intent: "confirm", declaration: "yes" });
    expect(twice.status).toBe(302);
    expect((await snapshot(bidId)).bid).toEqual(row);
  });
});

// --- who may do what -------------------------------------------------------------------------

describe("refusals", () => {
  let tender: TestTender;
  let bidId: string;
  let fileId: string;

  beforeAll(async () => {
    tender = await createTestTender({ state: "open" });
    bidId = await startBidAs(tender);
    expect((await save(bidId, completeFields(tender, 1, { intent: "save", attachment: pdfFile("plan.pdf") }))).status).toBe(302);
    fileId = (await getDb().selectFrom("files").select("id").where("owner_id", "=", bidId).executeTakeFirstOrThrow()).id;
  });

  it("another provider gets 404 on every page and action of the bid", async () => {
    const before = await snapshot(bidId);
    const p = { bidId };
    expect((await run(bidLoader, await getRequest(`/bids/${bidId}`, rival), p)).status).toBe(404);
    expect((await run(bidAction, await postRequest(`/bids/${bidId}`, completeFields(tender, 2, { title: "Hijacked" }), rival), p)).status).toBe(404);
    expect((await run(submitLoader, await getRequest(`/bids/${bidId}/submit`, rival), p)).status).toBe(404);
    expect((await run(submitAction, await postRequest(`/bids/${bidId}/submit`, { version: "2", intent: "submit", declaration: "yes" }, rival), p)).status).toBe(404);
    expect((await run(withdrawLoader, await getRequest(`/bids/${bidId}/withdraw`, rival), p)).status).toBe(404);
    expect((await run(withdrawAction, await postRequest(`/bids/${bidId}/withdraw`, { version: "2" }, rival), p)).status).toBe(404);
    expect((await run(receiptLoader, await getRequest(`/bids/${bidId}/receipt`, rival), p)).status).toBe(404);
    expect((await run(fileLoader, await getRequest(`/bids/${bidId}/files/${fileId}`, rival), { bidId, fileId })).status).toBe(404);
    expect(await snapshot(bidId)).toEqual(before);
  });

  it("a file is only served through its own bid", async () => {
    const other = await startBidAs(await createTestTender({ state: "open" }));
    const response = await run(fileLoader, await getRequest(`/bids/${other}/files/${fileId}`, PAT), { bidId: other, fileId });
    expect(response.status).toBe(404);
  });

  it("a bid cannot be started on a tender that is not open", async () => {
    const closed = await createTestTender({ state: "closed" });
    const response = await run(startAction, await postRequest(`/tenders/${closed.id}/bid`, {}, PAT), { tenderId: closed.id });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).formError).toMatch(/^This tender closed at .*\. Bids can no longer be started\.$/);

    const upcoming = await createTestTender({ state: "open" });
    await getDb().updateTable("tenders").set({ opens_at: new Date(Date.now() + 3_600_000).toISOString() }).where("id", "=", upcoming.id).execute();
    const early = await run(startAction, await postRequest(`/tenders/${upcoming.id}/bid`, {}, PAT), { tenderId: upcoming.id });
    expect(early.status).toBe(400);
    expect((await jsonOf(early)).formError).toMatch(/^This tender opens at /);

    const draft = await createTestTender({ state: "draft" });
    expect((await run(startAction, await postRequest(`/tenders/${draft.id}/bid`, {}, PAT), { tenderId: draft.id })).status).toBe(404);
    const count = await getDb().selectFrom("bids").select("id").where("tender_id", "in", [closed.id, upcoming.id, draft.id]).execute();
    expect(count).toEqual([]);
  });

  it("a provider cannot submit for a tender that is not open", async () => {
    const cancelled = await createTestTender({ state: "cancelled" });
    const bid = await createTestBid({ tender: cancelled, organisationId: "org-red-rose", status: "draft" });
    const response = await submit(bid.id, { version: "1", intent: "submit", declaration: "yes" });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).formError).toBe("This tender has been cancelled. Bids can no longer be submitted.");
    expect((await snapshot(bid.id)).bid.status).toBe("draft");
  });

  it("only providers start bids", async () => {
    const response = await run(startAction, await postRequest(`/tenders/${tender.id}/bid`, {}, OFFICER), { tenderId: tender.id });
    expect(response.status).toBe(403);
  });

  it("sends a signed-out visitor to sign in", async () => {
    const page = await run(bidLoader, await getRequest(`/bids/${bidId}`), { bidId });
    expect(page.status).toBe(302);
    expect(page.headers.get("Location")).toBe(`/sign-in?redirectTo=${encodeURIComponent(`/bids/${bidId}`)}`);
    const post = await run(bidAction, await postRequest(`/bids/${bidId}`, completeFields(tender, 2)), { bidId });
    expect(post.status).toBe(302);
    expect(post.headers.get("Location")).toMatch(/^\/sign-in\?redirectTo=/);
    const list = await run(listLoader, await getRequest("/bids"));
    expect(list.headers.get("Location")).toBe("/sign-in?redirectTo=%2Fbids");
    const start = await run(startAction, await postRequest(`/tenders/${tender.id}/bid`, {}), { tenderId: tender.id });
    expect(start.status).toBe(302);
  });

  it("an officer reads a bid's contents only after the closing time, and never changes it", async () => {
    const t = await createTestTender({ state: "open" });
    const submitted = await submittedBid(t);
    const file = (await getDb().selectFrom("files").select("id").where("owner_id", "=", submitted).executeTakeFirst()) ?? null;
    expect((await run(bidLoader, await getRequest(`/bids/${submitted}`, OFFICER), { bidId: submitted })).status).toBe(404);
    expect((await run(bidLoader, await getRequest(`/bids/${submitted}`, CHORLEY_OFFICER), { bidId: submitted })).status).toBe(404);
    expect((await run(receiptLoader, await getRequest(`/bids/${submitted}/receipt`, OFFICER), { bidId: submitted })).status).toBe(404);
    expect(file).toBeNull(); // submittedBid uploads nothing

    await getDb().updateTable("tenders").set({ closes_at: new Date(Date.now() - 60_000).toISOString() }).where("id", "=", t.id).execute();
    const page = await run(bidLoader, await getRequest(`/bids/${submitted}`, CHORLEY_OFFICER), { bidId: submitted });
    expect(page.status).toBe(200);
    const data = await jsonOf(page);
    expect(data.own).toBe(false);
    expect(data.editable).toBe(false);
    expect(data.defaults).toBeNull();
    expect(data.view.answers.map((a: { answer: string }) => a.answer)).toEqual([ANSWER_1, ANSWER_2]);
    expect(data.bid.organisationName).toBe("Red Rose Family Support");

    const before = await snapshot(submitted);
    expect((await run(bidAction, await postRequest(`/bids/${submitted}`, completeFields(t, before.bid.version), OFFICER), { bidId: submitted })).status).toBe(403);
    expect((await run(withdrawAction, await postRequest(`/bids/${submitted}/withdraw`, { version: String(before.bid.version) }, OFFICER), { bidId: submitted })).status).toBe(403);
    expect(await snapshot(submitted)).toEqual(before);

    // A Burnley tender is outside the Chorley officer's scope, closed or not.
    const burnley = await createTestTender({ state: "closed", districtIds: ["district-burnley"] });
    const burnleyBid = await createTestBid({ tender: burnley, organisationId: "org-fylde-parenting", districtId: "district-burnley" });
    expect((await run(bidLoader, await getRequest(`/bids/${burnleyBid.id}`, CHORLEY_OFFICER), { bidId: burnleyBid.id })).status).toBe(404);
    expect((await run(bidLoader, await getRequest(`/bids/${burnleyBid.id}`, OFFICER), { bidId: burnleyBid.id })).status).toBe(200);
  });

  it("a made-up bid is not found", async () => {
    const id = newId();
    expect((await run(bidLoader, await getRequest(`/bids/${id}`, PAT), { bidId: id })).status).toBe(404);
  });
});

describe("an unknown intent", () => {
  it("is refused with 400 when saving a draft, and nothing is saved", async () => {
    const tender = await createTestTender({ state: "open" });
    const bidId = await startBidAs(tender);
    const before = await snapshot(bidId);
    const response = await save(bidId, completeFields(tender, await versionOf(bidId), { intent: "submit", attachment: pdfFile("plan.pdf") }));
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).values.title).toBe("Strong Families Chorley");
    expect(await snapshot(bidId)).toEqual(before);
  });

  it("is refused with 400 on the check-your-answers page, and the draft is not submitted", async () => {
    const tender = await createTestTender({ state: "open" });
    const bidId = await startBidAs(tender);
    expect((await save(bidId, completeFields(tender, await versionOf(bidId), { intent: "continue" }))).status).toBe(302);
    const before = await snapshot(bidId);
    const response = await submit(bidId, { version: String(await versionOf(bidId)), intent: "withdraw", declaration: "yes" });
    expect(response.status).toBe(400);
    expect(await snapshot(bidId)).toEqual(before);
    expect(before.bid.status).toBe("draft");
  });
});

describe("a sealed bid in the audit trail", () => {
  it("carries no bid content while the tender is open: administrators see which parts changed, not what they say", async () => {
    const tender = await createTestTender({ state: "open" });
    const bidId = await submittedBid(tender);
    const admin = { id: "user-admin" };
    const page = await jsonOf(await run(auditLoader, await getRequest(`/admin/audit?record=${bidId}`, admin)));
    const csv = await (await run(auditCsvLoader, await getRequest(`/admin/audit.csv?record=${bidId}`, admin))).text();
    const events = await getDb().selectFrom("audit_events").select(["action", "before_json", "after_json"]).where("record_id", "=", bidId).execute();
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(["bid.started", "bid.saved", "bid.submitted"]));
    for (const text of [JSON.stringify(page), csv, JSON.stringify(events)]) {
      for (const secret of ["Strong Families Chorley", "Families supported", "2000000", "20,000", ANSWER_1.slice(0, 30)]) {
        expect(text).not.toContain(secret);
      }
    }
    const saved = events.find((e) => e.action === "bid.saved")!;
    expect(JSON.parse(saved.after_json!)).toMatchObject({
      content_sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      changed: expect.arrayContaining(["title", "amount_pence", "indicators"]),
    });
  });
});
