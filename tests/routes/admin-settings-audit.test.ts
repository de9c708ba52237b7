import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { seedDemoData } from "../../demo/seed";
import { action as settingsAction, loader as settingsLoader } from "~/routes/admin.settings";
import { SETTINGS_MESSAGES } from "~/schemas/settings";
import { loader as auditLoader } from "~/routes/admin.audit";
import { AUDIT_MESSAGES } from "~/schemas/audit";
import { getSettings } from "~/models/admin/settings.server";
import { PAGE_SIZE } from "~/lib/lists";
import { newId } from "~/lib/ids.server";
import { context, getRequest, jsonOf, postRequest, run, flashedMessage } from "../helpers/requests";
import { ukDayStartUtc } from "~/lib/dates";

const admin = { id: "user-admin" };
const db = () => getDb();

beforeAll(async () => {
  await seedDemoData(getDb());
});

async function auditCount(): Promise<number> {
  const row = await db().selectFrom("audit_events").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The settings form as the page fills it in. */
async function loadedForm(): Promise<Record<string, string>> {
  const data = await jsonOf(await run(settingsLoader, await getRequest("/admin/settings", admin)));
  return data.form;
}

describe("settings", () => {
  it("shows the settings in the units people type: pounds and megabytes", async () => {
    const form = await loadedForm();
    expect(form).toMatchObject({
      council_name: "Lancashire County Council",
      programme_name: "Early Support and Intervention",
      rag_green_percent: "95",
      rag_amber_percent: "80",
      visit_threshold_pounds: "10000",
      max_upload_mb: "10",
      support_email: "esi@demo.example",
    });
  });

  it("saves a new council name and visit threshold, and audits before and after", async () => {
    const form = await loadedForm();
    const response = await run(
      settingsAction,
      await postRequest("/admin/settings", { ...form, council_name: "Lancashire County Council (ESI)", visit_threshold_pounds: "£12,000" }, admin),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/admin/settings");
    expect(await flashedMessage(response)).toEqual({ kind: "success", text: "Settings have been saved" });

    const settings = await getSettings(db());
    expect(settings.council_name).toBe("Lancashire County Council (ESI)");
    expect(settings.visit_threshold_pence).toBe(1_200_000);
    expect(settings.max_upload_bytes).toBe(10 * 1024 * 1024);

    const events = await db().selectFrom("audit_events").selectAll().where("action", "=", "settings.updated").execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor_user_id: "user-admin", ip: context.ip, record_type: "settings", record_id: "settings" });
    expect(JSON.parse(events[0].before_json!)).toEqual({ council_name: "Lancashire County Council", visit_threshold_pence: 1_000_000 });
    expect(JSON.parse(events[0].after_json!)).toEqual({ council_name: "Lancashire County Council (ESI)", visit_threshold_pence: 1_200_000 });
    expect((await loadedForm()).visit_threshold_pounds).toBe("12000");
  });

  it("stores an upload size typed in MB as bytes", async () => {
    const form = await loadedForm();
    const response = await run(settingsAction, await postRequest("/admin/settings", { ...form, max_upload_mb: "2.5" }, admin));
    expect(response.status).toBe(302);
    expect((await getSettings(db())).max_upload_bytes).toBe(2_621_440);
    expect((await loadedForm()).max_upload_mb).toBe("2.5");
  });

  it("shows a cross-field error beside the amber threshold, keeping what was typed and saving nothing", async () => {
    const before = await getSettings(db());
    const auditBefore = await auditCount();
    const form = await loadedForm();
    const response = await run(
      settingsAction,
      await postRequest("/admin/settings", { ...form, council_name: "Not saved", rag_green_percent: "80", rag_amber_percent: "80" }, admin),
    );
    expect(response.status).toBe(400);
    const body = await jsonOf(response);
    expect(body.errors).toEqual({ rag_amber_percent: "The amber threshold must be below the green threshold" });
    expect(body.values).toMatchObject({ council_name: "Not saved", rag_green_percent: "80", rag_amber_percent: "80" });
    expect(await getSettings(db())).toEqual(before);
    expect(await auditCount()).toBe(auditBefore);
  });

  it("puts errors about pounds and megabytes beside the fields that were typed", async () => {
    const form = await loadedForm();
    const response = await run(
      settingsAction,
      await postRequest("/admin/settings", { ...form, visit_threshold_pounds: "ten grand", max_upload_mb: "200", support_email: "nope", return_due_days: "0", return_early_days: "46" }, admin),
    );
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).errors).toEqual({
      visit_threshold_pounds: SETTINGS_MESSAGES.visitThreshold,
      max_upload_mb: "Uploads are capped at 100 MB",
      support_email: "Enter a support e-mail address, like commissioning@council.example",
      return_due_days: "Returns must be due between 1 and 90 days after the quarter ends",
      return_early_days: "Early submission must be between 0 and 45 days before the quarter ends",
    });
    const badMb = await run(settingsAction, await postRequest("/admin/settings", { ...form, max_upload_mb: "lots" }, admin));
    expect((await jsonOf(badMb)).errors).toEqual({ max_upload_mb: SETTINGS_MESSAGES.maxUpload });
  });
});

