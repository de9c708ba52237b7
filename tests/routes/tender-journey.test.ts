// The whole tender journey, driven only through the routes' loaders and actions, on a fresh
// demo database (people, districts and money; no tenders): an officer drafts and publishes a
// tender, a provider asks a clarification that is answered for everyone, two providers bid and
// submit, a third is too late, the panel declares and scores, the officer moderates, awards,
// and the losing bidder reads why. The database is read directly only to check what was stored
// (and written directly twice: to move the clock past the closing time, and to add the
// 2027-28 allocation the demo money does not have).
//
// Every request is built the way a browser sends the page's form: the same field names, every
// field the page renders (blank ones included), url-encoded for plain forms and multipart for
// the two forms with a file input (the new tender and the bid), where an empty file input is
// sent as a part with filename="" exactly as browsers do. Textarea line breaks travel as CRLF.
//
// Criteria are the four defaults: Quality of service 40%, Outputs 20%, Outcomes 20%, Value for
// money 20%, each out of 5. Consensus scores and weighted totals, worked out by hand:
//   Red Rose (£20,000)      4, 4, 3, 4 → 4/5×40 + 4/5×20 + 3/5×20 + 4/5×20 = 32 + 16 + 12 + 16 = 76.0
//   Pennine Youth (£24,000) 3, 3, 2, 3 → 3/5×40 + 3/5×20 + 2/5×20 + 3/5×20 = 24 + 12 +  8 + 12 = 56.0
//   Ranks: Red Rose 1, Pennine Youth 2.
// Panel members' own scores:
//   Amira (conflict on Pennine): Red Rose 4, 4, 3, 4
//   Bilal: Red Rose 5, 4, 3, 3 (spreads 1, 0, 0, 1); Pennine 3, 3, 2, 3
// The award: Red Rose's £20,000 budget sits in 2027-28 Q1–Q4, so one commitment of 2,000,000
// pence for financial year 2027 against a £80,000 Chorley allocation added for 2027-28.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { BUDGET_CATEGORIES } from "../../db/schema";
import { seedDemoData } from "../../demo/seed";
import { action as newTenderAction, loader as newTenderLoader } from "~/routes/tenders.new";
import { action as tenderAction, loader as tenderLoader } from "~/routes/tenders.$tenderId._index";
import { action as clarificationsAction, loader as clarificationsLoader } from "~/routes/tenders.$tenderId.clarifications";
import { action as startBidAction, loader as startBidLoader } from "~/routes/tenders.$tenderId.bid";
import { action as bidAction, loader as bidLoader } from "~/routes/bids.$bidId._index";
import { action as submitAction, loader as submitLoader } from "~/routes/bids.$bidId.submit";
import { loader as receiptLoader } from "~/routes/bids.$bidId.receipt";
import { action as officerPanelAction, loader as officerPanelLoader } from "~/routes/tenders.$tenderId.panel";
import { action as panelTenderAction, loader as panelTenderLoader } from "~/routes/panel.$tenderId._index";
import { action as panelBidAction, loader as panelBidLoader } from "~/routes/panel.$tenderId.bids.$bidId";
import { action as moderationAction, loader as moderationLoader } from "~/routes/tenders.$tenderId.moderation";
import { action as decisionsAction, loader as decisionsLoader } from "~/routes/tenders.$tenderId.decisions";
import { loader as outcomeLoader } from "~/routes/bids.$bidId.outcome";
import { BASE, cookieFrom, createTestUser, getRequest, jsonOf, run, sessionCookie, type TestUser, flashedMessage } from "../helpers/requests";
import { startSmtpServer, type TestSmtp } from "../helpers/smtp";
import { sumBudget } from "~/lib/budget";

// --- who ---------------------------------------------------------------------------------------

const OFFICER = { id: "user-officer" }; // Olivia Officer, county-wide
const RED_ROSE = { id: "user-provider" }; // Pat Provider, Red Rose Family Support
const RED_ROSE_EMAIL = "provider@demo.example";

let smtp: TestSmtp;
let pennine: TestUser; // a provider user of Pennine Youth Partnership CIC
let fylde: TestUser; // a provider user of Fylde Coast Parenting Trust
let amira: TestUser; // panel member A: a conflict with Pennine Youth
let bilal: TestUser; // panel member B: no interests

beforeAll(async () => {
  await seedDemoData(getDb());
  smtp = await startSmtpServer();
  process.env.SMTP_URL = smtp.url;
  pennine = await createTestUser({ roles: ["provider"], organisationId: "org-pennine-youth", name: "Sam Okafor", email: "sam.okafor@pennine-journey.test" });
  fylde = await createTestUser({ roles: ["provider"], organisationId: "org-fylde-parenting", name: "Jo Marsden", email: "jo.marsden@fylde-journey.test" });
  amira = await createTestUser({ roles: ["panel"], name: "Amira Shah", email: "amira.shah@panel-journey.test" });
  bilal = await createTestUser({ roles: ["panel"], name: "Bilal Turner", email: "bilal.turner@panel-journey.test" });
});

afterAll(async () => {
  delete process.env.SMTP_URL;
  await smtp?.close();
});

// --- requests as a browser sends them ------------------------------------------------------------

/** An <input type="file"> left empty: browsers still send the part, with filename="". */
const NO_FILE = Symbol("no file chosen");
type Pair = [name: string, value: string | typeof NO_FILE];

/** Browsers send a textarea's line breaks as CRLF. */
const crlf = (value: string) => value.replace(/\r?\n/g, "\r\n");

async function cookieHeaders(user: { id: string }): Promise<Headers> {
  return new Headers({ Cookie: await sessionCookie(user) });
}

/** A <Form method="post"> with no encType: application/x-www-form-urlencoded. */
async function formPost(path: string, pairs: Pair[], user: { id: string }): Promise<Request> {
  const body = new URLSearchParams();
  for (const [name, value] of pairs) {
    if (value === NO_FILE) throw new Error("A url-encoded form has no file inputs");
    body.append(name, crlf(value));
  }
  const headers = await cookieHeaders(user);
  headers.set("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8");
  return new Request(`${BASE}${path}`, { method: "POST", body: body.toString(), headers });
}

