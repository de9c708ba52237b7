// A quarter's returns with their figures, for officers (/reviews/figures): one row per project
// and indicator, as CSV and XLSX, within the officer's districts, filtered by quarter, district
// and status; figures as last submitted, targets for a return not yet in.
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { seedDemoData } from "../../demo/seed";
import { loader as figuresLoader } from "~/routes/reviews.figures";
import { loader as downloadLoader } from "~/routes/reviews.figures_.download";
import { parseCsv } from "~/lib/csv-read";
import { createTestUser, getRequest, jsonOf, run, type TestUser } from "../helpers/requests";
import { createTestProject, type TestProject } from "../helpers/projects";
import { DEFAULT_CONTENT, submitTestReturn } from "../helpers/returns";

const CHRIS = { id: "user-chorley-officer" }; // Chorley
const OLIVIA = { id: "user-officer" }; // county-wide
const PAT = { id: "user-provider" };
const QUARTER = "2030-31 Q1";

let filed: TestProject; // Chorley, submitted: 12 families (target 10), 60% (target 70)
let waiting: TestProject; // Chorley, not started
let burnley: TestProject; // Burnley, submitted
let burnleyOfficer: TestUser;

beforeAll(async () => {
  await seedDemoData(getDb());
  const dates = { startDate: "2030-04-01", endDate: "2030-06-30", dueDays: 30_000 };
  filed = await createTestProject(dates);
  waiting = await createTestProject(dates);
  burnley = await createTestProject({ ...dates, districtId: "district-burnley", organisationId: "org-pennine-youth" });
  await submitTestReturn({ returnId: filed.returns[QUARTER], content: { ...DEFAULT_CONTENT(filed), comments: { [filed.indicators[1].id]: "Two plans closed early" } } });
  await submitTestReturn({ returnId: burnley.returns[QUARTER], content: DEFAULT_CONTENT(burnley) });
  burnleyOfficer = await createTestUser({ roles: ["officer"], districtIds: ["district-burnley"] });
});

const download = (user: { id: string } | null, query: string) => getRequest(`/reviews/figures/download?${query}`, user).then((r) => run(downloadLoader, r));
const formPage = (user: { id: string } | null, query: string) => getRequest(`/reviews/figures?${query}`, user).then((r) => run(figuresLoader, r));

async function csvRows(response: Response): Promise<Record<string, string>[]> {
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
  const parsed = parseCsv(await response.text());
  if (!Array.isArray(parsed)) throw new Error("not CSV");
  const [header, ...rows] = parsed.map((r) => r.cells);
  return rows.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i]])));
}

