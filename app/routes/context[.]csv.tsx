// The context figures this user may see, as CSV in the import's own columns, so a file can
// be downloaded, changed in a spreadsheet and imported again. ?district= narrows it to one
// district; ?template=1 gives the import template: every active indicator for the latest
// quarter that has ended, with today's figures filled in (so importing it unchanged changes nothing).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "../../db/client";
import { csvResponse } from "~/lib/csv.server";
import { getDistrict } from "~/models/admin/districts.server";
import { forbidden, notFound, requireUser } from "~/http/guards.server";
import { lastEndedQuarter } from "~/models/context/quarters";
import { listEditableDistricts } from "~/models/context/grid.server";
import { CONTEXT_CSV_HEADER, listContextValuesForCsv } from "~/models/context/import.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = getDb();
  const url = new URL(request.url);
  let districts = await listEditableDistricts(db, user);
  if (districts.length === 0) forbidden(user, "Only commissioning officers and administrators see context indicators.");
  const districtId = url.searchParams.get("district");
  if (districtId) {
    if (!(await getDistrict(db, districtId))) notFound("District not found");
    districts = districts.filter((d) => d.id === districtId);
    if (districts.length === 0) forbidden(user, "You do not enter figures for this district.");
  }
  const header = [...CONTEXT_CSV_HEADER];
  const slug = districts.length === 1 ? `-${districts[0].name}` : "";
  if (url.searchParams.get("template")) {
    const quarter = lastEndedQuarter(new Date().toISOString().slice(0, 10));
    const rows = await listContextValuesForCsv(db, districts, { quarters: [quarter], blankCells: true });
    return csvResponse(`context-indicators-template${slug}-${quarter}.csv`, header, rows);
  }
  const rows = await listContextValuesForCsv(db, districts);
  return csvResponse(`context-indicators${slug}.csv`, header, rows);
}
