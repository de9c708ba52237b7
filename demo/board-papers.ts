// What the board has been sent, for `npm run demo` on a fresh database: Chorley's 2026-27 Q2
// profile published (for the board, not the public pages) and the county pack for the same
// quarter queued to publish, which the demo server's worker builds in its first seconds. Kept
// out of seedDemoData, which the tests use: they publish and build packs themselves.
import type { Db } from "../db/client";
import { publishProfile } from "../app/models/profiles/publishing.server";
import { requestCountyPack } from "../app/models/profiles/county-packs.server";

const QUARTER = "2026-27 Q2";
const AS_OF = "2026-12-06";

export async function sendDemoBoardPapers(db: Db): Promise<void> {
  await publishProfile(db, { actorUserId: "user-chorley-officer", ip: null }, {
    districtId: "district-chorley", quarter: QUARTER, expectedEdition: 0, asOf: AS_OF, now: new Date().toISOString(),
  });
  await requestCountyPack(db, { actorUserId: "user-officer", ip: null }, QUARTER, AS_OF, { publish: true });
}
