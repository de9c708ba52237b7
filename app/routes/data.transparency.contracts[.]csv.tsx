// GET /data/transparency/contracts.csv – the Transparency Code's contracts over £5,000, for anyone.
import { getDb } from "../../db/client";
import { csvResponse } from "~/lib/csv.server";
import { getSettings } from "~/models/admin/settings.server";
import { CONTRACTS_HEADER, contractRows, listPublicAwards } from "~/models/transparency/awards.server";

export async function loader() {
  const db = getDb();
  const [awards, settings] = await Promise.all([listPublicAwards(db), getSettings(db)]);
  return csvResponse("contracts-over-5000.csv", CONTRACTS_HEADER, contractRows(awards, settings.programme_name));
}
