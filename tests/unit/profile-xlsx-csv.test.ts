import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { COUNTY_CSV_HEADER, PROFILE_CSV_HEADER, countyCsv, profileCsv } from "~/profiles/csv.server";
import { countyXlsx } from "~/profiles/xlsx/county.server";
import { profileXlsx } from "~/profiles/xlsx/profile.server";
import { sampleCountySummary, sampleProfile } from "../helpers/sample-profile";

const MONEY = '"£"#,##0.00';
const PERCENT = "0.0%";

async function readBook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return workbook;
}

function sheetOf(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const sheet = workbook.getWorksheet(name);
  if (!sheet) throw new Error(`No sheet called ${name}`);
  return sheet;
}

/** The header row as text, and each row below it as { header: cell }. */
function tableOf(sheet: ExcelJS.Worksheet, headerRow = 1): { headers: string[]; rows: Record<string, ExcelJS.Cell>[] } {
  const headers: string[] = [];
  sheet.getRow(headerRow).eachCell({ includeEmpty: false }, (cell, col) => {
    headers[col - 1] = String(cell.value);
  });
  const rows: Record<string, ExcelJS.Cell>[] = [];
  for (let r = headerRow + 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    if (!row.hasValues) break;
    rows.push(Object.fromEntries(headers.map((h, i) => [h, row.getCell(i + 1)])));
  }
  return { headers, rows };
}

/** The Headline sheet's label/value rows above its table. */
function aboutOf(sheet: ExcelJS.Worksheet): Map<string, ExcelJS.CellValue> {
  const about = new Map<string, ExcelJS.CellValue>();
  for (let r = 1; r <= sheet.rowCount && sheet.getRow(r).hasValues; r++) {
    about.set(String(sheet.getCell(r, 1).value), sheet.getCell(r, 2).value);
  }
  return about;
}

function rowNumberOf(sheet: ExcelJS.Worksheet, firstCell: string): number {
  for (let r = 1; r <= sheet.rowCount; r++) if (sheet.getCell(r, 1).value === firstCell) return r;
  throw new Error(`No row starting "${firstCell}"`);
}

