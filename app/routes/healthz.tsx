// GET /healthz – for load balancers and monitoring: 200 when this server can reach the
// database and its schema is current, 503 (with what is wrong) otherwise; whether background
// jobs are stuck is in the body, for monitoring (app/http/health.server.ts). No sign-in, and
// nothing in it a stranger could use.
import { json } from "@remix-run/node";
import { getDb } from "../../db/client";
import { checkHealth } from "~/http/health.server";

export async function loader() {
  const health = await checkHealth(getDb());
  return json(health, { status: health.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
