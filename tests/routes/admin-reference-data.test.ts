import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { seedDemoData } from "../../demo/seed";
import { loader as districtsLoader } from "~/routes/admin.districts._index";
import { action as newDistrictAction, loader as newDistrictLoader } from "~/routes/admin.districts.new";
import { action as districtAction, loader as districtLoader } from "~/routes/admin.districts.$districtId";
import { loader as fundingLoader } from "~/routes/admin.funding._index";
import { action as newStreamAction, loader as newStreamLoader } from "~/routes/admin.funding.new";
import { action as streamAction, loader as streamLoader } from "~/routes/admin.funding.$streamId";
import { loader as themesLoader } from "~/routes/admin.themes._index";
import { action as newThemeAction, loader as newThemeLoader } from "~/routes/admin.themes.new";
import { action as themeAction, loader as themeLoader } from "~/routes/admin.themes.$themeId";
import { allocationAmountMessage, allocationField, allocationTooLargeMessage, MESSAGES } from "~/schemas/reference-data";
import { context, getRequest, jsonOf, postRequest, run, flashedMessage } from "../helpers/requests";
import { StaleEditError } from "~/models/errors";
import { DEMO_DISTRICTS } from "../../demo/constants";

const admin = { id: "user-admin" };
const db = () => getDb();

beforeAll(async () => {
  await seedDemoData(getDb());
});

