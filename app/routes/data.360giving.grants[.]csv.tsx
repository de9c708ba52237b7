// GET /data/360giving/grants.csv – the 360Giving grants, flattened as 360Giving's tools read them.
import { getDb } from "../../db/client";
import { csvResponse } from "~/lib/csv.server";
import { flatGrants, threeSixtyGivingPackage } from "~/models/transparency/three-sixty-giving.server";

export async function loader() {
  const { header, rows } = flatGrants((await threeSixtyGivingPackage(getDb())).grants);
  return csvResponse("360giving-grants.csv", header, rows);
}
