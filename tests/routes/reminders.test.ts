// `npm run reminders`, run at chosen moments against a real SMTP server.
//
// Two projects with the default schedule, so each has a 2026-27 Q1 return due on
// 21 July 2026 (Tuesday):
// - A: Red Rose, Chorley. Its provider user Pat Provider is e-mailed; a deactivated
//   colleague never is.
// - B: Fylde Coast Parenting Trust, Fylde. It has no provider users, so its contact
//   address (jo@fylde-parenting.demo.example) is e-mailed.
// Officers: Olivia (county-wide) hears about A and B, Chris (Chorley only) about A.
//
// 13 July: nothing (8 days before). 14 July: the due-soon reminders, once. 22 July (1 day
// overdue, ISO week 2026-W30): the first chasers and the officers' digests. 26 July (still
// week 1 overdue and W30): nothing. 29 July (8 days overdue, week 2, W31): the second
// chasers and digests, from two runs at once, each message once. 5 August, after A was
// submitted: B's third chaser and Olivia's digest of B alone.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "../../db/client";
import { seedDemoData } from "../../demo/seed";
import { isoWeek, overdueWeek, runReminders, type ReminderCounts } from "~/models/returns/reminders.server";
import { isUniqueViolation } from "~/models/errors";
import { createTestUser } from "../helpers/requests";
import { createTestProject, type TestProject } from "../helpers/projects";
import { DEFAULT_CONTENT, submitTestReturn } from "../helpers/returns";
import { startSmtpServer, type TestSmtp } from "../helpers/smtp";

const BASE = "http://portal.test";
const PAT = "provider@demo.example";
const JO = "jo@fylde-parenting.demo.example";
const OLIVIA = "officer@demo.example";
const CHRIS = "chorley.officer@demo.example";

let smtp: TestSmtp;
let a: TestProject;
let b: TestProject;

const at = (date: string) => new Date(`${date}T09:00:00Z`);
const remind = (date: string) => runReminders(getDb(), at(date), { baseUrl: BASE });
const none: ReminderCounts = { dueSoon: 0, overdue: 0, digests: 0, alreadySent: 0, failed: 0 };

/** How many messages went to this address with exactly this subject. */
const received = (to: string, subject: string) => smtp.messages.filter((m) => m.to.includes(to) && m.subject === subject).length;

beforeAll(async () => {
  await seedDemoData(getDb());
  smtp = await startSmtpServer();
  process.env.SMTP_URL = smtp.url;
  await createTestUser({ roles: ["provider"], organisationId: "org-red-rose", email: "left@redrose.test", active: false });
  a = await createTestProject();
  b = await createTestProject({ organisationId: "org-fylde-parenting", districtId: "district-fylde" });
});

afterAll(async () => {
  delete process.env.SMTP_URL;
  await smtp.close();
});

describe("periods", () => {
  it("counts weeks overdue from the day after the due date", () => {
    expect(overdueWeek("2026-07-21", "2026-07-21")).toBe(0);
    expect(overdueWeek("2026-07-21", "2026-07-22")).toBe(1);
    expect(overdueWeek("2026-07-21", "2026-07-28")).toBe(1);
    expect(overdueWeek("2026-07-21", "2026-07-29")).toBe(2);
  });

  it("names ISO weeks, across year ends", () => {
    expect(isoWeek("2026-07-22")).toBe("2026-W30");
    expect(isoWeek("2026-07-26")).toBe("2026-W30");
    expect(isoWeek("2026-07-27")).toBe("2026-W31");
    expect(isoWeek("2027-01-01")).toBe("2026-W53");
    expect(isoWeek("2024-12-30")).toBe("2025-W01");
  });

  it("recognises a unique violation from either engine", () => {
    expect(isUniqueViolation({ code: "SQLITE_CONSTRAINT_UNIQUE" })).toBe(true);
    expect(isUniqueViolation({ code: "23505" })).toBe(true);
    expect(isUniqueViolation({ code: "SQLITE_BUSY" })).toBe(false);
    expect(isUniqueViolation(new Error("boom"))).toBe(false);
  });
});