async function count(table: "districts" | "funding_streams" | "themes" | "allocations" | "audit_events"): Promise<number> {
  const row = await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
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

async function flashOf(response: Response): Promise<unknown> {
  return flashedMessage(response);
}

describe("districts", () => {
  it("lists the 12 Lancashire districts by name, with their ONS codes", async () => {
    const response = await run(districtsLoader, await getRequest("/admin/districts", admin));
    expect(response.status).toBe(200);
    const { page } = await jsonOf(response);
    expect(page.total).toBe(12);
    expect(page.items.map((d: { name: string }) => d.name)).toEqual(DEMO_DISTRICTS.map(([, name]) => name));
    expect(page.items[0]).toMatchObject({ id: "district-burnley", name: "Burnley", onsCode: "E07000117" });
    expect(page.items).toContainEqual(
      expect.objectContaining({ id: "district-chorley", name: "Chorley", onsCode: "E07000118", partnershipName: "Chorley Local Children's Trust Partnership" }),
    );
  });

  it("sorts in either direction by name or ONS code", async () => {
    const byName = await jsonOf(await run(districtsLoader, await getRequest("/admin/districts?sort=name&dir=desc", admin)));
    expect(byName.page.items.map((d: { name: string }) => d.name).slice(0, 3)).toEqual(["Wyre", "West Lancashire", "South Ribble"]);
    const byCode = await jsonOf(await run(districtsLoader, await getRequest("/admin/districts?sort=ons_code&dir=desc", admin)));
    expect(byCode.page.items[0].onsCode).toBe("E07000128");
    expect(byCode.params).toMatchObject({ sort: "ons_code", dir: "desc" });
  });

  it("searches names, ONS codes and partnerships", async () => {
    const ribble = await jsonOf(await run(districtsLoader, await getRequest("/admin/districts?q=ribble", admin)));
    expect(ribble.page.items.map((d: { name: string }) => d.name)).toEqual(["Ribble Valley", "South Ribble"]);
    const code = await jsonOf(await run(districtsLoader, await getRequest("/admin/districts?q=e07000118", admin)));
    expect(code.page.items.map((d: { name: string }) => d.name)).toEqual(["Chorley"]);
    const none = await jsonOf(await run(districtsLoader, await getRequest("/admin/districts?q=Blackburn", admin)));
    expect(none.page.total).toBe(0);
  });

  it("downloads the list as CSV", async () => {
    const response = await run(districtsLoader, await getRequest("/admin/districts?format=csv&sort=name&dir=desc", admin));
    expect(response.headers.get("Content-Type")).toMatch(/^text\/csv/);
    const lines = (await response.text()).replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe("Name,ONS code,Partnership,Last changed");
    expect(lines).toHaveLength(13);
    expect(lines[1]).toMatch(/^Wyre,E07000128,Wyre Local Children's Trust Partnership,/);
    expect(lines).toContainEqual(expect.stringMatching(/^Chorley,E07000118,/));
  });

  it("adds a district, storing the ONS code in capitals, and audits it", async () => {
    expect((await run(newDistrictLoader, await getRequest("/admin/districts/new", admin))).status).toBe(200);
    const response = await run(
      newDistrictAction,
      await postRequest("/admin/districts/new", { name: " Blackpool ", ons_code: "e06000009", partnership_name: "Blackpool Children's Partnership" }, admin),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/admin/districts");
    expect(await flashOf(response)).toEqual({ kind: "success", text: "Blackpool has been added" });
    const row = await db().selectFrom("districts").selectAll().where("name", "=", "Blackpool").executeTakeFirstOrThrow();
    expect(row).toMatchObject({ ons_code: "E06000009", partnership_name: "Blackpool Children's Partnership", version: 1 });
    const audit = await auditFor(row.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "district.created", actor_user_id: "user-admin", ip: context.ip, before_json: null });
    expect(JSON.parse(audit[0].after_json!)).toEqual({ name: "Blackpool", ons_code: "E06000009", partnership_name: "Blackpool Children's Partnership" });
  });

  it("changes a district's details, bumping its version, and audits before and after", async () => {
    const loaded = await jsonOf(await run(districtLoader, await getRequest("/admin/districts/district-chorley", admin), { districtId: "district-chorley" }));
    expect(loaded.district).toMatchObject({ name: "Chorley", onsCode: "E07000118", version: 1 });
    const response = await run(
      districtAction,
      await postRequest("/admin/districts/district-chorley", {
        version: "1", name: "Chorley", ons_code: "E07000118", partnership_name: "Chorley Children and Families Partnership",
      }, admin),
      { districtId: "district-chorley" },
    );
    expect(response.status).toBe(302);
    expect(await flashOf(response)).toEqual({ kind: "success", text: "Chorley has been updated" });
    const row = await db().selectFrom("districts").selectAll().where("id", "=", "district-chorley").executeTakeFirstOrThrow();
    expect(row).toMatchObject({ partnership_name: "Chorley Children and Families Partnership", version: 2 });
    const [event] = await auditFor("district-chorley");
    expect(event.action).toBe("district.updated");
    expect(JSON.parse(event.before_json!)).toEqual({ name: "Chorley", ons_code: "E07000118", partnership_name: "Chorley Local Children's Trust Partnership" });
    expect(JSON.parse(event.after_json!)).toEqual({ name: "Chorley", ons_code: "E07000118", partnership_name: "Chorley Children and Families Partnership" });
  });

  it("refuses a bad ONS code and a duplicate name or code, keeping what was typed and writing nothing", async () => {
    const districtsBefore = await count("districts");
    const auditBefore = await count("audit_events");

    const badCode = await run(newDistrictAction, await postRequest("/admin/districts/new", { name: "Blackburn with Darwen", ons_code: "E0711", partnership_name: "BwD" }, admin));
    expect(badCode.status).toBe(400);
    const badBody = await jsonOf(badCode);
    expect(badBody.errors).toEqual({ ons_code: MESSAGES.onsCodeFormat });
    expect(badBody.values).toMatchObject({ name: "Blackburn with Darwen", ons_code: "E0711", partnership_name: "BwD" });

    const wales = await run(newDistrictAction, await postRequest("/admin/districts/new", { name: "Cardiff", ons_code: "W06000015", partnership_name: "Cardiff" }, admin));
    expect((await jsonOf(wales)).errors).toEqual({ ons_code: MESSAGES.onsCodeFormat });

    const empty = await run(newDistrictAction, await postRequest("/admin/districts/new", { name: " ", ons_code: "", partnership_name: "" }, admin));
    expect((await jsonOf(empty)).errors).toEqual({ name: MESSAGES.districtName, ons_code: MESSAGES.onsCode, partnership_name: MESSAGES.partnership });

    const dupName = await run(newDistrictAction, await postRequest("/admin/districts/new", { name: "preston", ons_code: "E06000008", partnership_name: "Preston again" }, admin));
    expect(dupName.status).toBe(400);
    const dupBody = await jsonOf(dupName);
    expect(dupBody.errors).toEqual({ name: MESSAGES.duplicateDistrictName });
    expect(dupBody.values.name).toBe("preston");

    const dupCode = await run(
      districtAction,
      await postRequest("/admin/districts/district-wyre", { version: "1", name: "Wyre", ons_code: "E07000117", partnership_name: "Wyre" }, admin),
      { districtId: "district-wyre" },
    );
    expect(dupCode.status).toBe(400);
    expect((await jsonOf(dupCode)).errors).toEqual({ ons_code: MESSAGES.duplicateOnsCode });

    expect(await count("districts")).toBe(districtsBefore);
    expect(await count("audit_events")).toBe(auditBefore);
    const wyre = await db().selectFrom("districts").selectAll().where("id", "=", "district-wyre").executeTakeFirstOrThrow();
    expect(wyre).toMatchObject({ ons_code: "E07000128", partnership_name: "Wyre Local Children's Trust Partnership", version: 1 });
  });

  it("refuses a stale edit with 409, keeping what was typed", async () => {
    // Chorley is at version 2 after the edit above; this form was loaded at version 1.
    const response = await run(
      districtAction,
      await postRequest("/admin/districts/district-chorley", { version: "1", name: "Chorley Borough", ons_code: "E07000118", partnership_name: "Mine" }, admin),
      { districtId: "district-chorley" },
    );
    expect(response.status).toBe(409);
    const body = await jsonOf(response);
    expect(body.formError).toBe(new StaleEditError("district").message);
    expect(body.values).toMatchObject({ name: "Chorley Borough", partnership_name: "Mine" });
    const row = await db().selectFrom("districts").selectAll().where("id", "=", "district-chorley").executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: "Chorley", partnership_name: "Chorley Children and Families Partnership", version: 2 });
  });

  it("gives 404 for a district that does not exist", async () => {
    const response = await run(districtLoader, await getRequest("/admin/districts/nope", admin), { districtId: "nope" });
    expect(response.status).toBe(404);
  });
});

