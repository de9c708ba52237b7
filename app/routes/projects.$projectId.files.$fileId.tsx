// A project's document, for anyone who may see the project. Always a download (see
// fileResponse): a file never runs in the portal's origin whatever it claims to be.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "../../db/client";
import { getFileWithContent } from "~/models/files.server";
import { storedFileDownload } from "~/http/files.server";
import { notFound } from "~/http/guards.server";
import { requireProjectViewer } from "~/http/projects/access.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { project } = await requireProjectViewer(request, params.projectId);
  const file = await getFileWithContent(getDb(), params.fileId ?? "");
  // Only this project's own documents: another record's file id here is "not found".
  if (!file || file.owner_type !== "project" || file.owner_id !== project.id) notFound("File not found");
  return storedFileDownload(file);
}