describe("audit log", () => {
  const at = (iso: string, action: string, recordType: string, recordId: string, actor: string | null = "user-officer") => ({
    id: newId(), actor_user_id: actor, action, record_type: recordType, record_id: recordId,
    before_json: null, after_json: JSON.stringify({ note: action }), ip: "198.51.100.7", created_at: iso,
  });

  beforeAll(async () => {
    await db().insertInto("audit_events").values([
      at("2026-03-31T22:30:00.000Z", "organisation.approved", "organisation", "org-red-rose"), // 31 March, 23:30 in the UK
      at("2026-03-31T23:30:00.000Z", "organisation.approved", "organisation", "org-pennine-youth"), // 1 April, 00:30 in the UK
      at("2026-06-30T12:00:00.000Z", "user.signed_in", "user", "user-officer"),
      at("2026-07-01T09:00:00.000Z", "user_role.changed", "user", "user-viewer", "user-admin"),
      at("2026-07-02T09:00:00.000Z", "system.job", "job", "nightly", null),
    ]).execute();
  });

  it("lists events newest first with who did them", async () => {
    const data = await jsonOf(await run(auditLoader, await getRequest("/admin/audit", admin)));
    const items = data.page.items;
    expect(items.length).toBeGreaterThanOrEqual(7);
    const times = items.map((e: { createdAt: string }) => e.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    const settings = items.filter((e: { action: string }) => e.action === "settings.updated");
    expect(settings).toHaveLength(2);
    expect(settings[0]).toMatchObject({ actorName: "Alex Admin", recordType: "settings", recordId: "settings", ip: context.ip });
    // Newest first: the upload size, then the council name and visit threshold.
    expect(settings[0].after).toEqual({ max_upload_bytes: 2_621_440 });
    expect(settings[1].before).toEqual({ council_name: "Lancashire County Council", visit_threshold_pence: 1_000_000 });
    expect(items.find((e: { action: string }) => e.action === "system.job")).toMatchObject({ actorName: null, actorUserId: null });
    expect(data.options.recordTypes).toEqual(["job", "organisation", "settings", "user"]);
    expect(data.options.actors.map((a: { name: string }) => a.name)).toEqual(["Alex Admin", "Olivia Officer"]);
  });

  it("filters by action prefix, record type, who, record id and UK dates", async () => {
    const ids = async (query: string) =>
      (await jsonOf(await run(auditLoader, await getRequest(`/admin/audit?${query}`, admin)))).page.items.map(
        (e: { action: string; recordId: string }) => `${e.action} ${e.recordId}`,
      );
    expect(await ids("action=settings.")).toEqual(["settings.updated settings", "settings.updated settings"]);
    expect(await ids("action=organisation")).toEqual(["organisation.approved org-pennine-youth", "organisation.approved org-red-rose"]);
    // "_" is a letter here, not a wildcard: user.signed_in does not match user_role.
    expect(await ids("action=user_")).toEqual(["user_role.changed user-viewer"]);
    expect(await ids("type=user")).toEqual(["user_role.changed user-viewer", "user.signed_in user-officer"]);
    expect(await ids("actor=user-officer")).toEqual([
      "user.signed_in user-officer",
      "organisation.approved org-pennine-youth",
      "organisation.approved org-red-rose",
    ]);
    expect(await ids("q=PENNINE")).toEqual(["organisation.approved org-pennine-youth"]);
    // 1 April in the UK starts at 23:00 UTC on 31 March (summer time).
    expect(await ids("from=2026-04-01&to=2026-06-30")).toEqual(["user.signed_in user-officer", "organisation.approved org-pennine-youth"]);
    expect(await ids("to=2026-03-31")).toEqual(["organisation.approved org-red-rose"]);
    expect(await ids("from=2026-07-01&to=2026-07-01&type=user")).toEqual(["user_role.changed user-viewer"]);
  });

  it("says so beside a date that is not one, and ignores it", async () => {
    const data = await jsonOf(await run(auditLoader, await getRequest("/admin/audit?from=2026-02-30&to=2026-01-01&action=organisation", admin)));
    expect(data.errors).toEqual({ from: AUDIT_MESSAGES.date });
    expect(data.typed.from).toBe("2026-02-30");
    expect(data.page.items).toHaveLength(0); // the "to" date still applies
    const backwards = await jsonOf(await run(auditLoader, await getRequest("/admin/audit?from=2026-07-01&to=2026-06-01", admin)));
    expect(backwards.errors).toEqual({ to: AUDIT_MESSAGES.toBeforeFrom });
  });

  it("pages the log", async () => {
    const many = Array.from({ length: PAGE_SIZE + 5 }, (_, i) =>
      at(`2025-01-01T00:00:${String(i).padStart(2, "0")}.000Z`, "bulk.test", "bulk", `bulk-${String(i).padStart(2, "0")}`),
    );
    await db().insertInto("audit_events").values(many).execute();
    const first = await jsonOf(await run(auditLoader, await getRequest("/admin/audit?action=bulk.", admin)));
    expect(first.page).toMatchObject({ total: PAGE_SIZE + 5, pageCount: 2 });
    expect(first.page.items[0].recordId).toBe(`bulk-${PAGE_SIZE + 4}`);
    const second = await jsonOf(await run(auditLoader, await getRequest("/admin/audit?action=bulk.&page=2", admin)));
    expect(second.page.items.map((e: { recordId: string }) => e.recordId)).toEqual(["bulk-04", "bulk-03", "bulk-02", "bulk-01", "bulk-00"]);
  });

  it("downloads the filtered log as CSV", async () => {
    const response = await run(auditLoader, await getRequest("/admin/audit?action=settings.&format=csv&page=3", admin));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/csv/);
    expect(response.headers.get("Content-Disposition")).toContain("audit-log.csv");
    const lines = (await response.text()).replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe("Time (UTC),Who,User id,Action,Record type,Record id,IP address,Before,After");
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain(",Alex Admin,user-admin,settings.updated,settings,settings,192.0.2.10,");
    expect(lines[2]).toContain('"{""council_name"":""Lancashire County Council"",""visit_threshold_pence"":1000000}"');
  });

  it("finds the UK midnight on either side of the clocks changing", () => {
    expect(ukDayStartUtc("2026-01-15")).toBe("2026-01-15T00:00:00.000Z");
    expect(ukDayStartUtc("2026-07-01")).toBe("2026-06-30T23:00:00.000Z");
    expect(ukDayStartUtc("2026-03-29")).toBe("2026-03-29T00:00:00.000Z");
    expect(ukDayStartUtc("2026-03-29", 1)).toBe("2026-03-29T23:00:00.000Z");
    expect(ukDayStartUtc("2026-10-25", 1)).toBe("2026-10-26T00:00:00.000Z");
  });
});

