// Returns by spreadsheet: the provider downloads the return's XLSX, fills it in (here with
// exceljs, as Excel would save it) and uploads it. Every cell is checked by the web forms'
// rules; one wrong cell saves nothing and is named; a file for another return, an older
// template or a return changed since the download is refused.
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { seedDemoData } from "../../demo/seed";
import { loader as downloadLoader } from "~/routes/returns.$returnId.spreadsheet[.]xlsx";
import { action as uploadAction, loader as uploadLoader } from "~/routes/returns.$returnId.spreadsheet";
import { action as outputsAction } from "~/routes/returns.$returnId.outputs";
import { RETURN_TEMPLATE, SPREADSHEET_PROBLEMS } from "~/models/returns/spreadsheet.server";
import { createTestUser, getRequest, jsonOf, postRequest, run, type TestUser, flashedMessage } from "../helpers/requests";
import { createTestProject, type TestProject } from "../helpers/projects";

const PAT = { id: "user-provider" };
const OFFICER = { id: "user-officer" };
const QUARTER = "2026-27 Q3";
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

let rival: TestUser;

beforeAll(async () => {
  await seedDemoData(getDb());
  rival = await createTestUser({ roles: ["provider"], organisationId: "org-pennine-youth" });
});

async function download(returnId: string, user: { id: string } = PAT): Promise<Response> {
  return run(downloadLoader, await getRequest(`/returns/${returnId}/spreadsheet.xlsx`, user), { returnId });
}

async function workbookOf(returnId: string): Promise<ExcelJS.Workbook> {
  const response = await download(returnId);
  expect(response.status).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  return workbook;
}

async function upload(returnId: string, workbook: ExcelJS.Workbook, user: { id: string } = PAT, name = "return.xlsx"): Promise<Response> {
  const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
  const file = new File([bytes], name, { type: XLSX });
  return run(uploadAction, await postRequest(`/returns/${returnId}/spreadsheet`, { spreadsheet: file }, user), { returnId });
}

async function stored(returnId: string) {
  const db = getDb();
  return {
    ret: await db.selectFrom("returns").select(["version", "status", "outputs_complete", "outcomes_complete", "spend_complete"]).where("id", "=", returnId).executeTakeFirstOrThrow(),
    values: await db.selectFrom("return_indicator_values").select(["indicator_id", "actual", "comment"]).where("return_id", "=", returnId).orderBy("indicator_id").execute(),
    spend: await db.selectFrom("return_spend").select(["category", "amount_pence", "variance_reason"]).where("return_id", "=", returnId).orderBy("category").execute(),
  };
}

/** Fills the yellow cells: 9 families (target 10), 72% (target 70%), spend on profile. */
function fill(workbook: ExcelJS.Workbook) {
  workbook.getWorksheet("Outputs")!.getCell("D6").value = 9;
  workbook.getWorksheet("Outcomes")!.getCell("D6").value = 72.5;
  const spend = workbook.getWorksheet("Spend")!;
  for (const row of [6, 7]) spend.getCell(row, 4).value = Number(spend.getCell(row, 3).value);
}

