// GET /data/360giving/grants.json – every grant in the 360Giving Data Standard, for anyone.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "../../db/client";
import { threeSixtyGivingPackage } from "~/models/transparency/three-sixty-giving.server";
import { openDataJson } from "~/http/files.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return openDataJson(request, await threeSixtyGivingPackage(getDb()));
}
