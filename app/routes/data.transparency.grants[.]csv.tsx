// GET /data/transparency/grants.csv – the Transparency Code's grants to voluntary, community
// and social enterprise organisations, for anyone.
import { getDb } from "../../db/client";
import { csvResponse } from "~/lib/csv.server";
import { getSettings } from "~/models/admin/settings.server";
import { GRANTS_HEADER, grantRows, listPublicAwards } from "~/models/transparency/awards.server";

export async function loader() {
  const db = getDb();
  const [awards, settings] = await Promise.all([listPublicAwards(db), getSettings(db)]);
  return csvResponse("grants-to-voluntary-organisations.csv", GRANTS_HEADER, grantRows(awards, settings.programme_name));
}
