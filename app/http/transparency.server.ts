// The Transparency Code's CSV files, whole or for one quarter (`?quarter=2026-27 Q1`): the
// same loader for the contracts and the grants, answering 400 to a quarter it cannot read.
import { getDb } from "../../db/client";
import { csvFile, CSV_CONTENT_TYPE, type CsvCell } from "~/lib/csv.server";
import { openDataFile } from "./files.server";
import { getSettings } from "~/models/admin/settings.server";
import { awardsInQuarter, listPublicAwards, type PublicAward } from "~/models/transparency/awards.server";

export async function transparencyCsv(
  request: Request,
  file: { name: string; header: string[]; rows: (awards: readonly PublicAward[], department: string) => CsvCell[][] },
): Promise<Response> {
  const quarter = new URL(request.url).searchParams.get("quarter");
  const db = getDb();
  const [awards, settings] = await Promise.all([listPublicAwards(db), getSettings(db)]);
  let chosen: PublicAward[];
  try {
    chosen = awardsInQuarter(awards, quarter);
  } catch {
    return new Response(`"${quarter}" is not a quarter: ask for one like 2026-27 Q1.`, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const suffix = quarter ? `-${quarter.toLowerCase().replace(/\s+/g, "-")}` : "";
  return openDataFile(request, { body: csvFile(file.header, file.rows(chosen, settings.programme_name)), contentType: CSV_CONTENT_TYPE, filename: `${file.name}${suffix}.csv` });
}
