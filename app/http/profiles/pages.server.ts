// Which page of a profile's projects and of its indicators at risk the URL asks for.
import { parsePageParam } from "~/lib/lists.server";
import { pageOfProfile, PROFILE_PAGE_PARAMS } from "~/models/profiles/project-pages";
import type { DistrictProfile } from "~/profiles/types";

export function profilePagesFromUrl(profile: DistrictProfile, request: Request) {
  const url = new URL(request.url);
  return pageOfProfile(profile, { projects: parsePageParam(url, PROFILE_PAGE_PARAMS.projects), atRisk: parsePageParam(url, PROFILE_PAGE_PARAMS.atRisk) });
}