describe("a quarter's returns with their figures", () => {
  it("gives the officer one row per project and indicator in their districts, figures as submitted with RAG", async () => {
    // As the form sends it: the empty choices too.
    const response = await download(CHRIS, `quarter=${encodeURIComponent(QUARTER)}&district=&status=&format=csv`);
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="returns-2030-31-Q1.csv"');
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const rows = await csvRows(response);
    expect(rows.map((r) => [r["Project reference"], r.Indicator, r.Target, r.Actual, r.RAG, r["Return status"]]).sort()).toEqual([
      [filed.reference, "Families supported", "10", "12", "Green", "Submitted"],
      [filed.reference, "Plans closed with needs met", "70", "60", "Amber", "Submitted"],
      [waiting.reference, "Families supported", "10", "", "", "Not started"],
      [waiting.reference, "Plans closed with needs met", "70", "", "", "Not started"],
    ].sort());
    const outcome = rows.find((r) => r["Project reference"] === filed.reference && r["Output or outcome"] === "Outcome")!;
    expect(outcome).toMatchObject({ Quarter: QUARTER, Provider: "Red Rose Family Support", District: "Chorley", Unit: "Percentage (%)", Comment: "Two plans closed early", Late: "No" });
  });

  it("filters by status and district; the county-wide officer sees every district", async () => {
    const submitted = await csvRows(await download(CHRIS, `quarter=${encodeURIComponent(QUARTER)}&status=submitted&format=csv`));
    expect([...new Set(submitted.map((r) => r["Project reference"]))]).toEqual([filed.reference]);
    const everywhere = await csvRows(await download(OLIVIA, `quarter=${encodeURIComponent(QUARTER)}&format=csv`));
    expect(new Set(everywhere.map((r) => r["Project reference"]))).toEqual(new Set([filed.reference, waiting.reference, burnley.reference]));
    const burnleyOnly = await csvRows(await download(OLIVIA, `quarter=${encodeURIComponent(QUARTER)}&district=district-burnley&format=csv`));
    expect([...new Set(burnleyOnly.map((r) => r.District))]).toEqual(["Burnley"]);
    const theirs = await csvRows(await download(burnleyOfficer, `quarter=${encodeURIComponent(QUARTER)}&format=csv`));
    expect([...new Set(theirs.map((r) => r["Project reference"]))]).toEqual([burnley.reference]);
  });

  it("as a workbook, figures are numbers and the due date a date", async () => {
    const response = await download(CHRIS, `quarter=${encodeURIComponent(QUARTER)}&status=submitted&format=xlsx`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.getWorksheet("Returns")!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toContain("Actual");
    const col = (name: string) => header.indexOf(name) + 1;
    const families = [2, 3].map((n) => sheet.getRow(n)).find((row) => row.getCell(col("Indicator")).value === "Families supported")!;
    expect(families.getCell(col("Target")).value).toBe(10);
    expect(families.getCell(col("Actual")).value).toBe(12);
    expect(families.getCell(col("RAG")).value).toBe("Green");
    expect(families.getCell(col("Due")).value).toBeInstanceOf(Date);
  });

  it("shows the form without a format, and sends good filters on to the file", async () => {
    const page = await jsonOf(await formPage(CHRIS, ""));
    expect(page.quarters).toContain(QUARTER);
    expect(page.districts).toEqual([{ value: "district-chorley", label: "Chorley" }]);
    expect(page.errors).toEqual({});
    const query = `quarter=${encodeURIComponent(QUARTER)}&district=&status=submitted&format=xlsx`;
    const sent = await formPage(CHRIS, query);
    expect(sent.status).toBe(302);
    expect(sent.headers.get("Location")).toBe(`/reviews/figures/download?${query}`);
  });

  it("refuses bad filters beside their fields, keeping what was chosen", async () => {
    const bad = await formPage(CHRIS, "quarter=next+year&status=lost&format=csv");
    expect(bad.status).toBe(400);
    const body = await jsonOf(bad);
    expect(body.errors).toEqual({ quarter: "Choose a quarter, like 2026-27 Q2", status: "Choose a status from the list" });
    expect(body.defaults).toMatchObject({ quarter: "next year", status: "lost" });
    const notTheirs = await formPage(CHRIS, `quarter=${encodeURIComponent(QUARTER)}&district=district-burnley&format=csv`);
    expect(notTheirs.status).toBe(400);
    expect((await jsonOf(notTheirs)).errors).toEqual({ district: "Choose one of your districts" });
    const noFormat = await formPage(CHRIS, `quarter=${encodeURIComponent(QUARTER)}&format=pdf`);
    expect(noFormat.status).toBe(400);
    // The file's own address, typed by hand with the same mistakes, says what is wrong.
    const direct = await download(CHRIS, `quarter=${encodeURIComponent(QUARTER)}&district=district-burnley&format=csv`);
    expect(direct.status).toBe(400);
    expect(await direct.text()).toBe("Choose one of your districts.");
  });

  it("is for officers only", async () => {
    expect((await download(PAT, `quarter=${encodeURIComponent(QUARTER)}&format=csv`)).status).toBe(403);
    expect((await formPage(PAT, "")).status).toBe(403);
    const signedOut = await download(null, `quarter=${encodeURIComponent(QUARTER)}&format=csv`);
    expect(signedOut.status).toBe(302);
  });
});
