// GET /data/360giving/grants.json – every grant in the 360Giving Data Standard, for anyone.
import { getDb } from "../../db/client";
import { threeSixtyGivingPackage } from "~/models/transparency/three-sixty-giving.server";

export async function loader() {
  const body = JSON.stringify(await threeSixtyGivingPackage(getDb()), null, 2);
  return new Response(body, { headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "public, max-age=300" } });
}
