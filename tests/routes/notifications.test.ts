// Officers are told by e-mail, through a real SMTP server: a return submitted or resubmitted
// (to the officers who may review it), a clarification question (to those who manage the
// tender), a registration waiting (to officers and administrators). Each can be turned off
// on the account's notifications page. And "Send a reminder" on an overdue return: e-mailed
// to the provider, audited, once a day.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { seedDemoData } from "../../demo/seed";
import { nowIso } from "~/lib/ids.server";
import { action as checkAction } from "~/routes/returns.$returnId.check";
import { action as taskListAction, loader as taskListLoader } from "~/routes/returns.$returnId._index";
import { action as tenderAction } from "~/routes/tenders.$tenderId._index";
import { action as registerAction } from "~/routes/register";
import { action as settingsAction, loader as settingsLoader } from "~/routes/account_.notifications";
import { loader as accountLoader } from "~/routes/account";
import { createTestUser, flashedMessage, getRequest, jsonOf, postRequest, run, type TestUser } from "../helpers/requests";
import { createTestProject } from "../helpers/projects";
import { completeTestReturn, DEFAULT_CONTENT } from "../helpers/returns";
import { createTestTender } from "../helpers/tenders";
import { startSmtpServer, type TestSmtp } from "../helpers/smtp";

const PAT = { id: "user-provider" };
const OLIVIA = { id: "user-officer", email: "officer@demo.example" }; // county-wide
const CHRIS = { id: "user-chorley-officer", email: "chorley.officer@demo.example" }; // Chorley
const ADMIN = { id: "user-admin", email: "admin@demo.example" };
const PAT_EMAIL = "provider@demo.example";

let smtp: TestSmtp;
let burnley: TestUser;

beforeAll(async () => {
  await seedDemoData(getDb());
  smtp = await startSmtpServer();
  process.env.SMTP_URL = smtp.url;
  burnley = await createTestUser({ roles: ["officer"], districtIds: ["district-burnley"], name: "Bea Burnley", email: "bea@burnley.test" });
});

afterAll(async () => {
  delete process.env.SMTP_URL;
  await smtp.close();
});

beforeEach(() => {
  smtp.messages.length = 0;
});

/** Who was sent a message with this subject. */
const recipientsOf = (subject: string) => smtp.messages.filter((m) => m.subject === subject).flatMap((m) => m.to).sort();

async function choose(user: { id: string }, kinds: string[]) {
  return run(settingsAction, await postRequest("/account/notifications", { "kinds[]": kinds }, user));
}

/** A return of a Chorley project, filled in and ready to submit; its quarter (2020-21 Q1) has ended. */
async function readyReturn() {
  const project = await createTestProject({ startDate: "2020-04-01", endDate: "2020-06-30", dueDays: 30_000 });
  const returnId = project.returns["2020-21 Q1"];
  const version = await completeTestReturn(returnId, DEFAULT_CONTENT(project));
  return { project, returnId, version };
}

