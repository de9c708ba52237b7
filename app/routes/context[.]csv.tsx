// The context figures this user may see, as CSV in the import's own columns, so a file can
// be downloaded, changed in a spreadsheet and imported again. ?district= narrows it to one
// district; ?template=1 gives the import template: every active indicator for the latest
// quarter that has ended, with today's figures filled in (so importing it unchanged changes nothing).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "../../db/client";
import { csvResponse } from "~/lib/csv.server";
import { requireContextDistricts, requireDistrictAccess } from "~/http/profiles/access.server";
import { ukToday } from "~/lib/dates";
import { lastEndedQuarter } from "~/models/context/quarters";
import { CONTEXT_CSV_HEADER, listContextValuesForCsv } from "~/models/context/import.server";

export async function loader({ request }: LoaderFunctionArgs) {
  let { districts } = await requireContextDistricts(request, "Only commissioning officers and administrators see context indicators.");
  const db = getDb();
  const url = new URL(request.url);
  const districtId = url.searchParams.get("district");
  if (districtId) {
    const { district } = await requireDistrictAccess(request, districtId, "context:edit", "You do not enter figures for this district.");
    districts = districts.filter((d) => d.id === district.id);
  }
  const header = [...CONTEXT_CSV_HEADER];
  const slug = districts.length === 1 ? `-${districts[0].name}` : "";
  if (url.searchParams.get("template")) {
    const quarter = lastEndedQuarter(ukToday());
    const rows = await listContextValuesForCsv(db, districts, { quarters: [quarter], blankCells: true });
    return csvResponse(`context-indicators-template${slug}-${quarter}.csv`, header, rows);
  }
  const rows = await listContextValuesForCsv(db, districts);
  return csvResponse(`context-indicators${slug}.csv`, header, rows);
}
