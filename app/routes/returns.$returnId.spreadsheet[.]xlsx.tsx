// "Download as a spreadsheet": the return's outputs, outcomes and spend as an XLSX to fill
// in (app/models/returns/spreadsheet.server.ts), for whoever may change the return now.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "../../db/client";
import { getSettings } from "~/models/admin/settings.server";
import { returnWorkbook } from "~/models/returns/spreadsheet.server";
import { requireFilingPage } from "~/http/returns/access.server";
import { fileDownload, XLSX_CONTENT_TYPE } from "~/http/files.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { detail } = await requireFilingPage(request, params.returnId, { editOnly: true });
  const { spend_green_variance_percent: variance } = await getSettings(getDb());
  return fileDownload(await returnWorkbook(detail, variance), {
    contentType: XLSX_CONTENT_TYPE,
    filename: `${detail.projectReference} ${detail.quarter} return.xlsx`,
  });
}
