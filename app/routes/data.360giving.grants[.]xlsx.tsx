// GET /data/360giving/grants.xlsx – the 360Giving grants as a spreadsheet with one "grants"
// sheet, the layout 360Giving's tools read; amounts are numbers.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { newWorkbook } from "~/lib/workbook.server";
import { getDb } from "../../db/client";
import { flatGrants, threeSixtyGivingPackage } from "~/models/transparency/three-sixty-giving.server";
import { openDataFile, XLSX_CONTENT_TYPE } from "~/http/files.server";

/** Counts the changes to how the workbook is laid out (its sheet, styles, frozen row): raise it with each. */
const WORKBOOK_LAYOUT = 1;

export async function loader({ request }: LoaderFunctionArgs) {
  const { header, rows } = flatGrants((await threeSixtyGivingPackage(getDb())).grants);
  // A workbook holds the time it was written: a copy is still good while its rows, and the way
  // it is laid out, are the same.
  return openDataFile(request, {
    data: JSON.stringify([WORKBOOK_LAYOUT, header, rows]),
    contentType: XLSX_CONTENT_TYPE,
    filename: "360giving-grants.xlsx",
    body: async () => {
      const workbook = await newWorkbook();
      const sheet = workbook.addWorksheet("grants");
      sheet.addRow(header).font = { bold: true };
      for (const row of rows) sheet.addRow(row);
      sheet.views = [{ state: "frozen", ySplit: 1 }];
      return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
    },
  });
}