describe("who may use these pages", () => {
  const others = ["user-officer", "user-provider", "user-panel", "user-viewer", "user-chorley-officer"];

  it("refuses everyone but administrators with 403, and saves nothing", async () => {
    const before = await getSettings(db());
    for (const id of others) {
      expect((await run(settingsLoader, await getRequest("/admin/settings", { id }))).status, id).toBe(403);
      const form = { council_name: "Hijacked", visit_threshold_pounds: "1", max_upload_mb: "1" };
      expect((await run(settingsAction, await postRequest("/admin/settings", form, { id }))).status, id).toBe(403);
      expect((await run(auditLoader, await getRequest("/admin/audit", { id }))).status, id).toBe(403);
      expect((await run(auditLoader, await getRequest("/admin/audit?format=csv", { id }))).status, id).toBe(403);
    }
    expect(await getSettings(db())).toEqual(before);
  });

  it("sends someone signed out to sign in", async () => {
    const settings = await run(settingsLoader, await getRequest("/admin/settings"));
    expect(settings.status).toBe(302);
    expect(settings.headers.get("Location")).toBe("/sign-in?redirectTo=%2Fadmin%2Fsettings");
    const post = await run(settingsAction, await postRequest("/admin/settings", { council_name: "x" }));
    expect(post.status).toBe(302);
    expect(post.headers.get("Location")).toBe("/sign-in?redirectTo=%2Fadmin%2Fsettings");
    const audit = await run(auditLoader, await getRequest("/admin/audit?format=csv"));
    expect(audit.status).toBe(302);
    expect(audit.headers.get("Location")).toBe(`/sign-in?redirectTo=${encodeURIComponent("/admin/audit?format=csv")}`);
  });
});

// Last in the file: it writes audit events the counts above do not expect.
describe("settings edited in two tabs", () => {
  it("refuses a save from a form loaded before someone else saved, and keeps what was typed", async () => {
    const data = await jsonOf(await run(settingsLoader, await getRequest("/admin/settings", admin)));
    const first = await run(settingsAction, await postRequest("/admin/settings", { ...data.form, basis: data.basis, return_due_days: "28" }, admin));
    expect(first.status).toBe(302);
    const stale = await run(settingsAction, await postRequest("/admin/settings", { ...data.form, basis: data.basis, council_name: "Typed in the old tab" }, admin));
    expect(stale.status).toBe(409);
    const body = await jsonOf(stale);
    expect(body.formError).toMatch(/^Someone else changed this settings while you were editing it/);
    expect(body.values.council_name).toBe("Typed in the old tab");
    const now = await loadedForm();
    expect(now.return_due_days).toBe("28");
    expect(now.council_name).not.toBe("Typed in the old tab");
  });

});