/** A <Form encType="multipart/form-data">, byte for byte as a browser builds it. */
async function multipartPost(path: string, pairs: Pair[], user: { id: string }): Promise<Request> {
  const boundary = `----WebKitFormBoundary${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  let body = "";
  for (const [name, value] of pairs) {
    body += `--${boundary}\r\n`;
    body += value === NO_FILE
      ? `Content-Disposition: form-data; name="${name}"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n\r\n`
      : `Content-Disposition: form-data; name="${name}"\r\n\r\n${crlf(value)}\r\n`;
  }
  body += `--${boundary}--\r\n`;
  const headers = await cookieHeaders(user);
  headers.set("Content-Type", `multipart/form-data; boundary=${boundary}`);
  return new Request(`${BASE}${path}`, { method: "POST", body: new TextEncoder().encode(body), headers });
}

/** The one-shot message an action left in the session for the next page. */
async function flashOf(response: Response): Promise<{ kind: string; text: string } | undefined> {
  return flashedMessage(response);
}

async function load(loader: Parameters<typeof run>[0], path: string, user: { id: string }, params: Record<string, string>) {
  return run(loader, await getRequest(path, user), params);
}

async function loadJson(loader: Parameters<typeof run>[0], path: string, user: { id: string }, params: Record<string, string>) {
  const response = await load(loader, path, user, params);
  expect(response.status).toBe(200);
  return jsonOf(response);
}

// --- UK time, worked out here rather than with the app's helpers ----------------------------------

const MINUTE = 60_000;
const LONDON = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
});
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

function londonParts(ms: number) {
  const p = Object.fromEntries(LONDON.formatToParts(new Date(ms)).filter((x) => x.type !== "literal").map((x) => [x.type, x.value]));
  return { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute };
}

/** What an officer types into a datetime-local field for an instant, in UK time. */
function ukDateTimeLocal(ms: number): string {
  const p = londonParts(ms);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** "4:07pm on 9 March 2027", the way the closing message words an instant in UK time. */
function ukClockOnDate(ms: number): string {
  const p = londonParts(ms);
  const hour = Number(p.hour);
  return `${hour % 12 === 0 ? 12 : hour % 12}:${p.minute}${hour < 12 ? "am" : "pm"} on ${Number(p.day)} ${MONTHS[Number(p.month) - 1]} ${p.year}`;
}

// The tender opens a minute before the test starts and closes ten (or so) minutes after it, both
// on the minute because a datetime-local field has no seconds. (In the one repeated hour a year
// when the clocks go back, a UK wall-clock time names two instants; the form takes the first, so
// a run in that hour would see these times land an hour early.)
const STARTED = Date.now();
const OPENS_MS = Math.floor(STARTED / MINUTE) * MINUTE - MINUTE;
const CLOSES_MS = Math.floor(STARTED / MINUTE) * MINUTE + 10 * MINUTE;

// --- what is typed ----------------------------------------------------------------------------------

const TITLE = "Family support in Chorley 2027-28";
const SPECIFICATION = "## What we want\n\nEarly help for **families** in Chorley with children aged 0–11.\n\n- Home visits\n- Groups in schools";
const QUESTION_1 = "How will you reach families in Chorley who do not usually ask for help?";
const QUESTION_2 = "What difference will families see by the end of the contract?";
const QUARTERS = ["2027-28 Q1", "2027-28 Q2", "2027-28 Q3", "2027-28 Q4"];
const CRITERIA_NAMES = ["Quality of service", "Outputs", "Outcomes", "Value for money"];

const ASKED = "We at Red Rose Family Support want to know: can a provider bid with a partner organisation?";
const PUBLISHED_QUESTION = "Can a provider bid with a partner organisation?";
const ANSWER = "Yes. Name the partner and what it will deliver in your answer to question 1.";

const words = (text: string) => text.trim().split(/\s+/).length;

const RED_ROSE_ANSWERS = [
  "A named key worker visits each family at home, and we run weekly drop-in groups in three Chorley primary schools with the school nurse.",
  "Parents feel more confident,\nand children attend school more often.",
];
// Exactly 40 words: at question 2's limit, which is allowed.
const PENNINE_ANSWERS = [
  "Detached youth workers meet young people where they are: parks, the bus station and the leisure centre.",
  "Young people will report better wellbeing on a validated scale, attend school more often, stay out of trouble with the police, and know where to go for help when things go wrong at home or at school this school year.",
];

// --- state carried from step to step ------------------------------------------------------------------

let tenderId = "";
let reference = "";
let criteria: { id: string; name: string }[] = [];
let questions: { id: string; word_limit: number }[] = [];
let clarificationId = "";
let redRoseBid = "";
let pennineBid = "";
let fyldeBid = "";
const fingerprints: Record<string, string> = {};
const receipts: Record<string, string> = {};

const tenderParams = () => ({ tenderId });

async function storedBid(bidId: string) {
  return getDb().selectFrom("bids").selectAll().where("id", "=", bidId).executeTakeFirstOrThrow();
}

/** The new-tender page's form as the officer fills it in, every slot it renders included. */
function newTenderPairs(defaults: Record<string, string>): Pair[] {
  const pairs: Pair[] = [
    ["title", TITLE],
    ["specification", SPECIFICATION],
    ["districts[]", "district-chorley"],
    ["funding_stream_id", "stream-schools-forum"],
    ["max_budget", "25,000"],
    ["procedure", "below_threshold"],
    ["contract_start", "2027-04-01"],
    ["contract_end", "2028-03-31"],
    ["opens_at", ukDateTimeLocal(OPENS_MS)],
    ["closes_at", ukDateTimeLocal(CLOSES_MS)],
  ];
  // Six criterion rows, the first four filled in with the defaults the page shows.
  for (let i = 0; i < 6; i += 1) {
    for (const field of ["id", "name", "weight", "guidance", "max_score"]) {
      const name = `criteria.${i}.${field}`;
      pairs.push([name, defaults[name] ?? ""]);
    }
  }
  // Ten question rows: two typed in, eight left blank.
  const typed: Record<string, string> = {
    "questions.0.text": QUESTION_1, "questions.0.word_limit": "60", "questions.0.criterion": "0",
    "questions.1.text": QUESTION_2, "questions.1.word_limit": "40", "questions.1.criterion": "2",
  };
  for (let i = 0; i < 10; i += 1) {
    for (const field of ["id", "text", "word_limit", "criterion"]) {
      const name = `questions.${i}.${field}`;
      pairs.push([name, typed[name] ?? ""]);
    }
  }
  pairs.push(["attachments", NO_FILE], ["intent", "save"]);
  return pairs;
}

interface BidPage {
  bid: { version: number; status: string };
  editable: boolean;
  defaults: Record<string, string> | null;
  tender: { quarters: string[]; questions: { id: string; position: number; wordLimit: number }[]; districts: { id: string; name: string }[] };
}

/** The bid page's form: what the page filled in, overlaid with what the provider typed. */
function bidPairs(page: BidPage, typed: Record<string, string>, intent: "save" | "continue"): Pair[] {
  const values: Record<string, string> = { ...(page.defaults ?? {}), ...typed };
  const pairs: Pair[] = [["version", String(page.bid.version)]];
  if (values.district_id) pairs.push(["district_id", values.district_id]); // a radio: nothing sent until one is chosen
  pairs.push(["title", values.title ?? ""]);
  for (const q of page.tender.questions) pairs.push([`answer.${q.id}`, values[`answer.${q.id}`] ?? ""]);
  pairs.push(["amount", values.amount ?? ""]);
  for (const quarter of page.tender.quarters) {
    for (const category of BUDGET_CATEGORIES) pairs.push([`budget.${quarter}.${category}`, values[`budget.${quarter}.${category}`] ?? ""]);
  }
  const rows = [...new Set(Object.keys(values).flatMap((k) => /^indicators\.(\d+)\./.exec(k)?.[1] ?? []))].map(Number).sort((a, b) => a - b);
  for (const row of rows) {
    for (const field of ["kind", "name", "definition", "unit"]) pairs.push([`indicators.${row}.${field}`, values[`indicators.${row}.${field}`] ?? ""]);
    for (const quarter of page.tender.quarters) pairs.push([`indicators.${row}.target.${quarter}`, values[`indicators.${row}.target.${quarter}`] ?? ""]);
  }
  pairs.push(["attachment", NO_FILE], ["intent", intent]);
  return pairs;
}

function bidTyped(args: {
  title: string;
  answers: string[];
  amount: string;
  budget: Partial<Record<(typeof BUDGET_CATEGORIES)[number], string>>;
  indicators: { kind: string; name: string; definition: string; unit: string; targets: string[] }[];
}): Record<string, string> {
  const typed: Record<string, string> = {
    district_id: "district-chorley",
    title: args.title,
    amount: args.amount,
  };
  args.indicators.forEach((indicator, row) => {
    typed[`indicators.${row}.kind`] = indicator.kind;
    typed[`indicators.${row}.name`] = indicator.name;
    typed[`indicators.${row}.definition`] = indicator.definition;
    typed[`indicators.${row}.unit`] = indicator.unit;
    QUARTERS.forEach((quarter, i) => { typed[`indicators.${row}.target.${quarter}`] = indicator.targets[i]; });
  });
  questions.forEach((q, i) => { typed[`answer.${q.id}`] = args.answers[i]; });
  QUARTERS.forEach((quarter) => {
    for (const [category, amount] of Object.entries(args.budget)) typed[`budget.${quarter}.${category}`] = amount!;
  });
  return typed;
}

async function startBid(user: { id: string }): Promise<string> {
  const page = await run(startBidLoader, await getRequest(`/tenders/${tenderId}/bid`, user), tenderParams());
  expect(page.status).toBe(200);
  expect((await jsonOf(page)).problem).toBeNull();
  const response = await run(startBidAction, await formPost(`/tenders/${tenderId}/bid`, [], user), tenderParams());
  expect(response.status).toBe(302);
  const bidId = /^\/bids\/([^/]+)$/.exec(response.headers.get("Location") ?? "")?.[1];
  expect(bidId).toBeTruthy();
  expect(await flashOf(response)).toEqual({
    kind: "success", text: "You have started a bid. Save it as a draft at any time; anyone in your organisation can carry on with it.",
  });
  return bidId!;
}

async function saveBid(bidId: string, user: { id: string }, typed: Record<string, string>, intent: "save" | "continue"): Promise<Response> {
  const page = (await loadJson(bidLoader, `/bids/${bidId}`, user, { bidId })) as BidPage;
  expect(page.editable).toBe(true);
  expect(page.tender.quarters).toEqual(QUARTERS);
  return run(bidAction, await multipartPost(`/bids/${bidId}`, bidPairs(page, typed, intent), user), { bidId });
}

/** "Check your answers", then the declaration ticked and "Submit your bid" pressed. */
async function submitBid(bidId: string, user: { id: string }): Promise<Response> {
  const check = await loadJson(submitLoader, `/bids/${bidId}/submit`, user, { bidId });
  return run(submitAction, await formPost(`/bids/${bidId}/submit`, [
    ["version", String(check.bid.version)], ["intent", check.mode], ["declaration", "yes"],
  ], user), { bidId });
}

function scorePairs(scores: number[], comments: string[]): Pair[] {
  return [["intent", "save"], ...criteria.flatMap((c, i): Pair[] => [[`score.${c.id}`, String(scores[i])], [`comment.${c.id}`, comments[i]]])];
}

function consensusPairs(bidId: string, scores: number[], rationales: string[]): Pair[] {
  return [
    ["intent", "consensus"], ["bidId", bidId],
    ...criteria.flatMap((c, i): Pair[] => [[`${bidId}.score.${c.id}`, String(scores[i])], [`${bidId}.rationale.${c.id}`, rationales[i]]]),
  ];
}

// --- the journey ----------------------------------------------------------------------------------------

describe("a tender from draft to assessment summaries, through the routes", () => {
  it("1. the county-wide officer drafts the tender on the new-tender page", async () => {
    const page = await loadJson(newTenderLoader, "/tenders/new", OFFICER, {});
    expect(page.choices.districts).toHaveLength(12);
    expect(page.choices.districts).toContainEqual({ id: "district-chorley", name: "Chorley", covered: true });
    expect(page.choices.fundingStreams.map((s: { id: string }) => s.id)).toContain("stream-schools-forum");
    expect([0, 1, 2, 3].map((i) => [page.defaults[`criteria.${i}.name`], page.defaults[`criteria.${i}.weight`], page.defaults[`criteria.${i}.max_score`]])).toEqual([
      ["Quality of service", "40", "5"], ["Outputs", "20", "5"], ["Outcomes", "20", "5"], ["Value for money", "20", "5"],
    ]);

    const response = await run(newTenderAction, await multipartPost("/tenders/new", newTenderPairs(page.defaults), OFFICER));
    expect(response.status).toBe(302);
    tenderId = /^\/tenders\/([^/]+)$/.exec(response.headers.get("Location") ?? "")?.[1] ?? "";
    expect(tenderId).not.toBe("");

    const db = getDb();
    const t = await db.selectFrom("tenders").selectAll().where("id", "=", tenderId).executeTakeFirstOrThrow();
    reference = t.reference;
    // The first tender of the UK year on a fresh database.
    expect(reference).toBe(`ESI-${londonParts(Date.now()).year}-001`);
    expect(t).toMatchObject({
      title: TITLE,
      specification: SPECIFICATION, // sent with CRLF line breaks, stored with LF
      funding_stream_id: "stream-schools-forum",
      max_budget_pence: 2_500_000,
      procedure: "below_threshold",
      contract_start: "2027-04-01",
      contract_end: "2028-03-31",
      // Typed in UK time, stored in UTC.
      opens_at: new Date(OPENS_MS).toISOString(),
      closes_at: new Date(CLOSES_MS).toISOString(),
      status: "draft",
      published_at: null,
      created_by: OFFICER.id,
      version: 1,
    });
    expect(await flashOf(response)).toEqual({
      kind: "success", text: `Draft tender ${reference} has been saved. Providers cannot see it until you publish it.`,
    });

    criteria = await db.selectFrom("tender_criteria").select(["id", "name"]).where("tender_id", "=", tenderId).orderBy("position").execute();
    const storedCriteria = await db.selectFrom("tender_criteria").select(["position", "name", "weight_percent", "max_score"])
      .where("tender_id", "=", tenderId).orderBy("position").execute();
    expect(storedCriteria).toEqual([
      { position: 1, name: "Quality of service", weight_percent: 40, max_score: 5 },
      { position: 2, name: "Outputs", weight_percent: 20, max_score: 5 },
      { position: 3, name: "Outcomes", weight_percent: 20, max_score: 5 },
      { position: 4, name: "Value for money", weight_percent: 20, max_score: 5 },
    ]);
    const storedQuestions = await db.selectFrom("tender_questions").select(["id", "position", "text", "word_limit", "criterion_id"])
      .where("tender_id", "=", tenderId).orderBy("position").execute();
    expect(storedQuestions.map(({ id: _id, ...q }) => q)).toEqual([
      { position: 1, text: QUESTION_1, word_limit: 60, criterion_id: criteria[0].id },
      { position: 2, text: QUESTION_2, word_limit: 40, criterion_id: criteria[2].id },
    ]);
    questions = storedQuestions.map((q) => ({ id: q.id, word_limit: q.word_limit }));
    const districts = await db.selectFrom("tender_districts").select("district_id").where("tender_id", "=", tenderId).execute();
    expect(districts).toEqual([{ district_id: "district-chorley" }]);
    expect(await db.selectFrom("tender_themes").select("theme_id").where("tender_id", "=", tenderId).execute()).toEqual([]);
    expect(await db.selectFrom("files").select("id").where("owner_id", "=", tenderId).execute()).toEqual([]);

    // A draft: providers are told it does not exist.
    expect((await load(tenderLoader, `/tenders/${tenderId}`, RED_ROSE, tenderParams())).status).toBe(404);
  });

  it("2. the officer publishes it from the tender page, and it is open to providers", async () => {
    const page = await loadJson(tenderLoader, `/tenders/${tenderId}`, OFFICER, tenderParams());
    expect(page.tender).toMatchObject({ reference, status: "draft", maxBudget: "£25,000.00", districts: ["Chorley"], fundingStream: "Schools Forum ESI" });
    expect(page.officer).toMatchObject({ canPublish: true, submittedBids: 0 });

    const response = await run(tenderAction, await formPost(`/tenders/${tenderId}`, [
      ["version", String(page.tender.version)], ["intent", "publish"],
    ], OFFICER), tenderParams());
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/tenders/${tenderId}`);

    const t = await getDb().selectFrom("tenders").select(["status", "published_at", "version"]).where("id", "=", tenderId).executeTakeFirstOrThrow();
    expect(t.status).toBe("published");
    expect(t.version).toBe(2);
    expect(Date.parse(t.published_at!)).toBeGreaterThanOrEqual(STARTED - 1000);
    const audit = await getDb().selectFrom("audit_events").select("action").where("record_id", "=", tenderId).orderBy("created_at").execute();
    expect(audit.map((a) => a.action)).toEqual(["tender.created", "tender.published"]);

    const seen = await loadJson(tenderLoader, `/tenders/${tenderId}`, pennine, tenderParams());
    expect(seen.tender).toMatchObject({ reference, title: TITLE, status: "open", opensAt: new Date(OPENS_MS).toISOString(), closesAt: new Date(CLOSES_MS).toISOString() });
    expect(seen.tender.criteria.map((c: { name: string; weightPercent: number; maxScore: number }) => [c.name, c.weightPercent, c.maxScore])).toEqual([
      ["Quality of service", 40, 5], ["Outputs", 20, 5], ["Outcomes", 20, 5], ["Value for money", 20, 5],
    ]);
    expect(seen.tender.questions.map((q: { text: string; wordLimit: number; criterion: string }) => [q.text, q.wordLimit, q.criterion])).toEqual([
      [QUESTION_1, 60, "Quality of service"], [QUESTION_2, 40, "Outcomes"],
    ]);
    expect(seen.officer).toBeNull();
    expect(seen.provider).toMatchObject({ canBid: true, canAsk: true, bidStatus: null });
  });

  it("3. Red Rose asks a clarification; the officer answers it for everyone, and Pennine reads it without the asker's identity", async () => {
    const asked = await run(tenderAction, await formPost(`/tenders/${tenderId}`, [["question", ASKED], ["intent", "ask"]], RED_ROSE), tenderParams());
    expect(asked.status).toBe(302);
    const row = await getDb().selectFrom("clarifications").selectAll().where("tender_id", "=", tenderId).executeTakeFirstOrThrow();
    clarificationId = row.id;
    expect(row).toMatchObject({ organisation_id: "org-red-rose", asked_by: RED_ROSE.id, question: ASKED, status: "asked", answer: null, version: 1 });

    // Waiting: only the asker sees it.
    const mine = await loadJson(tenderLoader, `/tenders/${tenderId}`, RED_ROSE, tenderParams());
    expect(mine.provider.ownQuestions.map((q: { question: string }) => q.question)).toEqual([ASKED]);
    const before = await loadJson(tenderLoader, `/tenders/${tenderId}`, pennine, tenderParams());
    expect(before.provider.ownQuestions).toEqual([]);
    expect(before.tender.clarifications).toEqual([]);

    // The officer's queue names the asker; the officer rewords the question to remove it.
    const queue = await loadJson(clarificationsLoader, `/tenders/${tenderId}/clarifications`, OFFICER, tenderParams());
    expect(queue.queue).toMatchObject([{ id: clarificationId, question: ASKED, organisationName: "Red Rose Family Support", askerName: "Pat Provider", version: 1 }]);
    const answered = await run(clarificationsAction, await formPost(`/tenders/${tenderId}/clarifications`, [
      ["clarificationId", clarificationId], ["version", String(queue.queue[0].version)],
      [`question.${clarificationId}`, PUBLISHED_QUESTION], [`answer.${clarificationId}`, ANSWER],
    ], OFFICER), tenderParams());
    expect(answered.status).toBe(302);
    expect(await flashOf(answered)).toEqual({
      kind: "success", text: "The question and answer are published on the tender page. The person who asked has been e-mailed.",
    });
    const stored = await getDb().selectFrom("clarifications").selectAll().where("id", "=", clarificationId).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ question: PUBLISHED_QUESTION, answer: ANSWER, status: "published", answered_by: OFFICER.id, version: 2 });
    expect(stored.answered_at).not.toBeNull();

    const mail = await smtp.waitFor((m) => m.to.includes(RED_ROSE_EMAIL) && m.subject.includes(reference));
    expect(mail.subject).toBe(`Your question about tender ${reference} has been answered`);
    expect(mail.text).toContain("Name the partner and what it will deliver");

    const response = await load(tenderLoader, `/tenders/${tenderId}`, pennine, tenderParams());
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(JSON.parse(body).tender.clarifications).toEqual([
      { id: clarificationId, question: PUBLISHED_QUESTION, answer: ANSWER, answeredAt: stored.answered_at },
    ]);
    for (const secret of ["Red Rose", "Pat Provider", RED_ROSE_EMAIL, RED_ROSE.id, "org-red-rose", ASKED]) expect(body).not.toContain(secret);
    const after = await loadJson(tenderLoader, `/tenders/${tenderId}`, RED_ROSE, tenderParams());
    expect(after.provider.ownQuestions).toEqual([]);
    expect(after.tender.clarifications).toHaveLength(1);
  });

  it("4. Red Rose and Pennine Youth start, complete and submit their bids, each with a receipt", async () => {
    const db = getDb();
    redRoseBid = await startBid(RED_ROSE);
    pennineBid = await startBid(pennine);
    expect(redRoseBid).not.toBe(pennineBid);
    expect(RED_ROSE_ANSWERS.map(words)).toEqual([24, 10]);
    expect(PENNINE_ANSWERS.map(words)).toEqual([17, 40]);

    // Red Rose: £20,000 = (£3,000 staff + £2,000 delivery) × 4 quarters.
    const rr = await saveBid(redRoseBid, RED_ROSE, bidTyped({
      title: "Strong Families Chorley",
      answers: RED_ROSE_ANSWERS,
      amount: "20,000",
      budget: { staff: "3,000", delivery: "2000.00" },
      indicators: [
        { kind: "output", name: "Families supported", definition: "Families with a support plan agreed in the quarter", unit: "count", targets: ["10", "12", "14", "16"] },
        { kind: "outcome", name: "Plans closed with needs met", definition: "Support plans closed in the quarter with the family's needs met", unit: "%", targets: ["60", "65", "70", "70"] },
      ],
    }), "continue");
    expect(rr.status).toBe(302);
    expect(rr.headers.get("Location")).toBe(`/bids/${redRoseBid}/submit`);

    // Pennine Youth: £24,000 = (£4,000 staff + £1,500 delivery + £500 overheads) × 4 quarters.
    const py = await saveBid(pennineBid, pennine, bidTyped({
      title: "Chorley Youth Outreach",
      answers: PENNINE_ANSWERS,
      amount: "£24,000.00",
      budget: { staff: "4000", delivery: "1,500", overheads: "500" },
      indicators: [{ kind: "outcome", name: "Improved wellbeing", definition: "Young people whose wellbeing score rises by 3 or more points", unit: "%", targets: ["50", "55", "60", "65"] }],
    }), "continue");
    expect(py.status).toBe(302);
    expect(py.headers.get("Location")).toBe(`/bids/${pennineBid}/submit`);

    // What the saves stored.
    expect(await storedBid(redRoseBid)).toMatchObject({
      tender_id: tenderId, organisation_id: "org-red-rose", district_id: "district-chorley", title: "Strong Families Chorley",
      status: "draft", amount_pence: 2_000_000, version: 2, submitted_at: null, fingerprint: null, created_by: RED_ROSE.id,
    });
    expect(await storedBid(pennineBid)).toMatchObject({
      tender_id: tenderId, organisation_id: "org-pennine-youth", district_id: "district-chorley", title: "Chorley Youth Outreach",
      status: "draft", amount_pence: 2_400_000, version: 2, created_by: pennine.id,
    });
    const answers = await db.selectFrom("bid_answers").select(["bid_id", "question_id", "answer"]).where("bid_id", "in", [redRoseBid, pennineBid]).execute();
    const answerOf = (bidId: string, q: number) => answers.find((a) => a.bid_id === bidId && a.question_id === questions[q].id)?.answer;
    expect([answerOf(redRoseBid, 0), answerOf(redRoseBid, 1), answerOf(pennineBid, 0), answerOf(pennineBid, 1)]).toEqual([...RED_ROSE_ANSWERS, ...PENNINE_ANSWERS]);
    const lines = async (bidId: string) =>
      (await db.selectFrom("bid_budget_lines").select(["quarter", "category", "amount_pence"]).where("bid_id", "=", bidId).execute())
        .map((l) => [l.quarter, l.category, Number(l.amount_pence)])
        .sort((a, b) => String(a[0] + "|" + a[1]).localeCompare(String(b[0] + "|" + b[1])));
    expect(await lines(redRoseBid)).toEqual(QUARTERS.flatMap((q) => [[q, "delivery", 200_000], [q, "staff", 300_000]]));
    expect(await lines(pennineBid)).toEqual(QUARTERS.flatMap((q) => [[q, "delivery", 150_000], [q, "overheads", 50_000], [q, "staff", 400_000]]));
    const indicators = await db.selectFrom("bid_indicators").select(["bid_id", "position", "kind", "name", "unit", "targets_json"])
      .where("bid_id", "in", [redRoseBid, pennineBid]).execute();
    expect(indicators.filter((i) => i.bid_id === redRoseBid).sort((a, b) => a.position - b.position)).toEqual([
      {
        bid_id: redRoseBid, position: 1, kind: "output", name: "Families supported", unit: "count",
        targets_json: JSON.stringify({ "2027-28 Q1": 10, "2027-28 Q2": 12, "2027-28 Q3": 14, "2027-28 Q4": 16 }),
      },
      {
        bid_id: redRoseBid, position: 2, kind: "outcome", name: "Plans closed with needs met", unit: "%",
        targets_json: JSON.stringify({ "2027-28 Q1": 60, "2027-28 Q2": 65, "2027-28 Q3": 70, "2027-28 Q4": 70 }),
      },
    ]);
    expect(indicators.find((i) => i.bid_id === pennineBid)).toEqual({
      bid_id: pennineBid, position: 1, kind: "outcome", name: "Improved wellbeing", unit: "%",
      targets_json: JSON.stringify({ "2027-28 Q1": 50, "2027-28 Q2": 55, "2027-28 Q3": 60, "2027-28 Q4": 65 }),
    });
    expect(indicators).toHaveLength(3); // the blank spare row is not kept

    // Check your answers: complete, with the budget added up.
    const check = await loadJson(submitLoader, `/bids/${redRoseBid}/submit`, RED_ROSE, { bidId: redRoseBid });
    expect(check).toMatchObject({ mode: "submit", closed: null, problems: [] });
    expect(sumBudget(check.view.budget.lines).totalPence).toBe(2_000_000);
    expect(sumBudget((await loadJson(submitLoader, `/bids/${pennineBid}/submit`, pennine, { bidId: pennineBid })).view.budget.lines).totalPence).toBe(2_400_000);

    for (const [bidId, user, email] of [[redRoseBid, RED_ROSE, RED_ROSE_EMAIL], [pennineBid, pennine, pennine.email]] as const) {
      const submitted = await submitBid(bidId, user);
      expect(submitted.status).toBe(302);
      expect(submitted.headers.get("Location")).toBe(`/bids/${bidId}/receipt`);
      expect(await flashOf(submitted)).toEqual({ kind: "success", text: `Your bid has been submitted. We have e-mailed a receipt to ${email}.` });

      const row = await storedBid(bidId);
      expect(row.status).toBe("submitted");
      expect(row.submitted_by).toBe(user.id);
      expect(row.version).toBe(3);
      expect(row.fingerprint).toMatch(/^[0-9a-f]{64}$/);
      expect(Date.parse(row.submitted_at!)).toBeLessThan(CLOSES_MS);
      fingerprints[bidId] = row.fingerprint!;

      const receipt = (await loadJson(receiptLoader, `/bids/${bidId}/receipt`, user, { bidId })).receipt;
      expect(receipt).toMatchObject({ status: "submitted", fingerprint: row.fingerprint, tenderReference: reference });
      expect(receipt.reference).toMatch(new RegExp(`^${reference}-[0-9A-F]{8}$`));
      receipts[bidId] = receipt.reference;

      const mail = await smtp.waitFor((m) => m.to.includes(email) && m.subject.startsWith("Bid received:"));
      expect(mail.subject).toBe(`Bid received: ${receipt.reference} for ${TITLE}`);
      expect(mail.text).toContain(`Fingerprint (SHA-256): ${row.fingerprint}`);
    }
    expect(fingerprints[redRoseBid]).not.toBe(fingerprints[pennineBid]);

    // Sealed: the officer sees a count, never the contents.
    const officerView = await load(tenderLoader, `/tenders/${tenderId}`, OFFICER, tenderParams());
    const officerBody = await officerView.text();
    expect(JSON.parse(officerBody).officer.submittedBids).toBe(2);
    expect(officerBody).not.toContain("Strong Families Chorley");
    expect((await load(bidLoader, `/bids/${redRoseBid}`, OFFICER, { bidId: redRoseBid })).status).toBe(404);
  });

  it("5. Fylde Coast saves a draft, the closing time passes, and its late submission is refused and stays a draft", async () => {
    fyldeBid = await startBid(fylde);
    const saved = await saveBid(fyldeBid, fylde, bidTyped({
      title: "Fylde Parents Together",
      answers: ["Peer parents run groups in children's centres.", "Calmer homes."],
      amount: "18,000",
      budget: { staff: "4,500" },
      indicators: [
        { kind: "output", name: "Parents attending", definition: "Parents attending four or more sessions", unit: "count", targets: ["8", "8", "8", "8"] },
        { kind: "outcome", name: "Calmer homes", definition: "Parents reporting fewer conflicts at home after the course", unit: "count", targets: ["5", "5", "5", "5"] },
      ],
    }), "save");
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe(`/bids/${fyldeBid}`);
    expect(await flashOf(saved)).toEqual({ kind: "success", text: "Your bid has been saved as a draft." });
    const draft = await storedBid(fyldeBid);
    expect(draft).toMatchObject({ organisation_id: "org-fylde-parenting", status: "draft", amount_pence: 1_800_000, version: 2, fingerprint: null, submitted_at: null });
    // The bid page as the provider left it open in a tab.
    const openPage = (await loadJson(bidLoader, `/bids/${fyldeBid}`, fylde, { bidId: fyldeBid })) as BidPage;
    expect(openPage.editable).toBe(true);
    const check = await loadJson(submitLoader, `/bids/${fyldeBid}/submit`, fylde, { bidId: fyldeBid });
    expect(check).toMatchObject({ mode: "submit", closed: null, problems: [] }); // complete: only the clock will stand in the way

    // Time passes. The portal has no closing job: a published tender is open while the clock
    // reads before its closes_at, so moving closes_at to a second ago is the clock passing the
    // closing time while the provider was on the "check your answers" page.
    const closedMs = Date.now() - 1000;
    await getDb().updateTable("tenders").set({ closes_at: new Date(closedMs).toISOString() }).where("id", "=", tenderId).execute();
    const closedMessage = `This tender closed at ${ukClockOnDate(closedMs)}. Bids can no longer be submitted.`;

    const audits = await getDb().selectFrom("audit_events").select("id").where("record_id", "=", fyldeBid).execute();
    const late = await run(submitAction, await formPost(`/bids/${fyldeBid}/submit`, [
      ["version", String(check.bid.version)], ["intent", "submit"], ["declaration", "yes"],
    ], fylde), { bidId: fyldeBid });
    expect(late.status).toBe(400);
    expect((await jsonOf(late)).formError).toBe(closedMessage);
    expect(await storedBid(fyldeBid)).toEqual(draft);
    expect(await getDb().selectFrom("audit_events").select("id").where("record_id", "=", fyldeBid).execute()).toHaveLength(audits.length);
    expect((await loadJson(submitLoader, `/bids/${fyldeBid}/submit`, fylde, { bidId: fyldeBid })).closed).toBe(closedMessage);

    // Nor can the draft be changed any more: the page is read-only, and the form left open in
    // the other tab is refused.
    const page = await loadJson(bidLoader, `/bids/${fyldeBid}`, fylde, { bidId: fyldeBid });
    expect(page.editable).toBe(false);
    expect(page.closedMessage).toBe(`This tender closed at ${ukClockOnDate(closedMs)}. Bids can no longer be changed.`);
    const posted = await run(bidAction, await multipartPost(`/bids/${fyldeBid}`, bidPairs(openPage, { title: "Changed after closing" }, "save"), fylde), { bidId: fyldeBid });
    expect(posted.status).toBe(400);
    expect((await jsonOf(posted)).formError).toBe(`This tender closed at ${ukClockOnDate(closedMs)}. Bids can no longer be changed.`);
    expect(await storedBid(fyldeBid)).toEqual(draft);

    // No receipt went to Fylde Coast.
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.messages.filter((m) => m.to.includes(fylde.email))).toEqual([]);
    const closedView = await loadJson(tenderLoader, `/tenders/${tenderId}`, pennine, tenderParams());
    expect(closedView.tender.status).toBe("closed");
    expect(closedView.provider).toMatchObject({ canBid: false, canAsk: false, bidStatus: "Submitted" });
  });

  it("6. the officer puts two members on the panel; they declare their interests, and the conflicted member cannot open that bid", async () => {
    for (const member of [amira, bilal]) {
      const added = await run(officerPanelAction, await formPost(`/tenders/${tenderId}/panel`, [["intent", "assign"], ["userId", member.id]], OFFICER), tenderParams());
      expect(added.status).toBe(302);
      expect(added.headers.get("Location")).toBe(`/tenders/${tenderId}/panel`);
    }
    const panelPage = await loadJson(officerPanelLoader, `/tenders/${tenderId}/panel`, OFFICER, tenderParams());
    expect(panelPage.closed).toBe(true);
    expect(panelPage.bidCount).toBe(2); // the late draft is not assessed
    expect(panelPage.members.map((m: { userId: string }) => m.userId).sort()).toEqual([amira.id, bilal.id].sort());
    expect(panelPage.candidates.map((c: { value: string }) => c.value)).not.toContain(amira.id);
    const assigned = await getDb().selectFrom("tender_panel_members").select(["user_id", "scores_submitted_at"]).where("tender_id", "=", tenderId).execute();
    expect(assigned.map((a) => a.user_id).sort()).toEqual([amira.id, bilal.id].sort());

    // Amira is asked to declare on the two submitted bids, never on the draft.
    const before = await loadJson(panelTenderLoader, `/panel/${tenderId}`, amira, tenderParams());
    expect(before.undeclared.map((b: { id: string }) => b.id).sort()).toEqual([redRoseBid, pennineBid].sort());
    expect(JSON.stringify(before)).not.toContain(fyldeBid);
    expect(before.bids).toEqual([]);

    const amiraDeclares = await run(panelTenderAction, await formPost(`/panel/${tenderId}`, [
      ["intent", "declare"],
      [`declaration.${redRoseBid}`, "none"], [`reason.${redRoseBid}`, ""],
      [`declaration.${pennineBid}`, "conflict"], [`reason.${pennineBid}`, "My brother is a youth worker at Pennine Youth Partnership"],
    ], amira), tenderParams());
    expect(amiraDeclares.status).toBe(302);
    expect(await flashOf(amiraDeclares)).toEqual({
      kind: "success", text: "Your declarations are recorded. You will not see the bid you have a conflict with.",
    });
    const bilalDeclares = await run(panelTenderAction, await formPost(`/panel/${tenderId}`, [
      ["intent", "declare"],
      [`declaration.${redRoseBid}`, "none"], [`reason.${redRoseBid}`, ""],
      [`declaration.${pennineBid}`, "none"], [`reason.${pennineBid}`, ""],
    ], bilal), tenderParams());
    expect(bilalDeclares.status).toBe(302);

    const declarations = await getDb().selectFrom("panel_declarations").select(["bid_id", "user_id", "conflict", "reason"])
      .where("bid_id", "in", [redRoseBid, pennineBid, fyldeBid]).execute();
    const key = (d: { bid_id: string; user_id: string }) => `${d.user_id}|${d.bid_id}`;
    expect(declarations.sort((a, b) => key(a).localeCompare(key(b)))).toEqual([
      { bid_id: redRoseBid, user_id: amira.id, conflict: 0, reason: null },
      { bid_id: pennineBid, user_id: amira.id, conflict: 1, reason: "My brother is a youth worker at Pennine Youth Partnership" },
      { bid_id: redRoseBid, user_id: bilal.id, conflict: 0, reason: null },
      { bid_id: pennineBid, user_id: bilal.id, conflict: 0, reason: null },
    ].sort((a, b) => key(a).localeCompare(key(b))));
    // The first declaration moved the closed tender into evaluation.
    const t = await getDb().selectFrom("tenders").select("status").where("id", "=", tenderId).executeTakeFirstOrThrow();
    expect(t.status).toBe("evaluation");

    // The conflicted bid does not exist for Amira, to read or to score.
    const hidden = await load(panelBidLoader, `/panel/${tenderId}/bids/${pennineBid}`, amira, { tenderId, bidId: pennineBid });
    expect(hidden.status).toBe(404);
    const hiddenSave = await run(panelBidAction, await formPost(`/panel/${tenderId}/bids/${pennineBid}`, scorePairs([3, 3, 3, 3], ["x", "x", "x", "x"]), amira), { tenderId, bidId: pennineBid });
    expect(hiddenSave.status).toBe(404);
    const amiraPage = await loadJson(panelTenderLoader, `/panel/${tenderId}`, amira, tenderParams());
    expect(amiraPage.bids.map((b: { id: string }) => b.id)).toEqual([redRoseBid]);
    expect(amiraPage.conflictCount).toBe(1);
    expect(JSON.stringify(amiraPage)).not.toContain(pennineBid);
    const bilalPage = await loadJson(panelTenderLoader, `/panel/${tenderId}`, bilal, tenderParams());
    expect(bilalPage.bids.map((b: { id: string }) => b.id).sort()).toEqual([redRoseBid, pennineBid].sort());
  });

  it("7. both members score every bid they may, with a comment per criterion, and submit their scores", async () => {
    const page = await loadJson(panelBidLoader, `/panel/${tenderId}/bids/${redRoseBid}`, amira, { tenderId, bidId: redRoseBid });
    expect(page.bid).toMatchObject({ title: "Strong Families Chorley", organisationName: "Red Rose Family Support", amount: "£20,000.00" });
    expect(page.criteria.map((c: { name: string }) => c.name)).toEqual(CRITERIA_NAMES);
    expect(page.locked).toBe(false);

    const saves: [TestUser, string, number[]][] = [
      [amira, redRoseBid, [4, 4, 3, 4]],
      [bilal, redRoseBid, [5, 4, 3, 3]],
      [bilal, pennineBid, [3, 3, 2, 3]],
    ];
    for (const [member, bidId, scores] of saves) {
      const comments = CRITERIA_NAMES.map((name) => `${member.email.split("@")[0]} on ${name}`);
      const saved = await run(panelBidAction, await formPost(`/panel/${tenderId}/bids/${bidId}`, scorePairs(scores, comments), member), { tenderId, bidId });
      expect(saved.status).toBe(302);
      expect(saved.headers.get("Location")).toBe(`/panel/${tenderId}/bids/${bidId}`);
    }
    const stored = await getDb().selectFrom("panel_scores").select(["bid_id", "criterion_id", "user_id", "score", "comment"])
      .where("bid_id", "in", [redRoseBid, pennineBid]).execute();
    expect(stored).toHaveLength(12);
    for (const [member, bidId, scores] of saves) {
      const mine = criteria.map((c) => stored.find((s) => s.user_id === member.id && s.bid_id === bidId && s.criterion_id === c.id));
      expect(mine.map((s) => s?.score)).toEqual(scores);
      expect(mine.map((s) => s?.comment)).toEqual(CRITERIA_NAMES.map((name) => `${member.email.split("@")[0]} on ${name}`));
    }
    expect(stored.filter((s) => s.user_id === amira.id && s.bid_id === pennineBid)).toEqual([]);

    for (const member of [amira, bilal]) {
      const submitted = await run(panelTenderAction, await formPost(`/panel/${tenderId}`, [["intent", "submit"]], member), tenderParams());
      expect(submitted.status).toBe(302);
      expect(await flashOf(submitted)).toEqual({ kind: "success", text: "Your scores are submitted. You can now see the other members' scores." });
    }
    const members = await getDb().selectFrom("tender_panel_members").select(["user_id", "scores_submitted_at"]).where("tender_id", "=", tenderId).execute();
    expect(members).toHaveLength(2);
    for (const m of members) expect(m.scores_submitted_at).not.toBeNull();

    const overview = await loadJson(officerPanelLoader, `/tenders/${tenderId}/panel`, OFFICER, tenderParams());
    const row = (id: string) => overview.members.find((m: { userId: string }) => m.userId === id);
    expect(row(amira.id)).toMatchObject({ scored: 4, toScore: 4, undeclaredCount: 0 });
    expect(row(amira.id).submittedAt).not.toBeNull();
    expect(row(amira.id).declarations).toContainEqual(expect.objectContaining({
      bidId: pennineBid, conflict: true, reason: "My brother is a youth worker at Pennine Youth Partnership",
    }));
    expect(row(bilal.id)).toMatchObject({ scored: 8, toScore: 8, undeclaredCount: 0 });
  });

  it("8. the officer records the consensus with rationales, and moderation shows the weighted totals and ranks", async () => {
    const before = await loadJson(moderationLoader, `/tenders/${tenderId}/moderation`, OFFICER, tenderParams());
    expect(before.finished).toBe(false);
    expect(before.members.map((m: { id: string }) => m.id).sort()).toEqual([amira.id, bilal.id].sort());
    expect(before.bids.map((b: { id: string }) => b.id).sort()).toEqual([redRoseBid, pennineBid].sort());
    type Row = { cells: { userId: string; conflict: boolean; score: number | null; comment: string | null }[] };
    const scoresOf = (r: Row) => {
      expect(r.cells).toHaveLength(2);
      return [amira.id, bilal.id].map((id) => r.cells.find((c) => c.userId === id)!.score);
    };
    const rrBefore = before.bids.find((b: { id: string }) => b.id === redRoseBid);
    expect(rrBefore.rows.map(scoresOf)).toEqual([[4, 5], [4, 4], [3, 3], [4, 3]]);
    expect(rrBefore.rows.map((r: { spread: { spread: number } }) => r.spread.spread)).toEqual([1, 0, 0, 1]);
    expect(rrBefore.totalText).toBeNull();
    expect(rrBefore.rank).toBeNull();
    const pyBefore = before.bids.find((b: { id: string }) => b.id === pennineBid);
    expect(pyBefore.rows.map(scoresOf)).toEqual([[null, 3], [null, 3], [null, 2], [null, 3]]);
    for (const row of pyBefore.rows as Row[]) {
      expect(row.cells.find((c) => c.userId === amira.id)).toEqual({ userId: amira.id, conflict: true, score: null, comment: null });
    }
    // The demo money has no Schools Forum allocation for 2027-28 yet.
    expect(rrBefore.allocation).toMatchObject({ yearLabel: "2027-28", allocatedPence: 0, committedPence: 0, remainingPence: 0, requestedPence: 2_000_000, exceeds: true });

    const consensus: [string, number[], string[]][] = [
      [redRoseBid, [4, 4, 3, 4], [
        "Named key workers and school-based groups; safeguarding is clear",
        "Realistic, rising quarterly targets",
        "Outcomes are described but the measures are thin",
        "A fair cost per family",
      ]],
      [pennineBid, [3, 3, 2, 3], [
        "Good reach into young people, but supervision arrangements are vague",
        "Outputs are not broken down by quarter clearly",
        "No baseline for the wellbeing measure",
        "Higher cost per young person than comparable services",
      ]],
    ];
    for (const [bidId, scores, rationales] of consensus) {
      const recorded = await run(moderationAction, await formPost(`/tenders/${tenderId}/moderation`, consensusPairs(bidId, scores, rationales), OFFICER), tenderParams());
      expect(recorded.status).toBe(302);
      expect(recorded.headers.get("Location")).toBe(`/tenders/${tenderId}/moderation#bid-${bidId}`);
      const rows = await getDb().selectFrom("consensus_scores").select(["criterion_id", "score", "rationale", "recorded_by"]).where("bid_id", "=", bidId).execute();
      expect(criteria.map((c) => rows.find((r) => r.criterion_id === c.id))).toEqual(
        criteria.map((c, i) => ({ criterion_id: c.id, score: scores[i], rationale: rationales[i], recorded_by: OFFICER.id })),
      );
    }

    // Worked out by hand (see the top of the file): Red Rose 32 + 16 + 12 + 16 = 76.0; Pennine 24 + 12 + 8 + 12 = 56.0.
    const RED_ROSE_TOTAL = 4 / 5 * 40 + 4 / 5 * 20 + 3 / 5 * 20 + 4 / 5 * 20;
    const PENNINE_TOTAL = 3 / 5 * 40 + 3 / 5 * 20 + 2 / 5 * 20 + 3 / 5 * 20;
    expect([RED_ROSE_TOTAL, PENNINE_TOTAL]).toEqual([76, 56]);
    const page = await loadJson(moderationLoader, `/tenders/${tenderId}/moderation`, OFFICER, tenderParams());
    expect(page.bids.map((b: { id: string; rank: number; totalText: string; missingConsensus: string[] }) => [b.id, b.rank, b.totalText, b.missingConsensus])).toEqual([
      [redRoseBid, 1, "76.0", []],
      [pennineBid, 2, "56.0", []],
    ]);
    expect(page.bids[0].rows.map((r: { weightedText: string }) => r.weightedText)).toEqual(["32.0", "16.0", "12.0", "16.0"]);
    expect(page.bids[1].rows.map((r: { weightedText: string }) => r.weightedText)).toEqual(["24.0", "12.0", "8.0", "12.0"]);
    expect(page.bids[0].rows.map((r: { consensus: { score: number } }) => r.consensus.score)).toEqual([4, 4, 3, 4]);
    expect(page.bids[1].rows[2].consensus.rationale).toBe("No baseline for the wellbeing measure");
  });

  it("9. with a 2027-28 allocation in place, the officer records the decisions and enters the contract: one project, one commitment, both bids decided", async () => {
    const db = getDb();
    // The council has agreed Chorley's 2027-28 Schools Forum money (the demo data stops at
    // 2026-27): entered directly, as the admin funding screens are not part of this journey.
    const at = new Date().toISOString();
    await db.insertInto("allocations").values({
      id: "alloc-schools-forum-chorley-2027", funding_stream_id: "stream-schools-forum", district_id: "district-chorley",
      financial_year: 2027, amount_pence: 8_000_000, created_at: at, updated_at: at,
    }).execute();

    const page = await loadJson(decisionsLoader, `/tenders/${tenderId}/decisions`, OFFICER, tenderParams());
    expect(page.stage).toEqual({ next: "decide" });
    const rr = page.bids.find((b: { id: string }) => b.id === redRoseBid);
    const py = page.bids.find((b: { id: string }) => b.id === pennineBid);
    expect(rr).toMatchObject({ rank: 1, totalText: "76.0", status: "submitted", commitments: [{ year: "2027-28", amount: "£20,000.00" }] });
    expect(py).toMatchObject({ rank: 2, totalText: "56.0", status: "submitted", commitments: [{ year: "2027-28", amount: "£24,000.00" }] });
    expect(rr.allocation).toMatchObject({ allocatedPence: 8_000_000, committedPence: 0, remainingPence: 8_000_000, exceeds: false });
    expect(rr.allocation).toMatchObject({ notSet: false });
    expect(rr.allocation.message).toBe("The £20,000.00 requested fits in the £80,000.00 that remains of Chorley's Schools Forum ESI allocation for 2027-28.");
    expect(page.bids.map((b: { id: string }) => b.id)).not.toContain(fyldeBid);

    const RED_ROSE_FEEDBACK = "A strong bid: clear safeguarding, realistic targets and a fair cost per family.";
    const PENNINE_FEEDBACK = "Your bid scored lower on outcomes: it gave no baseline for the wellbeing measure.\nSupervision arrangements also need to be clearer.";
    const response = await run(decisionsAction, await formPost(`/tenders/${tenderId}/decisions`, [
      ["intent", "decide"],
      [`decision.${redRoseBid}`, "successful"], [`feedback.${redRoseBid}`, RED_ROSE_FEEDBACK],
      [`decision.${pennineBid}`, "unsuccessful"], [`feedback.${pennineBid}`, PENNINE_FEEDBACK],
      // The override box is not ticked (so not sent); its reason box is sent empty.
      ["overrideReason", ""],
    ], OFFICER), tenderParams());
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/tenders/${tenderId}/decisions`);
    expect(await flashOf(response)).toEqual({
      kind: "success",
      text: `The decisions on ${reference} are recorded. 2 bidder contacts have been told their assessment summary is ready.`,
    });
    const entered = await run(decisionsAction, await formPost(`/tenders/${tenderId}/decisions`, [["intent", "enter"], ["overrideReason", ""]], OFFICER), tenderParams());
    expect(entered.status).toBe(302);
    expect(await flashOf(entered)).toEqual({ kind: "success", text: `${reference} is awarded: the contract is entered. 1 project created: PRJ-2027-001.` });

    const projects = await db.selectFrom("projects").selectAll().where("tender_id", "=", tenderId).execute();
    expect(projects).toHaveLength(1);
    const project = projects[0];
    expect(project).toMatchObject({
      reference: "PRJ-2027-001", title: "Strong Families Chorley", organisation_id: "org-red-rose", district_id: "district-chorley",
      funding_stream_id: "stream-schools-forum", bid_id: redRoseBid, amount_pence: 2_000_000, start_date: "2027-04-01", end_date: "2028-03-31",
      status: "active", created_by: OFFICER.id,
    });
    const projectLines = await db.selectFrom("project_budget_lines").select(["quarter", "category", "amount_pence"]).where("project_id", "=", project.id).execute();
    expect(projectLines.reduce((sum, l) => sum + Number(l.amount_pence), 0)).toBe(2_000_000);
    expect(projectLines).toHaveLength(8);

    const ledger = await db.selectFrom("ledger_entries").select(["district_id", "funding_stream_id", "financial_year", "kind", "amount_pence", "project_id"]).execute();
    expect(ledger).toEqual([{
      district_id: "district-chorley", funding_stream_id: "stream-schools-forum", financial_year: 2027, kind: "commitment",
      amount_pence: 2_000_000, project_id: project.id,
    }]);

    const bids = await db.selectFrom("bids").select(["id", "status", "decision_feedback", "decided_at"]).where("tender_id", "=", tenderId).execute();
    const byId = new Map(bids.map((b) => [b.id, b]));
    expect(byId.get(redRoseBid)).toMatchObject({ status: "successful", decision_feedback: RED_ROSE_FEEDBACK });
    // Stored exactly as the browser sent the textarea, with a CRLF line break: unlike the
    // specification and the bid answers, feedback is not normalised to LF.
    expect(byId.get(pennineBid)).toMatchObject({ status: "unsuccessful", decision_feedback: PENNINE_FEEDBACK });
    expect(byId.get(redRoseBid)!.decided_at).not.toBeNull();
    expect(byId.get(pennineBid)!.decided_at).not.toBeNull();
    expect(byId.get(fyldeBid)).toMatchObject({ status: "draft", decision_feedback: null, decided_at: null });
    const t = await db.selectFrom("tenders").select(["status", "awarded_at"]).where("id", "=", tenderId).executeTakeFirstOrThrow();
    expect(t.status).toBe("awarded");
    expect(t.awarded_at).not.toBeNull();
    const audit = await db.selectFrom("audit_events").select("action").where("record_id", "=", tenderId).execute();
    expect(audit.map((a) => a.action)).toContain("tender.awarded");
    expect(audit.map((a) => a.action)).not.toContain("tender.overcommitment_approved");

    // Moderation now shows the commitment against the allocation.
    const after = await loadJson(moderationLoader, `/tenders/${tenderId}/moderation`, OFFICER, tenderParams());
    expect(after.finished).toBe(true);
    expect(after.bids[0].allocation).toMatchObject({ allocatedPence: 8_000_000, committedPence: 2_000_000, remainingPence: 6_000_000 });

    for (const [bidId, email] of [[redRoseBid, RED_ROSE_EMAIL], [pennineBid, pennine.email]] as const) {
      const mail = await smtp.waitFor((m) => m.to.includes(email) && m.subject.startsWith("Your assessment summary"));
      expect(mail.subject).toBe(`Your assessment summary for ${reference} is ready`);
      expect(mail.text).toContain(`${BASE}/bids/${bidId}/outcome`);
      expect(mail.text).not.toContain("56.0");
      expect(mail.text).not.toContain("76.0");
    }
  });

  it("10. Pennine Youth reads its assessment summary; Red Rose cannot read Pennine's", async () => {
    const { summary } = await loadJson(outcomeLoader, `/bids/${pennineBid}/outcome`, pennine, { bidId: pennineBid });
    expect(summary).toMatchObject({
      outcome: "unsuccessful",
      organisationName: "Pennine Youth Partnership CIC",
      bidTitle: "Chorley Youth Outreach",
      tenderReference: reference,
      amount: "£24,000.00",
      totalText: "56.0",
      rank: 2,
      of: 2,
      successfulTotals: ["76.0"],
      feedback: "Your bid scored lower on outcomes: it gave no baseline for the wellbeing measure.\nSupervision arrangements also need to be clearer.",
    });
    expect(summary.criteria.map((c: { name: string; weightPercent: number; score: number; weightedText: string; successfulScore: number }) =>
      [c.name, c.weightPercent, c.score, c.weightedText, c.successfulScore])).toEqual([
      ["Quality of service", 40, 3, "24.0", 4],
      ["Outputs", 20, 3, "12.0", 4],
      ["Outcomes", 20, 2, "8.0", 3],
      ["Value for money", 20, 3, "12.0", 4],
    ]);
    expect(summary.criteria[2].rationale).toBe("No baseline for the wellbeing measure");
    // The members' own scores, comments and names never reach the bidder.
    const text = JSON.stringify(summary);
    for (const secret of ["amira", "bilal", "Amira Shah", "Bilal Turner", "My brother"]) expect(text).not.toContain(secret);

    const winner = await loadJson(outcomeLoader, `/bids/${redRoseBid}/outcome`, RED_ROSE, { bidId: redRoseBid });
    expect(winner.summary).toMatchObject({ outcome: "successful", totalText: "76.0", rank: 1, of: 2, successfulTotals: [] });

    expect((await load(outcomeLoader, `/bids/${pennineBid}/outcome`, RED_ROSE, { bidId: pennineBid })).status).toBe(404);
    expect((await load(outcomeLoader, `/bids/${redRoseBid}/outcome`, pennine, { bidId: redRoseBid })).status).toBe(404);
    // The late draft was never decided, so it has no summary.
    expect((await load(outcomeLoader, `/bids/${fyldeBid}/outcome`, fylde, { bidId: fyldeBid })).status).toBe(403);

    // Every e-mail the journey sent, in the order it was sent.
    const subjects = smtp.messages.map((m) => `${m.to.join(",")}: ${m.subject}`);
    expect(subjects).toEqual([
      // The officers who may answer the question are told it was asked.
      `chorley.officer@demo.example: Clarification question on ${reference}`,
      `officer@demo.example: Clarification question on ${reference}`,
      `${RED_ROSE_EMAIL}: Your question about tender ${reference} has been answered`,
      `${RED_ROSE_EMAIL}: Bid received: ${receipts[redRoseBid]} for ${TITLE}`,
      `${pennine.email}: Bid received: ${receipts[pennineBid]} for ${TITLE}`,
      `${RED_ROSE_EMAIL}: Your assessment summary for ${reference} is ready`,
      `${pennine.email}: Your assessment summary for ${reference} is ready`,
    ]);
  });
});