describe("a return as a spreadsheet", () => {
  let project: TestProject;
  let returnId: string;

  beforeAll(async () => {
    project = await createTestProject();
    returnId = project.returns[QUARTER];
  });

  it("downloads with the project's indicators, targets and budget, the labels locked and the cells to fill open and checked", async () => {
    const response = await download(returnId);
    expect(response.headers.get("Content-Type")).toBe(XLSX);
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    expect(response.headers.get("Content-Disposition")).toContain(`${project.reference} ${QUARTER} return.xlsx`);
    const workbook = await workbookOf(returnId);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["Instructions", "Outputs", "Outcomes", "Spend", "About"]);
    const outputs = workbook.getWorksheet("Outputs")!;
    expect(outputs.getCell("B6").value).toBe("Families supported (count)");
    expect(outputs.getCell("C6").value).toBe("10");
    expect(outputs.getCell("B6").protection?.locked).not.toBe(false);
    expect(outputs.getCell("D6").protection?.locked).toBe(false);
    expect(outputs.getCell("D6").dataValidation).toMatchObject({ type: "whole", operator: "between", formulae: [0, 1_000_000_000] });
    expect(workbook.getWorksheet("Outcomes")!.getCell("D6").dataValidation).toMatchObject({ type: "decimal" });
    const spend = workbook.getWorksheet("Spend")!;
    expect([spend.getCell("B6").value, spend.getCell("B7").value]).toEqual(["Staff", "Delivery"]);
    expect(Number(spend.getCell("C6").value) + Number(spend.getCell("C7").value)).toBe(5000);
    expect(workbook.getWorksheet("About")!.state).toBe("veryHidden");
    expect(workbook.getWorksheet("About")!.getCell("B1").value).toBe(RETURN_TEMPLATE);
  });

  it("refuses a spreadsheet with one wrong cell, naming the sheet and cell, and saves nothing", async () => {
    const workbook = await workbookOf(returnId);
    fill(workbook);
    workbook.getWorksheet("Outputs")!.getCell("D6").value = 9.5;
    const before = await stored(returnId);
    const response = await upload(returnId, workbook);
    expect(response.status).toBe(400);
    const body = await jsonOf(response);
    expect(body.errors).toEqual({ spreadsheet: "Outputs!D6: Enter a whole number for Families supported, like 12" });
    expect(body.formError).toBe("Nothing has been saved. Fix the cell below in your spreadsheet, save it and upload it again.");
    expect(await stored(returnId)).toEqual(before);
  });

  it("names every wrong cell, including a missing reason for spend off its profile", async () => {
    const workbook = await workbookOf(returnId);
    fill(workbook);
    workbook.getWorksheet("Outputs")!.getCell("D6").value = "lots";
    workbook.getWorksheet("Outcomes")!.getCell("D6").value = -4;
    workbook.getWorksheet("Spend")!.getCell("D7").value = 99_999;
    const body = await jsonOf(await upload(returnId, workbook));
    expect(Object.values(body.errors)).toEqual([
      "Outputs!D6: Enter a number for Families supported, like 12",
      "Outcomes!D6: The figure for Plans closed with needs met cannot be negative",
      expect.stringMatching(/^Spend!E7: Explain why spend on delivery is more than 10% away from its profile of £/),
    ]);
  });

  it("fills the three sections from a good spreadsheet, marks them complete, and the return is then a draft to check and submit", async () => {
    const workbook = await workbookOf(returnId);
    fill(workbook);
    const response = await upload(returnId, workbook);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/returns/${returnId}`);
    expect((await flashedMessage(response))?.text).toContain("Your spreadsheet has been uploaded");
    const after = await stored(returnId);
    expect(after.ret).toMatchObject({ status: "draft", outputs_complete: 1, outcomes_complete: 1, spend_complete: 1 });
    const output = project.indicators.find((i) => i.kind === "output")!;
    const outcome = project.indicators.find((i) => i.kind === "outcome")!;
    expect(after.values).toEqual(expect.arrayContaining([
      { indicator_id: output.id, actual: 9, comment: null },
      { indicator_id: outcome.id, actual: 72.5, comment: null },
    ]));
    expect(after.spend.map((s) => s.amount_pence).reduce((a, b) => a + b, 0)).toBe(500_000);
    const audit = await getDb().selectFrom("audit_events").select("after_json").where("record_id", "=", returnId).where("action", "=", "return.section_saved").execute();
    expect(audit.map((a) => JSON.parse(a.after_json!).section)).toEqual(expect.arrayContaining(["outputs", "outcomes", "spend"]));
  });

  it("reads a percentage typed as 72.5% as 72.5, and refuses a formula with no value", async () => {
    const other = await createTestProject();
    const id = other.returns[QUARTER];
    const workbook = await workbookOf(id);
    const outcome = workbook.getWorksheet("Outcomes")!.getCell("D6");
    outcome.value = 0.725;
    outcome.numFmt = "0.0%";
    workbook.getWorksheet("Outputs")!.getCell("D6").value = { formula: "SUM(X1:X9)" } as ExcelJS.CellFormulaValue;
    const refused = await jsonOf(await upload(id, workbook));
    expect(refused.errors).toEqual({ spreadsheet: "Outputs!D6: Enter a number for Families supported, like 12" });
    workbook.getWorksheet("Outputs")!.getCell("D6").value = { formula: "4+5", result: 9 } as ExcelJS.CellFormulaValue;
    expect((await upload(id, workbook)).status).toBe(302);
    const outcomeId = other.indicators.find((i) => i.kind === "outcome")!.id;
    expect((await stored(id)).values).toEqual(expect.arrayContaining([expect.objectContaining({ indicator_id: outcomeId, actual: 72.5 })]));
  });

  it("refuses a file that would unpack to far more than a return's spreadsheet, before unpacking it", async () => {
    const other = await createTestProject();
    const id = other.returns[QUARTER];
    const bytes = new Uint8Array(await (await workbookOf(id)).xlsx.writeBuffer());
    const { unpackedSize } = await import("~/models/returns/spreadsheet.server");
    expect(unpackedSize(bytes)).toBeGreaterThan(1000);
    expect(unpackedSize(bytes)).toBeLessThan(1_000_000);
    // The first central directory entry now claims 2 GB unpacked.
    const data = Buffer.from(bytes);
    const directory = data.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    data.writeUInt32LE(0x7fffffff, directory + 24);
    const file = new File([new Uint8Array(data)], "return.xlsx", { type: XLSX });
    const response = await run(uploadAction, await postRequest(`/returns/${id}/spreadsheet`, { spreadsheet: file }, PAT), { returnId: id });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).errors.spreadsheet).toBe(SPREADSHEET_PROBLEMS.tooLarge);
  });

  it("saves a part-filled spreadsheet as sections in progress", async () => {
    const other = await createTestProject();
    const workbook = await workbookOf(other.returns[QUARTER]);
    workbook.getWorksheet("Outputs")!.getCell("D6").value = 10;
    expect((await upload(other.returns[QUARTER], workbook)).status).toBe(302);
    expect((await stored(other.returns[QUARTER])).ret).toMatchObject({ outputs_complete: 1, outcomes_complete: 0, spend_complete: 0 });
  });
});

describe("spreadsheets that are refused whole", () => {
  it("refuses one from another return, an older template, a changed layout, and a file that is not a spreadsheet", async () => {
    const project = await createTestProject();
    const returnId = project.returns[QUARTER];
    const otherReturn = project.returns["2026-27 Q4"];
    const message = async (workbook: ExcelJS.Workbook, name?: string) => (await jsonOf(await upload(returnId, workbook, PAT, name))).errors.spreadsheet;

    expect(await message(await workbookOf(otherReturn))).toBe(SPREADSHEET_PROBLEMS.otherReturn);
    const old = await workbookOf(returnId);
    old.getWorksheet("About")!.getCell("B1").value = "early-help-return/0";
    expect(await message(old)).toBe(SPREADSHEET_PROBLEMS.oldTemplate);
    const moved = await workbookOf(returnId);
    moved.getWorksheet("Outputs")!.getCell("A7").value = "extra-row";
    expect(await message(moved)).toBe(SPREADSHEET_PROBLEMS.changedRows);
    const foreign = new ExcelJS.Workbook();
    foreign.addWorksheet("Sheet1").getCell("A1").value = "my figures";
    expect(await message(foreign)).toBe(SPREADSHEET_PROBLEMS.notOurs);

    const pdf = new File([new TextEncoder().encode("%PDF-1.4\n%%EOF\n")], "return.xlsx", { type: XLSX });
    const notXlsx = await run(uploadAction, await postRequest(`/returns/${returnId}/spreadsheet`, { spreadsheet: pdf }, PAT), { returnId });
    expect(notXlsx.status).toBe(400);
    const none = await run(uploadAction, await postRequest(`/returns/${returnId}/spreadsheet`, {}, PAT), { returnId });
    expect((await jsonOf(none)).errors.spreadsheet).toBe("Select the spreadsheet to upload");
    expect((await stored(returnId)).ret.version).toBe(1);
  });

  it("refuses a spreadsheet downloaded before the return was changed on the web, and keeps the web's figures", async () => {
    const project = await createTestProject();
    const returnId = project.returns[QUARTER];
    const workbook = await workbookOf(returnId);
    fill(workbook);
    const output = project.indicators.find((i) => i.kind === "output")!;
    const saved = await run(outputsAction, await postRequest(`/returns/${returnId}/outputs`, { version: "1", complete: "no", [`actual.${output.id}`]: "11" }, PAT), { returnId });
    expect(saved.status).toBe(302);
    const response = await upload(returnId, workbook);
    expect(response.status).toBe(409);
    expect((await jsonOf(response)).formError).toContain("download it again");
    expect((await stored(returnId)).values).toEqual([{ indicator_id: output.id, actual: 11, comment: null }]);
  });

  it("is only for the provider who may change the return", async () => {
    const project = await createTestProject();
    const returnId = project.returns[QUARTER];
    const workbook = await workbookOf(returnId);
    fill(workbook);
    for (const user of [rival, OFFICER]) {
      const down = await download(returnId, user);
      expect(down.status, user.id).not.toBe(200);
      const up = await upload(returnId, workbook, user);
      expect([302, 403, 404], user.id).toContain(up.status);
      if (up.status === 302) expect(up.headers.get("Location")).not.toBe(`/returns/${returnId}`);
    }
    expect((await stored(returnId)).ret.version).toBe(1);
    const page = await run(uploadLoader, await getRequest(`/returns/${returnId}/spreadsheet`, rival), { returnId });
    expect(page.status).toBe(404);
  });
});