/** RFC 4180, enough for our own output: quoted cells, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      record.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      record.push(cell);
      records.push(record);
      record = [];
      cell = "";
      i++;
    } else cell += ch;
  }
  if (cell !== "" || record.length) records.push([...record, cell]);
  return records;
}

function csvObjects(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

describe("profile workbook", () => {
  it("has one sheet per section, in the page's order, and says who made it", async () => {
    const book = await readBook(await profileXlsx(sampleProfile(), { kind: "draft" }));
    expect(book.worksheets.map((s) => s.name)).toEqual([
      "Headline", "Comparison", "Trend", "Projects", "Indicators", "At risk", "Context", "Themes", "Case studies", "Unit costs", "Notes",
    ]);
    expect(book.creator).toBe("Lancashire County Council");
    expect(book.title).toBe("Chorley district performance profile, 2026-27 Q2");
  });

  it("heads the Headline sheet with council, district, quarter, when and DRAFT", async () => {
    const sheet = sheetOf(await readBook(await profileXlsx(sampleProfile(), { kind: "draft" })), "Headline");
    const about = aboutOf(sheet);
    expect(about.get("Council")).toBe("Lancashire County Council");
    expect(about.get("District")).toBe("Chorley");
    expect(about.get("Quarter")).toBe("2026-27 Q2 (July–September 2026)");
    expect(about.get("Generated")).toBe("6 December 2026, 1:40pm");
    expect(about.get("Status")).toBe("DRAFT");
    expect(sheet.getCell(rowNumberOf(sheet, "Status"), 2).font?.bold).toBe(true);
  });

  it("says when a published edition was published", async () => {
    const bytes = await profileXlsx(sampleProfile(), { kind: "published", publishedAt: "2026-11-14T09:30:00.000Z", edition: 2 });
    const book = await readBook(bytes);
    expect(aboutOf(sheetOf(book, "Headline")).get("Status")).toBe("Published 14 November 2026, edition 2");
    expect(book.description).toContain("Published 14 November 2026, edition 2");
  });

  it("puts the headline figures in as numbers, money in pounds with a £ format and shares as %", async () => {
    const sheet = sheetOf(await readBook(await profileXlsx(sampleProfile(), { kind: "draft" })), "Headline");
    const headerRow = rowNumberOf(sheet, "Measure");
    expect(sheet.getRow(headerRow).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: headerRow });
    const { rows } = tableOf(sheet, headerRow);
    const line = (measure: string, period: string) => {
      const found = rows.find((r) => r.Measure.value === measure && r.Period.value === period);
      if (!found) throw new Error(`No headline line ${measure} / ${period}`);
      return found.Value;
    };
    const allocated = line("Allocated", "2026-27");
    expect(allocated.value).toBe(130000);
    expect(allocated.value).toBe(sampleProfile().headline.allocatedPence / 100);
    expect(allocated.numFmt).toBe(MONEY);
    expect(line("Spent", "2026-27 year to date").value).toBe(52310);
    const share = line("Spent as % of committed", "2026-27 year to date");
    expect(share.value).toBeCloseTo(5_231_000 / 11_850_000, 12);
    expect(share.numFmt).toBe(PERCENT);
    expect(line("People reached", "2026-27 Q2").value).toBe(318);
    expect(line("People reached", "2026-27 year to date").value).toBe(1204);
    expect(line("Returns awaiting approval", "2026-27 year to date").value).toBe(1);
    expect(line("Estimated costs avoided", "2026-27 year to date").value).toBe(186000);
    expect(line("Estimated costs avoided per £1 spent", "2026-27 year to date").numFmt).toBe('"£"0.00');

    const ragHeader = rowNumberOf(sheet, "Column");
    const rag = tableOf(sheet, ragHeader).rows;
    expect(rag.map((r) => [r.Column.value, r.Green.value, r.Amber.value, r.Red.value])).toEqual([
      ["Outputs", 2, 0, 0],
      ["Outcomes", 0, 1, 1],
      ["Spend", 2, 1, 0],
    ]);

    const spend = tableOf(sheet, rowNumberOf(sheet, "Spend against profile by quarter") + 1).rows;
    expect(spend.map((r) => [r.Quarter.value, r["Spend profile"].value, r["Approved spend"].value])).toEqual([
      ["2026-27 Q1", 26000, 24800],
      ["2026-27 Q2", 29000, 27510],
      ["2026-27 Q3", 30000, "After this profile's quarter"],
      ["2026-27 Q4", 32000, "After this profile's quarter"],
    ]);
  });

  it("lists the projects with providers, figures as numbers and RAG as words", async () => {
    const profile = sampleProfile();
    const sheet = sheetOf(await readBook(await profileXlsx(profile, { kind: "draft" })), "Projects");
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.getColumn(2).width).toBeGreaterThanOrEqual(30);
    const { rows } = tableOf(sheet);
    expect(rows.map((r) => [r.Reference.value, r.Project.value, r.Provider.value])).toEqual(
      profile.projects.map((p) => [p.reference, p.title, p.provider]),
    );

    const [family, carers] = rows;
    expect(family.Award.value).toBe(48000);
    expect(family.Award.numFmt).toBe(MONEY);
    expect(family["Spend year to date"].value).toBe(21000);
    expect(family["Spend profile year to date"].value).toBe(22000);
    expect(family["Spend variance from profile, year to date"].value).toBeCloseTo(-0.04545454545, 10);
    expect(family["Spend RAG, year to date"].value).toBe("Green");
    expect(family["Outputs: achievement this quarter"].value).toBe(1.04);
    expect(family["Outputs: achievement this quarter"].numFmt).toBe(PERCENT);
    expect(family["Outputs: RAG this quarter"].value).toBe("Green");
    expect(family["Outputs: direction of travel"].value).toBe("Up");
    expect(family["Outcomes: RAG this quarter"].value).toBe("Amber");
    expect(family["Latest visit grade"].value).toBe(2);
    expect(family["Latest visit grade in words"].value).toBe("Good");
    expect(family["Latest visit date"].value).toEqual(new Date("2026-06-18T00:00:00Z"));
    expect(family["This quarter's return"].value).toBe("Approved");
    expect(family.Pending.value).toBe("No");
    expect(carers["Outcomes: RAG this quarter"].value).toBe("Red");
    expect(carers["Outcomes: achievement year to date"].value).toBe(0.775);
    expect(carers["People reached this quarter"].value).toBe(178);
  });

  it("marks a project whose return is not yet approved as pending rather than leaving it blank", async () => {
    const sheet = sheetOf(await readBook(await profileXlsx(sampleProfile(), { kind: "draft" })), "Projects");
    const pending = tableOf(sheet).rows.find((r) => r.Reference.value === "ESI-CHO-003")!;
    expect(pending.Pending.value).toBe("Yes");
    expect(pending["This quarter's return"].value).toBe("Pending: Submitted");
    expect(pending["Outputs: achievement this quarter"].value).toBe("Pending");
    expect(pending["Spend this quarter"].value).toBe("Pending");
    expect(pending["People reached this quarter"].value).toBe("Pending");
    expect(pending["Year to date counted to"].value).toBe("2026-27 Q1");
    expect(pending["Spend year to date"].value).toBe(8000);
    expect(pending["Outputs: achievement year to date"].value).toBe(1);
    expect(pending["Latest visit grade in words"].value).toBe("Not visited");
  });

  it("has a row per project indicator, with the pending quarter marked", async () => {
    const profile = sampleProfile();
    const sheet = sheetOf(await readBook(await profileXlsx(profile, { kind: "draft" })), "Indicators");
    const { rows } = tableOf(sheet);
    expect(rows.map((r) => r.Indicator.value)).toEqual(profile.projects.flatMap((p) => p.indicators.map((i) => i.name)));
    const routine = rows.find((r) => r.Indicator.value === "Families with a stable home routine")!;
    expect(routine.Kind.value).toBe("Outcome");
    expect(routine["Actual year to date"].value).toBe(45.5);
    expect(routine["Target year to date"].value).toBe(50);
    expect(routine["Achievement this quarter"].value).toBe(0.88);
    expect(routine["RAG this quarter"].value).toBe("Amber");
    expect(routine["Direction of travel"].value).toBe("Same");
    const course = rows.find((r) => r.Indicator.value === "Parents completing a course")!;
    expect(course.Measured.value).toBe("Running total");
    expect(course["Actual this quarter"].value).toBe("Pending");
    expect(course["Target this quarter"].value).toBe(60);
    expect(course["RAG this quarter"].value).toBe("–");
    expect(course["Direction of travel"].value).toBe("–");
  });

  it("fills the at-risk, context, themes, case study, unit cost and notes sheets from the value", async () => {
    const book = await readBook(await profileXlsx(sampleProfile(), { kind: "draft" }));

    const [risk] = tableOf(sheetOf(book, "At risk")).rows;
    expect(risk.Indicator.value).toBe("Young carers with a support plan");
    expect(risk["Achievement, previous quarter"].value).toBe(0.85);
    expect(risk["RAG, previous quarter"].value).toBe("Amber");
    expect(risk["RAG, 2026-27 Q2"].value).toBe("Red");
    expect(risk["Action owner"].value).toBe("Sam Patel, commissioning officer");
    expect(risk["Action due"].value).toEqual(new Date("2026-11-30T00:00:00Z"));

    const context = tableOf(sheetOf(book, "Context"));
    expect(context.headers.slice(2)).toEqual([
      "2024-25 Q3", "2024-25 Q4", "2025-26 Q1", "2025-26 Q2", "2025-26 Q3", "2025-26 Q4", "2026-27 Q1", "2026-27 Q2",
    ]);
    const referrals = context.rows.find((r) => r.Code.value === "CSC-REF")!;
    expect(referrals["2026-27 Q2"].value).toBe(377);
    expect(referrals["2025-26 Q4"].value).toBeNull();

    const themes = tableOf(sheetOf(book, "Themes")).rows;
    expect(themes.map((t) => [t.Theme.value, t.Projects.value, t["Spent year to date"].value])).toEqual([
      ["School ready", 2, 29000],
      ["Family relationships", 2, 44310],
    ]);
    expect(themes[0]["Spent year to date"].numFmt).toBe(MONEY);

    const [story] = tableOf(sheetOf(book, "Case studies")).rows;
    expect(story.Title.value).toBe("Getting back to school");
    expect(story["Outcomes it shows"].value).toBe("Families with a stable home routine");

    const costs = tableOf(sheetOf(book, "Unit costs")).rows;
    expect(costs).toHaveLength(4);
    expect(costs[0].Value.value).toBe(4530);
    expect(costs[0]["Uprated value (2026-27 prices)"].value).toBe(5000);
    expect(costs[0].Deadweight.value).toBe(0.2);
    expect(costs[3]["Estimated costs avoided"].value).toBe(26000);
    expect(costs[3]["Borne by"].value).toBe("Partners");

    const notes = sheetOf(book, "Notes");
    const green = tableOf(notes).rows.find((r) => String(r.Note.value).startsWith("Outputs and outcomes are green"))!;
    expect(green.Value.value).toBe(0.95);
    expect(green.Value.numFmt).toBe(PERCENT);
  });

  it("says so on a sheet whose section is empty, and keeps formula-like text as text", async () => {
    const profile = sampleProfile();
    profile.atRisk = [];
    profile.caseStudies = [];
    profile.projects[0].provider = "=HYPERLINK(\"http://evil.example\",\"Click\")";
    const book = await readBook(await profileXlsx(profile, { kind: "draft" }));
    expect(sheetOf(book, "At risk").getCell(2, 1).value).toBe("No indicator has been red or amber two quarters running.");
    expect(sheetOf(book, "Case studies").getCell(2, 1).value).toBe("No case study has been chosen for this quarter.");
    const provider = sheetOf(book, "Projects").getCell(2, 3);
    expect(provider.type).toBe(ExcelJS.ValueType.String);
    expect(provider.value).toBe("=HYPERLINK(\"http://evil.example\",\"Click\")");
  });
});

describe("county workbook", () => {
  it("has one Districts sheet with a row per district and the totals", async () => {
    const summary = sampleCountySummary();
    const book = await readBook(await countyXlsx(summary));
    expect(book.worksheets.map((s) => s.name)).toEqual(["Districts"]);
    expect(book.creator).toBe("Lancashire County Council");
    const sheet = sheetOf(book, "Districts");
    expect(aboutOf(sheet).get("Quarter")).toBe("2026-27 Q2 (July–September 2026)");
    const headerRow = rowNumberOf(sheet, "District");
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: headerRow });
    expect(sheet.getRow(headerRow).font?.bold).toBe(true);
    const { rows } = tableOf(sheet, headerRow);
    expect(rows.map((r) => r.District.value)).toEqual(["Chorley", "Preston", "South Ribble", "All districts"]);

    const preston = rows[1];
    expect(preston.Allocated.value).toBe(summary.rows[1].allocatedPence / 100);
    expect(preston.Allocated.value).toBe(195000);
    expect(preston["Published edition"].value).toBe("Not published");
    expect(rows[0]["Published edition"].value).toBe(2);

    const totals = rows[3];
    expect(totals.District.font?.bold).toBe(true);
    expect(totals.Allocated.value).toBe(summary.totals.allocatedPence / 100);
    expect(totals.Allocated.numFmt).toBe(MONEY);
    expect(totals["Spent 2026-27 year to date"].value).toBe(summary.totals.spentPence / 100);
    expect(totals["People reached 2026-27 year to date"].value).toBe(summary.totals.peopleReachedYear);
    expect(totals["Outcomes: Red"].value).toBe(3);
    expect(totals["Spend: Amber"].value).toBe(3);
    expect(totals["Returns on time %"].value).toBeCloseTo(15 / 18, 12);
    expect(totals["Returns on time %"].numFmt).toBe(PERCENT);
    expect(totals["Estimated costs avoided"].value).toBe(summary.totals.costAvoided.totalPence / 100);
    expect(totals["Published edition"].value).toBeNull();
  });
});

describe("profile CSV", () => {
  const figure = (rows: Record<string, string>[], match: Partial<Record<string, string>>) => {
    const found = rows.filter((r) => Object.entries(match).every(([k, v]) => r[k] === v));
    if (found.length !== 1) throw new Error(`${found.length} rows match ${JSON.stringify(match)}`);
    return found[0];
  };

  it("starts with the header and writes one labelled figure a row", () => {
    const text = profileCsv(sampleProfile());
    expect(text.startsWith("district,profile_quarter,section,project_reference,project,provider,indicator,item,measure,period,value,unit,note\r\n")).toBe(true);
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    const records = parseCsv(text);
    expect(records[0]).toEqual(PROFILE_CSV_HEADER);
    for (const r of records) expect(r).toHaveLength(PROFILE_CSV_HEADER.length);

    // Every figure once: no two rows share a label.
    const rows = csvObjects(text);
    const keys = rows.map((r) => [r.section, r.project_reference, r.project, r.indicator, r.item, r.measure, r.period].join("|"));
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(rows.map((r) => r.district))).toEqual(new Set(["Chorley"]));
    expect(new Set(rows.map((r) => r.section))).toEqual(
      new Set(["Profile", "Headline", "Spend by quarter", "Projects", "Indicators", "At risk", "Context", "Themes", "Case studies", "Unit costs", "Notes"]),
    );
  });

  it("writes money in pounds to 2 dp, shares as the page rounds them and RAG as words", () => {
    const rows = csvObjects(profileCsv(sampleProfile()));
    expect(figure(rows, { section: "Headline", measure: "Allocated" })).toMatchObject({ value: "130000.00", unit: "GBP", period: "2026-27" });
    expect(figure(rows, { section: "Headline", measure: "Spent" }).value).toBe("52310.00");
    expect(figure(rows, { section: "Headline", measure: "Spent as % of committed" })).toMatchObject({ value: "44.1", unit: "percent" });
    expect(figure(rows, { section: "Headline", measure: "Returns on time %" }).value).toBe("83.3");
    expect(figure(rows, { section: "Headline", measure: "Estimated costs avoided per £1 spent" }).value).toBe("3.56");
    expect(figure(rows, { section: "Headline", item: "Outcomes", measure: "Rated Red" })).toMatchObject({ value: "1", unit: "indicators", period: "2026-27 Q2" });
    expect(figure(rows, { section: "Spend by quarter", measure: "Approved spend", period: "2026-27 Q3" })).toMatchObject({ value: "", note: "After the profile's quarter" });

    const carers = { section: "Projects", project_reference: "ESI-CHO-002" };
    expect(figure(rows, { ...carers, measure: "Award" })).toMatchObject({ value: "50000.00", provider: "Chorley Youth Partnership", project: "Young Carers Hub" });
    expect(figure(rows, { ...carers, measure: "Spend variance from profile" }).value).toBe("-6.8");
    expect(figure(rows, { ...carers, item: "Outcomes", measure: "RAG", period: "2026-27 Q2" }).value).toBe("Red");
    expect(figure(rows, { ...carers, item: "Outcomes", measure: "Achievement (weakest indicator)", period: "2026-27 year to date" }).value).toBe("77.5");
    expect(figure(rows, { ...carers, item: "Outputs", measure: "Direction of travel" }).value).toBe("Down");
    expect(figure(rows, { ...carers, measure: "Latest visit grade" })).toMatchObject({ value: "3", note: "Adequate" });

    const routine = figure(rows, { section: "Indicators", indicator: "Families with a stable home routine", measure: "Actual", period: "2026-27 year to date" });
    expect(routine).toMatchObject({ value: "45.5", unit: "families", project_reference: "ESI-CHO-001" });
    expect(figure(rows, { section: "At risk", measure: "RAG", period: "2026-27 Q1" }).value).toBe("Amber");
    expect(figure(rows, { section: "Context", item: "Step-ups to social care (STEP-UP)", period: "2025-26 Q3" })).toMatchObject({ value: "", note: "No figure entered" });
    expect(figure(rows, { section: "Themes", item: "Family relationships", measure: "Spent" }).value).toBe("44310.00");
    expect(figure(rows, { section: "Unit costs", item: "Emergency department attendance (NHS-AE)", measure: "Uprated value" }).value).toBe("2500.00");
    expect(figure(rows, { section: "Notes", measure: "Outputs and outcomes green at or above" }).value).toBe("95");
  });

  it("marks the pending project's quarter and says where its year to date stops", () => {
    const rows = csvObjects(profileCsv(sampleProfile()));
    const pending = { section: "Projects", project_reference: "ESI-CHO-003" };
    expect(figure(rows, { ...pending, measure: "This quarter's return" }).value).toBe("Pending: Submitted");
    expect(figure(rows, { ...pending, measure: "Spend", period: "2026-27 Q2" })).toMatchObject({
      value: "",
      note: "Pending: this quarter's return is not yet approved",
    });
    expect(figure(rows, { ...pending, measure: "Spend", period: "2026-27 year to date" })).toMatchObject({
      value: "8000.00",
      note: "Counted to 2026-27 Q1, the last approved quarter",
    });
    expect(figure(rows, { section: "Indicators", indicator: "Parents completing a course", measure: "Actual", period: "2026-27 Q2" }).note).toBe(
      "Pending: this quarter's return is not yet approved",
    );
    // An approved project's year to date carries no such note.
    expect(figure(rows, { section: "Projects", project_reference: "ESI-CHO-001", measure: "Spend", period: "2026-27 year to date" }).note).toBe("");
  });

  it("stops text from a provider being run as a formula", () => {
    const profile = sampleProfile();
    profile.projects[0].provider = "=HYPERLINK(\"http://evil.example\")";
    profile.atRisk[0].comment = "+44 call us";
    const text = profileCsv(profile);
    const rows = csvObjects(text);
    expect(figure(rows, { section: "Projects", project_reference: "ESI-CHO-001", measure: "Award" }).provider).toBe("'=HYPERLINK(\"http://evil.example\")");
    expect(figure(rows, { section: "At risk", measure: "Provider's explanation" }).value).toBe("'+44 call us");
    // A negative figure is still a number, not an apostrophed string.
    expect(figure(rows, { section: "Projects", project_reference: "ESI-CHO-001", measure: "Spend variance from profile" }).value).toBe("-4.5");
  });
});

describe("county CSV", () => {
  it("writes a row per district and a totals row, money in pounds to 2 dp", () => {
    const summary = sampleCountySummary();
    const text = countyCsv(summary);
    const records = parseCsv(text);
    expect(records[0]).toEqual(COUNTY_CSV_HEADER);
    expect(text.split("\r\n")[0]).toBe(
      "district,allocated_gbp,committed_gbp,spent_gbp,people_reached_year,projects_live,outputs_green,outputs_amber,outputs_red,outcomes_green,outcomes_amber,outcomes_red,spend_green,spend_amber,spend_red,returns_due,returns_on_time,returns_on_time_percent,costs_avoided_gbp,costs_avoided_council_gbp,costs_avoided_partners_gbp,costs_avoided_per_pound_spent_gbp,published_edition",
    );
    const rows = csvObjects(text);
    expect(rows.map((r) => r.district)).toEqual(["Chorley", "Preston", "South Ribble", "All districts"]);
    expect(rows[0]).toMatchObject({ allocated_gbp: "130000.00", spent_gbp: "52310.00", returns_on_time_percent: "83.3", costs_avoided_per_pound_spent_gbp: "3.56", published_edition: "2" });
    expect(rows[1]).toMatchObject({ allocated_gbp: "195000.00", published_edition: "" });
    const totals = rows[3];
    expect(totals.allocated_gbp).toBe((summary.totals.allocatedPence / 100).toFixed(2));
    expect(totals.spent_gbp).toBe("172623.00");
    expect(totals.people_reached_year).toBe(String(summary.totals.peopleReachedYear));
    expect(totals).toMatchObject({ outcomes_red: "3", spend_amber: "3", returns_due: "18", returns_on_time: "15", returns_on_time_percent: "83.3", published_edition: "" });
  });
});
