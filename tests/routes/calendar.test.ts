// Calendars: each person's private feed (made and stopped from their account page), read
// back with an iCalendar parser: each deadline once, at its UK local time; a tender's own
// "Add to calendar" file; the last time for questions, which the portal also enforces; and
// the panel's scoring date.
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { seedDemoData } from "../../demo/seed";
import { action as accountAction } from "~/routes/account";
import { loader as feedLoader } from "~/routes/calendar.$token";
import { loader as tenderCalendarLoader } from "~/routes/opportunities.$tenderId.calendar[.]ics";
import { action as tenderAction } from "~/routes/tenders.$tenderId._index";
import { action as panelAction, loader as panelLoader } from "~/routes/tenders.$tenderId.panel";
import { utcIsoToUkLocal } from "~/lib/dates";
import { createTestUser, jsonOf, postRequest, run, getRequest } from "../helpers/requests";
import { parseCalendar } from "../helpers/icalendar";

const PROVIDER = { id: "user-provider" };
const PANEL = { id: "user-panel" };
const CHRIS = { id: "user-chorley-officer" };
const OLIVIA = { id: "user-officer" };

async function feedFor(user: { id: string }): Promise<string> {
  const response = await run(accountAction, await postRequest("/account", { intent: "calendar-start" }, user));
  expect(response.status).toBe(200);
  const { calendarAddress } = await jsonOf(response);
  expect(calendarAddress).toMatch(/^http:\/\/portal\.test\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  return new URL(calendarAddress).pathname.split("/").pop()!;
}

async function readFeed(token: string) {
  const response = await run(feedLoader, new Request(`http://portal.test/calendar/${token}`), { token });
  return { response, calendar: response.status === 200 ? parseCalendar(await response.text()) : null };
}

beforeAll(async () => {
  await seedDemoData(getDb(), { withTenders: true });
});

/** A moment as a calendar shows it, in UK time to the second (iCalendar's precision). */
const local = (iso: string) => `${utcIsoToUkLocal(iso)}:${iso.slice(17, 19)}`;

describe("a person's calendar feed", () => {
  it("gives a provider the open tenders' closing times and questions deadline, and their returns due, each once in UK time", async () => {
    const { response, calendar } = await readFeed(await feedFor(PROVIDER));
    expect(response.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    const events = calendar!.events;
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);

    const db = getDb();
    const open = await db.selectFrom("tenders").select(["id", "reference", "closes_at", "clarifications_close_at"]).where("id", "=", "tender-open").executeTakeFirstOrThrow();
    const closing = events.filter((e) => e.summary.startsWith(`Tender closes: ${open.reference}`));
    expect(closing).toHaveLength(1);
    expect(closing[0]).toMatchObject({ tzid: "Europe/London", local: local(open.closes_at), utc: `${open.closes_at.slice(0, 19)}.000Z`, url: `http://portal.test/opportunities/${open.id}` });
    const questions = events.filter((e) => e.summary.startsWith(`Questions close: ${open.reference}`));
    expect(questions).toHaveLength(1);
    expect(questions[0]).toMatchObject({ tzid: "Europe/London", local: local(open.clarifications_close_at!) });
    // The upcoming tender closes later; the draft and the cancelled tender are not there.
    expect(events.some((e) => e.summary.startsWith("Tender closes: ESI-2026-005"))).toBe(true);
    expect(events.some((e) => /ESI-2026-00[67]/.test(e.summary))).toBe(false);

    const due = await db.selectFrom("returns").innerJoin("projects", "projects.id", "returns.project_id")
      .select(["returns.id", "returns.due_date", "projects.reference", "returns.quarter"])
      .where("projects.organisation_id", "=", "org-red-rose").where("returns.status", "in", ["not_started", "draft", "queried"]).execute();
    expect(due.length).toBeGreaterThan(0);
    for (const r of due) {
      const found = events.filter((e) => e.summary === `Return due: ${r.reference} ${r.quarter}`);
      expect(found, `${r.reference} ${r.quarter}`).toHaveLength(1);
      expect(found[0]).toMatchObject({ allDay: true, local: r.due_date });
    }
    // Nothing of another organisation's, and nothing that is an officer's.
    const others = await db.selectFrom("returns").innerJoin("projects", "projects.id", "returns.project_id").select("returns.id")
      .where("projects.organisation_id", "!=", "org-red-rose").execute();
    for (const r of others) expect(events.some((e) => e.uid.startsWith(`return-${r.id}@`))).toBe(false);
    expect(events.some((e) => e.summary.startsWith("Monitoring visit due"))).toBe(false);
  });

  it("gives a panel member the scoring date of each panel they have not finished, and an officer their districts' visits", async () => {
    const panel = (await readFeed(await feedFor(PANEL))).calendar!.events;
    const scoring = panel.filter((e) => e.summary.startsWith("Panel scores due"));
    const closed = await getDb().selectFrom("tenders").select(["reference", "scoring_due_on"]).where("id", "=", "tender-closed").executeTakeFirstOrThrow();
    expect(scoring).toHaveLength(1);
    expect(scoring[0]).toMatchObject({ allDay: true, local: closed.scoring_due_on!, summary: expect.stringContaining(closed.reference) });
    expect(panel.some((e) => e.summary.startsWith("Return due"))).toBe(false);

    const chris = (await readFeed(await feedFor(CHRIS))).calendar!.events;
    const olivia = (await readFeed(await feedFor(OLIVIA))).calendar!.events;
    const visits = (events: typeof chris) => events.filter((e) => e.summary.startsWith("Monitoring visit due") || e.summary.startsWith("Visit action due"));
    expect(visits(olivia).length).toBeGreaterThan(0);
    // Chris covers Chorley only: every visit of his is one Olivia (county-wide) has too, and fewer.
    for (const e of visits(chris)) expect(olivia.map((o) => o.uid)).toContain(e.uid);
    expect(visits(chris).length).toBeLessThan(visits(olivia).length);
    expect(olivia.some((e) => e.summary.startsWith("Tender closes: ESI-2026-004"))).toBe(true);
    expect(chris.some((e) => e.summary.startsWith("Tender closes: ESI-2026-004"))).toBe(false);
  });

  it("answers 404 to a wrong, replaced or stopped address, and to a deactivated person's", async () => {
    expect((await readFeed("x".repeat(43))).response.status).toBe(404);
    expect((await readFeed("not-even-a-token.ics")).response.status).toBe(404);
    const user = await createTestUser({ roles: ["provider"], organisationId: "org-red-rose" });
    const first = await feedFor(user);
    // The address ends in .ics; the token alone works too.
    expect((await readFeed(first)).response.status).toBe(200);
    expect((await readFeed(first.replace(/\.ics$/, ""))).response.status).toBe(200);
    const second = await feedFor(user);
    expect((await readFeed(first)).response.status).toBe(404);
    expect((await readFeed(second)).response.status).toBe(200);
    const stopped = await run(accountAction, await postRequest("/account", { intent: "calendar-stop" }, user));
    expect(stopped.status).toBe(302);
    expect((await readFeed(second)).response.status).toBe(404);
    const third = await feedFor(user);
    await getDb().updateTable("users").set({ is_active: 0 }).where("id", "=", user.id).execute();
    expect((await readFeed(third)).response.status).toBe(404);
    const audit = await getDb().selectFrom("audit_events").select("action").where("record_id", "=", user.id).orderBy("seq").execute();
    expect(audit.map((a) => a.action)).toEqual(["calendar_feed.started", "calendar_feed.replaced", "calendar_feed.stopped", "calendar_feed.started"]);
    // The token is kept only hashed.
    const stored = await getDb().selectFrom("calendar_feeds").select("id").where("user_id", "=", user.id).executeTakeFirstOrThrow();
    expect(stored.id).not.toBe(third.replace(/\.ics$/, ""));
    expect(stored.id).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("a tender's own calendar file", () => {
  it("holds a public tender's deadlines still to come, and nothing for a draft", async () => {
    const response = await run(tenderCalendarLoader, new Request("http://portal.test/opportunities/tender-open/calendar.ics"), { tenderId: "tender-open" });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="ESI-2026-004.ics"');
    const { events } = parseCalendar(await response.text());
    expect(events.map((e) => e.summary.split(":")[0]).sort()).toEqual(["Questions close", "Tender closes"]);
    const draft = await run(tenderCalendarLoader, new Request("http://portal.test/opportunities/tender-draft/calendar.ics"), { tenderId: "tender-draft" });
    expect(draft.status).toBe(404);
  });
});

describe("the last time for questions", () => {
  it("refuses a question once it has passed, and says when it was", async () => {
    const db = getDb();
    const before = await db.selectFrom("tenders").select("clarifications_close_at").where("id", "=", "tender-open").executeTakeFirstOrThrow();
    await db.updateTable("tenders").set({ clarifications_close_at: new Date(Date.now() - 60_000).toISOString() }).where("id", "=", "tender-open").execute();
    try {
      const asked = await run(tenderAction, await postRequest("/tenders/tender-open", { intent: "ask", question: "Too late?" }, PROVIDER), { tenderId: "tender-open" });
      expect(asked.status).toBe(409);
      expect((await jsonOf(asked)).formError).toMatch(/^Questions about this tender closed at .+ \(UK time\), so no more can be asked\.$/);
      expect(await db.selectFrom("clarifications").select("id").where("question", "=", "Too late?").execute()).toEqual([]);
    } finally {
      await db.updateTable("tenders").set({ clarifications_close_at: before.clarifications_close_at }).where("id", "=", "tender-open").execute();
    }
  });
});

describe("the panel's scoring date", () => {
  it("is set by an officer who runs the tender, refused as nonsense, and refused to anyone else", async () => {
    const bad = await run(panelAction, await postRequest("/tenders/tender-closed/panel", { intent: "scoring-due", scoring_due_on: "2027-02-30" }, OLIVIA), { tenderId: "tender-closed" });
    expect(bad.status).toBe(400);
    expect((await jsonOf(bad)).errors.scoring_due_on).toContain("real date");
    const provider = await run(panelAction, await postRequest("/tenders/tender-closed/panel", { intent: "scoring-due", scoring_due_on: "2027-02-01" }, PROVIDER), { tenderId: "tender-closed" });
    expect([403, 404]).toContain(provider.status);

    const set = await run(panelAction, await postRequest("/tenders/tender-closed/panel", { intent: "scoring-due", scoring_due_on: "2027-02-01" }, OLIVIA), { tenderId: "tender-closed" });
    expect(set.status).toBe(302);
    const page = await jsonOf(await run(panelLoader, await getRequest("/tenders/tender-closed/panel", OLIVIA), { tenderId: "tender-closed" }));
    expect(page.tender.scoringDueOn).toBe("2027-02-01");
    const audit = await getDb().selectFrom("audit_events").select(["action", "after_json"]).where("record_id", "=", "tender-closed").where("action", "=", "panel.scoring_due_set").execute();
    expect(audit.map((a) => JSON.parse(a.after_json!))).toContainEqual({ scoring_due_on: "2027-02-01" });
  });
});