describe("a return submitted", () => {
  afterAll(async () => {
    await getDb().deleteFrom("notification_opt_outs").execute();
  });

  it("e-mails the officers who may review it, with a link to the review, and no one else", async () => {
    const { project, returnId, version } = await readyReturn();
    const response = await run(checkAction, await postRequest(`/returns/${returnId}/check`, { version: String(version), declaration: "yes" }, PAT), { returnId });
    expect(response.status).toBe(302);
    const subject = `Return submitted: ${project.reference} 2020-21 Q1`;
    expect(recipientsOf(subject)).toEqual([CHRIS.email, OLIVIA.email].sort());
    const mail = smtp.messages.find((m) => m.subject === subject)!;
    expect(mail.text).toContain(`Red Rose Family Support has submitted the 2020-21 Q1 return for ${project.reference}`);
    expect(mail.text).toContain(`/returns/${returnId}/review`);
    expect(mail.text).toContain("/account/notifications");
  });

  it("is not sent to an officer who has turned it off; the choice is audited", async () => {
    const saved = await choose(CHRIS, ["clarification_asked", "registration_waiting"]);
    expect(saved.status).toBe(302);
    expect(await flashedMessage(saved)).toMatchObject({ text: "Your e-mail notifications have been saved." });
    const audit = await getDb().selectFrom("audit_events").select(["action", "after_json"]).where("record_id", "=", CHRIS.id)
      .where("action", "=", "account.notifications_changed").execute();
    expect(audit.map((a) => JSON.parse(a.after_json!))).toEqual([{ turned_off: ["return_submitted"] }]);
    const page = await jsonOf(await run(settingsLoader, await getRequest("/account/notifications", CHRIS)));
    expect(page.on).toEqual(["clarification_asked", "registration_waiting"]);

    const { project, returnId, version } = await readyReturn();
    expect((await run(checkAction, await postRequest(`/returns/${returnId}/check`, { version: String(version), declaration: "yes" }, PAT), { returnId })).status).toBe(302);
    expect(recipientsOf(`Return submitted: ${project.reference} 2020-21 Q1`)).toEqual([OLIVIA.email]);
  });
});

describe("a clarification question", () => {
  it("e-mails the officers who manage the tender, with the question and a link to answer it", async () => {
    const tender = await createTestTender({ state: "open" });
    const question = "Can the budget include a contribution to venue hire?";
    const response = await run(tenderAction, await postRequest(`/tenders/${tender.id}`, { intent: "ask", question }, PAT), { tenderId: tender.id });
    expect(response.status).toBe(302);
    const subject = `Clarification question on ${tender.reference}`;
    expect(recipientsOf(subject)).toEqual([CHRIS.email, OLIVIA.email].sort());
    const mail = smtp.messages.find((m) => m.subject === subject)!;
    expect(mail.text).toContain(question);
    expect(mail.text).toContain(`/tenders/${tender.id}/clarifications`);
    expect(mail.text).not.toContain("Pat Provider");
  });
});

describe("a registration waiting", () => {
  it("e-mails the officers and administrators, not providers or officers who turned it off", async () => {
    expect((await choose(burnley, ["return_submitted", "clarification_asked"])).status).toBe(302);
    const response = await run(registerAction, await postRequest("/register", {
      name: "Leyland Youth Cafe", charity_number: "", company_number: "", address: "Towngate, Leyland", postcode: "PR25 2LQ", contact_name: "Ali Khan", contact_email: "ali@leyland.test",
    }));
    expect(response.status).toBe(302);
    const subject = "Registration waiting for approval: Leyland Youth Cafe";
    const told = recipientsOf(subject);
    expect(told).toEqual(expect.arrayContaining([ADMIN.email, CHRIS.email, OLIVIA.email]));
    expect(told).not.toContain("bea@burnley.test");
    expect(told).not.toContain(PAT_EMAIL);
    expect(smtp.messages.find((m) => m.subject === subject)!.text).toContain("(contact: Ali Khan)");
  });
});

describe("registrations, which e-mail every approving officer", () => {
  it("come ten an hour at most from one network: the eleventh is refused and no one is e-mailed", async () => {
    await getDb().deleteFrom("throttle_events").execute();
    for (let i = 1; i <= 10; i += 1) {
      const ok = await run(registerAction, await postRequest("/register", {
        name: `Group ${i}`, charity_number: "", company_number: "", address: "Somewhere", postcode: "PR1 2EF", contact_name: "Sam", contact_email: `group${i}@groups.test`,
      }));
      expect(ok.status).toBe(302);
    }
    smtp.messages.length = 0;
    const refused = await run(registerAction, await postRequest("/register", {
      name: "Group 11", charity_number: "", company_number: "", address: "Somewhere", postcode: "PR1 2EF", contact_name: "Sam", contact_email: "group11@groups.test",
    }));
    expect(refused.status).toBe(429);
    expect((await jsonOf(refused)).formError).toBe("There have been too many registrations from your network. Wait an hour and try again, or e-mail the council.");
    expect(await getDb().selectFrom("organisations").select("id").where("name", "=", "Group 11").executeTakeFirst()).toBeUndefined();
    expect(smtp.messages).toEqual([]);
    await getDb().deleteFrom("throttle_events").execute();
  });
});

