// A PDF renderer in a worker thread (app/profiles/pdf-pool.server.ts runs these with piscina):
// laying out a profile is seconds of solid work at worst, and done here it never holds up
// the server's event loop. Compiled to build/server/pdf-worker.js by scripts/build-server.ts.
import { isMainThread } from "node:worker_threads";
import { renderProfilePdf, type ProfilePdfOptions } from "../app/profiles/pdf.server";
import type { RenderedPdf } from "../app/profiles/pdf-pool.server";
import type { DistrictProfile } from "../app/profiles/types";

export default async function render(task: { profile: DistrictProfile; options: ProfilePdfOptions }): Promise<RenderedPdf> {
  return { pdf: await renderProfilePdf(task.profile, task.options), isMainThread };
}