describe("reminders over the weeks", () => {
  const dueSoonSubject = (p: TestProject) => `Reminder: your 2026-27 Q1 return for ${p.reference} is due on 21 July 2026`;
  const chaserSubject = (p: TestProject, still = false) => `${still ? "Still overdue" : "Overdue"}: your 2026-27 Q1 return for ${p.reference} was due on 21 July 2026`;

  it("sends nothing more than 7 days before the due date", async () => {
    expect(await remind("2026-07-13")).toEqual(none);
    expect(smtp.messages).toHaveLength(0);
  });

  it("releases the claim when the mail server cannot be reached, so a later run sends it", async () => {
    process.env.SMTP_URL = "smtp://127.0.0.1:1";
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      expect(await remind("2026-07-14")).toEqual({ ...none, failed: 2 });
      expect(errors.mock.calls.map((c) => String(c[0]))).toEqual([
        expect.stringMatching(/^Could not send a reminder to provider@demo\.example: /),
        expect.stringMatching(/^Could not send a reminder to jo@fylde-parenting\.demo\.example: /),
      ]);
    } finally {
      process.env.SMTP_URL = smtp.url;
      errors.mockRestore();
    }
    expect(await getDb().selectFrom("reminders_sent").select("id").execute()).toEqual([]);
  });

  it("reminds each provider 7 days before, once", async () => {
    expect(await remind("2026-07-14")).toEqual({ ...none, dueSoon: 2 });
    expect(received(PAT, dueSoonSubject(a))).toBe(1);
    expect(received(JO, dueSoonSubject(b))).toBe(1);
    expect(smtp.messages.some((m) => m.to.includes("left@redrose.test"))).toBe(false);
    const mail = smtp.messages.find((m) => m.subject === dueSoonSubject(a))!;
    expect(mail.text).toContain(`Red Rose Family Support's 2026-27 Q1 return for ${a.reference} ${"Test project"}`);
    expect(mail.text).toContain("is due on 21 July 2026, in 7 days.");
    expect(mail.text).toContain(`${BASE}/returns/${a.returns["2026-27 Q1"]}`);

    // Again that day, and on the due date itself: nothing new.
    expect(await remind("2026-07-14")).toEqual({ ...none, alreadySent: 2 });
    expect(await remind("2026-07-21")).toEqual({ ...none, alreadySent: 2 });
    expect(received(PAT, dueSoonSubject(a))).toBe(1);
    expect(smtp.messages).toHaveLength(2);
    const rows = await getDb().selectFrom("reminders_sent").select(["kind", "subject_id", "period_key"]).orderBy("subject_id").execute();
    expect(rows.map((r) => [r.kind, r.period_key])).toEqual([["due_soon", "due-2026-07-21"], ["due_soon", "due-2026-07-21"]]);
  });

  it("chases an overdue return and sends each officer a digest of theirs, once in the week", async () => {
    expect(await remind("2026-07-22")).toEqual({ ...none, overdue: 2, digests: 2 });
    expect(received(PAT, chaserSubject(a))).toBe(1);
    expect(received(JO, chaserSubject(b))).toBe(1);
    const chaser = smtp.messages.find((m) => m.subject === chaserSubject(a))!;
    expect(chaser.text).toContain("was due on 21 July 2026 and is 1 day overdue.");

    const county = smtp.messages.find((m) => m.to.includes(OLIVIA))!;
    expect(county.subject).toBe("2 overdue returns in your districts (week 2026-W30)");
    expect(county.text).toContain(`- ${a.reference} Test project`);
    expect(county.text).toContain(`(Red Rose Family Support, Chorley): 2026-27 Q1, due 21 July 2026, 1 day overdue`);
    expect(county.text).toContain(`(Fylde Coast Parenting Trust, Fylde)`);
    expect(county.text).toContain(`${BASE}/reviews?tab=overdue`);
    const chorley = smtp.messages.find((m) => m.to.includes(CHRIS))!;
    expect(chorley.subject).toBe("1 overdue return in your districts (week 2026-W30)");
    expect(chorley.text).toContain(a.reference);
    expect(chorley.text).not.toContain(b.reference);

    // Later the same week (and the same week overdue): nothing twice.
    expect(await remind("2026-07-26")).toEqual({ ...none, alreadySent: 4 });
    expect(received(PAT, chaserSubject(a))).toBe(1);
    expect(smtp.messages.filter((m) => m.to.includes(OLIVIA))).toHaveLength(1);
    expect(smtp.messages).toHaveLength(6);
  });

  it("chases again a week later, from two runs at once, each message received exactly once", async () => {
    const before = smtp.messages.length;
    const [first, second] = await Promise.all([remind("2026-07-29"), remind("2026-07-29")]);
    expect(first.overdue + second.overdue).toBe(2);
    expect(first.digests + second.digests).toBe(2);
    expect(first.dueSoon + second.dueSoon).toBe(0);
    expect(first.failed + second.failed).toBe(0);
    // Each of the four was claimed by one run and found taken by the other.
    expect(first.alreadySent + second.alreadySent).toBe(4);

    const fresh = smtp.messages.slice(before);
    expect(fresh).toHaveLength(4);
    expect(received(PAT, chaserSubject(a, true))).toBe(1);
    expect(received(JO, chaserSubject(b, true))).toBe(1);
    expect(received(OLIVIA, "2 overdue returns in your districts (week 2026-W31)")).toBe(1);
    expect(received(CHRIS, "1 overdue return in your districts (week 2026-W31)")).toBe(1);
    expect(fresh.find((m) => m.subject === chaserSubject(a, true))!.text).toContain("is 8 days overdue.");
    // Every message, ever, once.
    const keys = smtp.messages.map((m) => `${m.to.join(",")}|${m.subject}`);
    expect(new Set(keys).size).toBe(keys.length);

    const rows = await getDb().selectFrom("reminders_sent").select(["kind", "subject_id", "period_key"]).execute();
    const overdueKeys = rows.filter((r) => r.kind === "overdue").map((r) => `${r.subject_id}|${r.period_key}`).sort();
    expect(overdueKeys).toEqual([
      `${a.returns["2026-27 Q1"]}|overdue-week-1`, `${a.returns["2026-27 Q1"]}|overdue-week-2`,
      `${b.returns["2026-27 Q1"]}|overdue-week-1`, `${b.returns["2026-27 Q1"]}|overdue-week-2`,
    ].sort());
    expect(rows.filter((r) => r.kind === "digest").map((r) => [r.subject_id, r.period_key]).sort()).toEqual([
      ["user-chorley-officer", "2026-W30"], ["user-chorley-officer", "2026-W31"], ["user-officer", "2026-W30"], ["user-officer", "2026-W31"],
    ]);
  });

  it("stops chasing a return once it is submitted", async () => {
    await submitTestReturn({ returnId: a.returns["2026-27 Q1"], content: DEFAULT_CONTENT(a), at: "2026-07-30T10:00:00.000Z" });
    const before = smtp.messages.length;
    expect(await remind("2026-08-05")).toEqual({ ...none, overdue: 1, digests: 1 });
    const fresh = smtp.messages.slice(before);
    expect(fresh.map((m) => [m.to.join(","), m.subject])).toEqual([
      [JO, chaserSubject(b, true)],
      [OLIVIA, "1 overdue return in your districts (week 2026-W32)"],
    ]);
    expect(fresh[1].text).toContain(b.reference);
    expect(fresh[1].text).not.toContain(a.reference);
  });
});
