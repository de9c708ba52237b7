// GET /data/ocds/releases.json – every public tender's contracting process as an OCDS 1.1.5
// release package, for anyone. /data/ocds/tenders/:tenderId has one tender's.
import { getDb } from "../../db/client";
import { ocdsPackage } from "~/models/transparency/ocds.server";
import { jsonFile } from "~/http/files.server";

export async function loader() {
  return jsonFile(await ocdsPackage(getDb(), "/data/ocds/releases.json"));
}
