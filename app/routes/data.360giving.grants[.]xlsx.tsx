// GET /data/360giving/grants.xlsx – the 360Giving grants as a spreadsheet with one "grants"
// sheet, the layout 360Giving's tools read; amounts are numbers.
import { newWorkbook } from "~/lib/workbook.server";
import { getDb } from "../../db/client";
import { flatGrants, threeSixtyGivingPackage } from "~/models/transparency/three-sixty-giving.server";
import { XLSX_CONTENT_TYPE } from "~/http/files.server";


export async function loader() {
  const { header, rows } = flatGrants((await threeSixtyGivingPackage(getDb())).grants);
  const workbook = await newWorkbook();
  const sheet = workbook.addWorksheet("grants");
  sheet.addRow(header).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  const buffer = await workbook.xlsx.writeBuffer();
  return new Response(new Uint8Array(buffer as ArrayBuffer), {
    headers: { "Content-Type": XLSX_CONTENT_TYPE, "Content-Disposition": 'attachment; filename="360giving-grants.xlsx"', "Cache-Control": "public, max-age=300" },
  });
}
