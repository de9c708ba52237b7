// A finished county pack: a published one for the board (viewers) too, a draft for those who
// build packs only.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "../../db/client";
import { getCountyPackPdf } from "~/models/profiles/county-packs.server";
import { profileFileName } from "~/models/profiles/compute.server";
import { fileDownload } from "~/http/files.server";
import { notFound, requirePermission } from "~/http/guards.server";
import { can } from "~/policies/index";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "profiles:browse");
  const pack = params.packId ? await getCountyPackPdf(getDb(), params.packId) : null;
  // A draft is not found for someone who may only read published packs, as if it did not exist.
  if (!pack || !can(user, pack.edition === null ? "county-pack:build" : "county-pack:read-published")) notFound("County pack not found");
  const suffix = pack.edition === null ? "draft.pdf" : `edition-${pack.edition}.pdf`;
  return fileDownload(pack.pdf, { contentType: "application/pdf", filename: profileFileName("county-pack", pack.quarter, suffix), inline: true });
}
