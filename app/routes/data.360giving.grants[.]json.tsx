// GET /data/360giving/grants.json – every grant in the 360Giving Data Standard, for anyone.
import { getDb } from "../../db/client";
import { threeSixtyGivingPackage } from "~/models/transparency/three-sixty-giving.server";
import { jsonFile } from "~/http/files.server";

export async function loader() {
  return jsonFile(await threeSixtyGivingPackage(getDb()));
}
