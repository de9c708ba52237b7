// A finished county pack.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "../../db/client";
import { getCountyPackPdf } from "~/models/profiles/county-packs.server";
import { profileFileName } from "~/models/profiles/compute.server";
import { fileDownload } from "~/http/files.server";
import { notFound, requirePermission } from "~/http/guards.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "county-pack:build");
  const pack = params.packId ? await getCountyPackPdf(getDb(), params.packId) : null;
  if (!pack) notFound("County pack not found");
  return fileDownload(pack.pdf, { contentType: "application/pdf", filename: profileFileName("county-pack", pack.quarter, "draft.pdf"), inline: true });
}