describe("funding streams and allocations", () => {
  const stream = "stream-schools-forum";

  async function amounts(streamId: string, year: number): Promise<Record<string, number>> {
    const rows = await db()
      .selectFrom("allocations")
      .select(["district_id", "amount_pence"])
      .where("funding_stream_id", "=", streamId)
      .where("financial_year", "=", year)
      .execute();
    return Object.fromEntries(rows.map((r) => [r.district_id, Number(r.amount_pence)]));
  }

  /** The allocations form as the page shows it for a year: every district's amount, and the snapshot. */
  async function loadForm(streamId: string, year: number): Promise<Record<string, string>> {
    const data = await jsonOf(await run(streamLoader, await getRequest(`/admin/funding/${streamId}?year=${year}`, admin), { streamId }));
    const fields: Record<string, string> = { intent: "allocations", year: String(year), snapshot: data.grid.snapshot };
    for (const row of data.grid.rows) {
      fields[allocationField(row.districtId)] = row.amountPence === null ? "" : (row.amountPence / 100).toFixed(2);
    }
    return fields;
  }

  it("lists the streams with each one's total for the year, from one grouped query", async () => {
    const y2026 = await jsonOf(await run(fundingLoader, await getRequest("/admin/funding?year=2026", admin)));
    expect(y2026.yearLabel).toBe("2026-27");
    expect(y2026.page.items).toEqual([
      expect.objectContaining({ id: "stream-pump-priming", name: "Pump priming", totalPence: 0, districtCount: 0, isActive: true }),
      expect.objectContaining({ id: "stream-schools-forum", name: "Schools Forum ESI", totalPence: 96_000_000, districtCount: 12 }),
    ]);
    const y2025 = await jsonOf(await run(fundingLoader, await getRequest("/admin/funding?year=2025&sort=total&dir=desc", admin)));
    expect(y2025.page.items.map((s: { totalPence: number }) => s.totalPence)).toEqual([96_000_000, 60_000_000]);
    expect(y2025.years.map((y: { label: string }) => y.label)).toEqual(expect.arrayContaining(["2025-26", "2026-27"]));
  });

  it("adds a funding stream and changes its details, refusing a duplicate name and a stale edit", async () => {
    expect((await run(newStreamLoader, await getRequest("/admin/funding/new", admin))).status).toBe(200);
    const dup = await run(newStreamAction, await postRequest("/admin/funding/new", { name: "pump priming", description: "", is_active: "yes" }, admin));
    expect(dup.status).toBe(400);
    expect((await jsonOf(dup)).errors).toEqual({ name: MESSAGES.duplicateStreamName });
    const noActive = await run(newStreamAction, await postRequest("/admin/funding/new", { name: "Troubled Families", description: "" }, admin));
    expect((await jsonOf(noActive)).errors).toEqual({ is_active: MESSAGES.streamActive });

    const created = await run(
      newStreamAction,
      await postRequest("/admin/funding/new", { name: "Troubled Families", description: "Payment by results", is_active: "yes" }, admin),
    );
    expect(created.status).toBe(302);
    const row = await db().selectFrom("funding_streams").selectAll().where("name", "=", "Troubled Families").executeTakeFirstOrThrow();
    expect(created.headers.get("Location")).toBe(`/admin/funding/${row.id}`);
    expect(row).toMatchObject({ description: "Payment by results", is_active: 1, version: 1 });
    expect((await auditFor(row.id)).map((a) => a.action)).toEqual(["funding_stream.created"]);

    const updated = await run(
      streamAction,
      await postRequest(`/admin/funding/${row.id}`, { intent: "details", version: "1", name: "Supporting Families", description: "Payment by results", is_active: "no" }, admin),
      { streamId: row.id },
    );
    expect(updated.status).toBe(302);
    const after = await db().selectFrom("funding_streams").selectAll().where("id", "=", row.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ name: "Supporting Families", is_active: 0, version: 2 });
    const audit = await auditFor(row.id);
    expect(audit[1].action).toBe("funding_stream.updated");
    expect(JSON.parse(audit[1].before_json!)).toEqual({ name: "Troubled Families", description: "Payment by results", is_active: true });
    expect(JSON.parse(audit[1].after_json!)).toEqual({ name: "Supporting Families", description: "Payment by results", is_active: false });

    const stale = await run(
      streamAction,
      await postRequest(`/admin/funding/${row.id}`, { intent: "details", version: "1", name: "Something else", description: "", is_active: "yes" }, admin),
      { streamId: row.id },
    );
    expect(stale.status).toBe(409);
    const staleBody = await jsonOf(stale);
    expect(staleBody.formError).toBe(new StaleEditError("funding stream").message);
    expect(staleBody.values.name).toBe("Something else");
    expect((await db().selectFrom("funding_streams").select("name").where("id", "=", row.id).executeTakeFirstOrThrow()).name).toBe("Supporting Families");
  });

  it("shows one row per district for the chosen year", async () => {
    const data = await jsonOf(await run(streamLoader, await getRequest(`/admin/funding/${stream}?year=2026`, admin), { streamId: stream }));
    expect(data.yearLabel).toBe("2026-27");
    expect(data.grid.rows).toHaveLength(13); // the 12, and Blackpool added above
    expect(data.grid.rows).toContainEqual(expect.objectContaining({ districtId: "district-chorley", onsCode: "E07000118", amountPence: 8_000_000 }));
    expect(data.grid.rows).toContainEqual(expect.objectContaining({ districtName: "Blackpool", amountPence: null }));
    expect(data.grid.totalPence).toBe(96_000_000);
  });

  it("saves £90,000 for Chorley and clears Wyre in one go, with one audit event per change", async () => {
    const others2026 = await amounts(stream, 2026);
    const all2025 = await amounts(stream, 2025);
    const allocationEventsBefore = await db().selectFrom("audit_events").select("id").where("record_type", "=", "allocation").execute();
    expect(allocationEventsBefore).toHaveLength(0);

    const fields = await loadForm(stream, 2026);
    fields[allocationField("district-chorley")] = "£90,000";
    fields[allocationField("district-wyre")] = "";
    const response = await run(streamAction, await postRequest(`/admin/funding/${stream}?year=2026`, fields, admin), { streamId: stream });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/admin/funding/${stream}?year=2026`);
    expect(await flashOf(response)).toEqual({ kind: "success", text: "Schools Forum ESI allocations for 2026-27 have been saved: 2 districts changed" });

    const now = await amounts(stream, 2026);
    const expected = { ...others2026, "district-chorley": 9_000_000 };
    delete (expected as Record<string, number>)["district-wyre"];
    expect(now).toEqual(expected);
    expect(now["district-chorley"]).toBe(9_000_000);
    expect(now["district-wyre"]).toBeUndefined();
    expect(await amounts(stream, 2025)).toEqual(all2025);
    expect(await amounts("stream-pump-priming", 2026)).toEqual({});

    const events = await db()
      .selectFrom("audit_events")
      .select(["action", "record_id", "before_json", "after_json", "actor_user_id", "ip"])
      .where("record_type", "=", "allocation")
      .orderBy("action")
      .execute();
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ action: "allocation.deleted", record_id: "alloc-schools-forum-wyre-2026", after_json: null, actor_user_id: "user-admin", ip: context.ip });
    expect(JSON.parse(events[0].before_json!)).toEqual({ funding_stream_id: stream, financial_year: 2026, district_id: "district-wyre", amount_pence: 8_000_000 });
    expect(events[1]).toMatchObject({ action: "allocation.updated", record_id: "alloc-schools-forum-chorley-2026" });
    expect(JSON.parse(events[1].before_json!)).toMatchObject({ district_id: "district-chorley", amount_pence: 8_000_000 });
    expect(JSON.parse(events[1].after_json!)).toMatchObject({ district_id: "district-chorley", amount_pence: 9_000_000 });
  });

  it("refuses a bad amount in any row with 400, beside that row, and writes nothing at all", async () => {
    const before = await amounts(stream, 2026);
    const auditBefore = await count("audit_events");
    const fields = await loadForm(stream, 2026);
    fields[allocationField("district-chorley")] = "100000"; // a good change that must not be saved either
    fields[allocationField("district-preston")] = "12.345";
    fields[allocationField("district-burnley")] = "abc";
    fields[allocationField("district-wyre")] = "5000";
    fields[allocationField("district-pendle")] = "80000000"; // £80 million: a slip of the finger
    const response = await run(streamAction, await postRequest(`/admin/funding/${stream}?year=2026`, fields, admin), { streamId: stream });
    expect(response.status).toBe(400);
    const body = await jsonOf(response);
    expect(body.errors).toEqual({
      [allocationField("district-burnley")]: allocationAmountMessage("Burnley"),
      [allocationField("district-preston")]: allocationAmountMessage("Preston"),
      [allocationField("district-pendle")]: allocationTooLargeMessage("Pendle"),
    });
    expect(body.values).toMatchObject({
      [allocationField("district-chorley")]: "100000",
      [allocationField("district-preston")]: "12.345",
      [allocationField("district-burnley")]: "abc",
      [allocationField("district-wyre")]: "5000",
      year: "2026",
    });
    expect(await amounts(stream, 2026)).toEqual(before);
    expect(await count("audit_events")).toBe(auditBefore);
  });

  it("refuses to save over allocations someone else changed since the form was loaded", async () => {
    const fields = await loadForm(stream, 2026);
    // Someone else saves first.
    const theirs = await loadForm(stream, 2026);
    theirs[allocationField("district-fylde")] = "81000";
    expect((await run(streamAction, await postRequest(`/admin/funding/${stream}`, theirs, admin), { streamId: stream })).status).toBe(302);

    const before = await amounts(stream, 2026);
    fields[allocationField("district-pendle")] = "70000";
    const response = await run(streamAction, await postRequest(`/admin/funding/${stream}`, fields, admin), { streamId: stream });
    expect(response.status).toBe(409);
    const body = await jsonOf(response);
    expect(body.formError).toBe(new StaleEditError("table of allocations").message);
    expect(body.values[allocationField("district-pendle")]).toBe("70000");
    expect(await amounts(stream, 2026)).toEqual(before);
    expect(before["district-fylde"]).toBe(8_100_000);
  });

  it("creates allocations for a year that had none", async () => {
    const fields = await loadForm("stream-pump-priming", 2027);
    expect(Object.values(fields).filter((v) => v === "")).toHaveLength(13);
    fields[allocationField("district-lancaster")] = "1,500.50";
    const response = await run(streamAction, await postRequest("/admin/funding/stream-pump-priming", fields, admin), { streamId: "stream-pump-priming" });
    expect(response.status).toBe(302);
    expect(await amounts("stream-pump-priming", 2027)).toEqual({ "district-lancaster": 150_050 });
    const event = await db().selectFrom("audit_events").selectAll().where("action", "=", "allocation.created").executeTakeFirstOrThrow();
    expect(JSON.parse(event.after_json!)).toEqual({ funding_stream_id: "stream-pump-priming", financial_year: 2027, district_id: "district-lancaster", amount_pence: 150_050 });
  });

  it("downloads allocations as CSV with the year as 2026-27 and the amount in pounds", async () => {
    const one = await run(streamLoader, await getRequest(`/admin/funding/${stream}?year=2026&format=csv`, admin), { streamId: stream });
    expect(one.headers.get("Content-Type")).toMatch(/^text\/csv/);
    const lines = (await one.text()).replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe("Funding stream,District,ONS code,Financial year,Amount (£)");
    expect(lines).toContain("Schools Forum ESI,Chorley,E07000118,2026-27,90000");
    expect(lines).toContain("Schools Forum ESI,Fylde,E07000119,2026-27,81000");
    expect(lines.some((l) => l.includes("Wyre"))).toBe(false);
    expect(lines).toHaveLength(12);

    const all = await run(fundingLoader, await getRequest("/admin/funding?format=csv&year=2027", admin));
    expect((await all.text()).replace(/^\uFEFF/, "").trim().split("\r\n")).toEqual([
      "Funding stream,District,ONS code,Financial year,Amount (£)",
      "Pump priming,Lancaster,E07000121,2027-28,1500.5",
    ]);
    const everyYear = await run(fundingLoader, await getRequest("/admin/funding?format=csv", admin));
    const everyLine = (await everyYear.text()).split("\r\n");
    expect(everyLine).toContain("Pump priming,Burnley,E07000117,2025-26,50000");
  });
});

describe("themes", () => {
  it("lists, searches and downloads the themes", async () => {
    const list = await jsonOf(await run(themesLoader, await getRequest("/admin/themes", admin)));
    expect(list.page.total).toBe(11);
    expect(list.page.items[0]).toMatchObject({ name: "Domestic abuse", isActive: true });
    const search = await jsonOf(await run(themesLoader, await getRequest("/admin/themes?q=ready", admin)));
    expect(search.page.items.map((t: { name: string }) => t.name)).toEqual(["Family ready", "School ready", "Work ready"]);
    const csv = await run(themesLoader, await getRequest("/admin/themes?format=csv&q=parenting", admin));
    const lines = (await csv.text()).replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe("Name,Description,Active,Last changed");
    expect(lines[1]).toMatch(/^Parenting,Parenting skills and confidence,Yes,/);
  });

  it("adds a theme, refusing a duplicate name", async () => {
    expect((await run(newThemeLoader, await getRequest("/admin/themes/new", admin))).status).toBe(200);
    const dup = await run(newThemeAction, await postRequest("/admin/themes/new", { name: "SCHOOL READY", description: "", is_active: "yes" }, admin));
    expect(dup.status).toBe(400);
    expect((await jsonOf(dup)).errors).toEqual({ name: MESSAGES.duplicateThemeName });
    const empty = await run(newThemeAction, await postRequest("/admin/themes/new", { name: "", description: "", is_active: "yes" }, admin));
    expect((await jsonOf(empty)).errors).toEqual({ name: MESSAGES.themeName });
    expect(await count("themes")).toBe(11);

    const response = await run(newThemeAction, await postRequest("/admin/themes/new", { name: "Young carers", description: "Children caring for family", is_active: "yes" }, admin));
    expect(response.status).toBe(302);
    expect(await flashOf(response)).toEqual({ kind: "success", text: "Theme Young carers has been added" });
    const row = await db().selectFrom("themes").selectAll().where("name", "=", "Young carers").executeTakeFirstOrThrow();
    expect(row).toMatchObject({ description: "Children caring for family", is_active: 1, version: 1 });
    expect((await auditFor(row.id)).map((a) => a.action)).toEqual(["theme.created"]);
  });

  it("makes a theme inactive, refusing a stale edit", async () => {
    const id = "theme-exploitation";
    const loaded = await jsonOf(await run(themeLoader, await getRequest(`/admin/themes/${id}`, admin), { themeId: id }));
    expect(loaded.theme).toMatchObject({ name: "Exploitation", isActive: true, version: 1 });
    const response = await run(
      themeAction,
      await postRequest(`/admin/themes/${id}`, { version: "1", name: "Exploitation", description: "Child sexual and criminal exploitation", is_active: "no" }, admin),
      { themeId: id },
    );
    expect(response.status).toBe(302);
    const inactive = await jsonOf(await run(themesLoader, await getRequest("/admin/themes?status=inactive", admin)));
    expect(inactive.page.items.map((t: { id: string }) => t.id)).toEqual([id]);
    const [event] = await auditFor(id);
    expect(event.action).toBe("theme.updated");
    expect(JSON.parse(event.before_json!)).toMatchObject({ is_active: true });
    expect(JSON.parse(event.after_json!)).toMatchObject({ is_active: false });

    const stale = await run(
      themeAction,
      await postRequest(`/admin/themes/${id}`, { version: "1", name: "Exploitation (CSE/CCE)", description: "", is_active: "yes" }, admin),
      { themeId: id },
    );
    expect(stale.status).toBe(409);
    const body = await jsonOf(stale);
    expect(body.formError).toBe(new StaleEditError("theme").message);
    expect(body.values.name).toBe("Exploitation (CSE/CCE)");
    const row = await db().selectFrom("themes").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: "Exploitation", is_active: 0, version: 2 });
  });
});

describe("who may use these pages", () => {
  const others = ["user-officer", "user-provider", "user-panel", "user-viewer"];
  type Fn = Parameters<typeof run>[0];
  const pages: { path: string; loader: Fn; action?: Fn; params?: Record<string, string> }[] = [
    { path: "/admin/districts", loader: districtsLoader },
    { path: "/admin/districts/new", loader: newDistrictLoader, action: newDistrictAction },
    { path: "/admin/districts/district-chorley", loader: districtLoader, action: districtAction, params: { districtId: "district-chorley" } },
    { path: "/admin/funding", loader: fundingLoader },
    { path: "/admin/funding/new", loader: newStreamLoader, action: newStreamAction },
    { path: "/admin/funding/stream-pump-priming", loader: streamLoader, action: streamAction, params: { streamId: "stream-pump-priming" } },
    { path: "/admin/themes", loader: themesLoader },
    { path: "/admin/themes/new", loader: newThemeLoader, action: newThemeAction },
    { path: "/admin/themes/theme-parenting", loader: themeLoader, action: themeAction, params: { themeId: "theme-parenting" } },
  ];

  it("refuses officers, providers, panel members and viewers with 403, and writes nothing", async () => {
    const auditBefore = await count("audit_events");
    const allocationsBefore = await count("allocations");
    for (const id of others) {
      for (const page of pages) {
        const get = await run(page.loader, await getRequest(page.path, { id }), page.params);
        expect(get.status, `${id} GET ${page.path}`).toBe(403);
        if (page.action) {
          const post = await run(
            page.action,
            await postRequest(page.path, { name: "Hijack", ons_code: "E07000999", partnership_name: "x", is_active: "yes", version: "1", intent: "allocations", year: "2026", [allocationField("district-chorley")]: "1" }, { id }),
            page.params,
          );
          expect(post.status, `${id} POST ${page.path}`).toBe(403);
        }
      }
    }
    expect(await count("audit_events")).toBe(auditBefore);
    expect(await count("allocations")).toBe(allocationsBefore);
  });

  it("sends someone signed out to sign in", async () => {
    for (const page of pages) {
      const get = await run(page.loader, await getRequest(page.path), page.params);
      expect(get.status).toBe(302);
      expect(get.headers.get("Location")).toBe(`/sign-in?redirectTo=${encodeURIComponent(page.path)}`);
      if (page.action) {
        const post = await run(page.action, await postRequest(page.path, { name: "x" }), page.params);
        expect(post.status).toBe(302);
        expect(post.headers.get("Location")).toMatch(/^\/sign-in\?redirectTo=/);
      }
    }
  });
});