describe("the notifications page", () => {
  it("offers officers all three, administrators the registrations, providers none", async () => {
    const officer = await jsonOf(await run(settingsLoader, await getRequest("/account/notifications", OLIVIA)));
    expect(officer.options.map((o: { value: string }) => o.value)).toEqual(["return_submitted", "clarification_asked", "registration_waiting"]);
    const admin = await jsonOf(await run(settingsLoader, await getRequest("/account/notifications", ADMIN)));
    expect(admin.options.map((o: { value: string }) => o.value)).toEqual(["registration_waiting"]);
    const provider = await jsonOf(await run(settingsLoader, await getRequest("/account/notifications", PAT)));
    expect(provider.options).toEqual([]);
    expect((await jsonOf(await run(accountLoader, await getRequest("/account", PAT)))).hasNotifications).toBe(false);
    expect((await jsonOf(await run(accountLoader, await getRequest("/account", OLIVIA)))).hasNotifications).toBe(true);
  });

  it("refuses an e-mail that is not offered, or not one at all, and changes nothing", async () => {
    const before = await getDb().selectFrom("notification_opt_outs").selectAll().orderBy("id").execute();
    for (const [user, kinds] of [[ADMIN, ["return_submitted"]], [OLIVIA, ["everything"]], [PAT, ["registration_waiting"]]] as const) {
      const response = await choose(user, [...kinds]);
      expect(response.status).toBe(400);
      expect((await jsonOf(response)).errors).toEqual({ kinds: "Choose from the e-mails listed" });
    }
    expect(await getDb().selectFrom("notification_opt_outs").selectAll().orderBy("id").execute()).toEqual(before);
  });

  it("sends a signed-out visitor to sign in", async () => {
    const response = await run(settingsLoader, await getRequest("/account/notifications", null));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/sign-in/);
  });
});

describe("sending a reminder about an overdue return", () => {
  /** A Chorley return due in 2020: long overdue, not submitted. */
  async function overdueReturn() {
    const project = await createTestProject({ startDate: "2020-04-01", endDate: "2020-06-30" });
    return { project, returnId: project.returns["2020-21 Q1"] };
  }
  const remind = async (returnId: string, user: { id: string }) =>
    run(taskListAction, await postRequest(`/returns/${returnId}`, { intent: "remind" }, user), { returnId });

  it("e-mails the provider, records who sent it, and says when the last one went", async () => {
    const { project, returnId } = await overdueReturn();
    const page = await jsonOf(await run(taskListLoader, await getRequest(`/returns/${returnId}`, CHRIS), { returnId }));
    expect(page).toMatchObject({ canRemind: true, lastReminder: null });

    const response = await remind(returnId, CHRIS);
    expect(response.status).toBe(302);
    expect(await flashedMessage(response)).toMatchObject({ kind: "success", text: "A reminder has been e-mailed to 1 person at the provider." });
    const mail = await smtp.waitFor((m) => m.to.includes(PAT_EMAIL));
    expect(mail.subject).toBe(`Overdue: your 2020-21 Q1 return for ${project.reference} was due on 21 July 2020`);
    expect(mail.text).toContain("has asked us to remind you");
    expect(mail.text).toContain(`reply to Chris`);
    const row = await getDb().selectFrom("returns").select(["reminded_at", "reminded_by"]).where("id", "=", returnId).executeTakeFirstOrThrow();
    expect(row.reminded_by).toBe(CHRIS.id);
    const audit = await getDb().selectFrom("audit_events").select(["action", "actor_user_id"]).where("record_id", "=", returnId)
      .where("action", "=", "return.reminder_sent").execute();
    expect(audit).toEqual([{ action: "return.reminder_sent", actor_user_id: CHRIS.id }]);
    const after = await jsonOf(await run(taskListLoader, await getRequest(`/returns/${returnId}`, OLIVIA), { returnId }));
    expect(after.lastReminder).toMatch(/ by Chris/);
  });

  it("sends one a day: a second, by anyone, is refused with when the next can go", async () => {
    const { returnId } = await overdueReturn();
    expect((await remind(returnId, CHRIS)).status).toBe(302);
    smtp.messages.length = 0;
    const again = await remind(returnId, OLIVIA);
    expect(again.status).toBe(409);
    expect((await jsonOf(again)).formError).toMatch(/^A reminder was sent at .* by Chris.*\. To avoid flooding the provider, the next can be sent from .*\.$/);
    expect(smtp.messages).toEqual([]);
    // A day later it may go again.
    await getDb().updateTable("returns").set({ reminded_at: new Date(Date.now() - 24 * 3_600_000 - 1000).toISOString() }).where("id", "=", returnId).execute();
    expect((await remind(returnId, OLIVIA)).status).toBe(302);
    expect(await getDb().selectFrom("audit_events").select("id").where("record_id", "=", returnId).where("action", "=", "return.reminder_sent").execute()).toHaveLength(2);
  });

  it("is refused for a return that is not overdue, to the provider and to another district's officer", async () => {
    const notDue = await createTestProject({ startDate: "2060-04-01", endDate: "2060-06-30" });
    const notDueId = notDue.returns["2060-61 Q1"];
    const early = await remind(notDueId, CHRIS);
    expect(early.status).toBe(409);
    expect((await jsonOf(early)).formError).toBe("This return is not overdue, so there is nothing to chase.");

    const { returnId } = await overdueReturn();
    expect((await remind(returnId, PAT)).status).toBe(403);
    expect([403, 404]).toContain((await remind(returnId, burnley)).status);
    const row = await getDb().selectFrom("returns").select("reminded_at").where("id", "=", returnId).executeTakeFirstOrThrow();
    expect(row.reminded_at).toBeNull();
    expect(smtp.messages).toEqual([]);
    expect((await jsonOf(await run(taskListLoader, await getRequest(`/returns/${returnId}`, PAT), { returnId }))).canRemind).toBe(false);
  });

  it("gives the day's reminder back when no one at the provider could be e-mailed, and says so", async () => {
    const { returnId } = await overdueReturn();
    const working = process.env.SMTP_URL;
    process.env.SMTP_URL = "smtp://127.0.0.1:1"; // nothing listens there
    try {
      const response = await remind(returnId, CHRIS);
      expect(response.status).toBe(302);
      expect(await flashedMessage(response)).toMatchObject({ kind: "info", text: expect.stringMatching(/^The reminder could not be e-mailed to anyone at the provider\./) });
    } finally {
      process.env.SMTP_URL = working;
    }
    const row = await getDb().selectFrom("returns").select("reminded_at").where("id", "=", returnId).executeTakeFirstOrThrow();
    expect(row.reminded_at).toBeNull();
    const audit = await getDb().selectFrom("audit_events").select("action").where("record_id", "=", returnId).orderBy("created_at").orderBy("id").execute();
    expect(audit.map((a) => a.action).filter((a) => a.startsWith("return.reminder"))).toEqual(expect.arrayContaining(["return.reminder_sent", "return.reminder_not_sent"]));
    // So it can be sent again at once.
    expect((await remind(returnId, CHRIS)).status).toBe(302);
  });

  it("an unknown intent is refused and sends nothing", async () => {
    const { returnId } = await overdueReturn();
    const response = await run(taskListAction, await postRequest(`/returns/${returnId}`, { intent: "shout", at: nowIso() }, CHRIS), { returnId });
    expect(response.status).toBe(400);
    expect(smtp.messages).toEqual([]);
  });
});
