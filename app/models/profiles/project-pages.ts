// A profile on the web a page at a time: a district with hundreds of projects would otherwise
// send every project's row, indicators, recommendation and unit-cost links, and every
// indicator at risk, in one page. The page shows PROFILE_PAGE_SIZE projects (?page=), with
// the unit costs' links for those projects, and PROFILE_PAGE_SIZE indicators at risk
// (?risks=), in the same order as the PDF and the downloads, which hold every one. What is
// said of all the projects together is worked out here from all of them. Pure.
import { costAvoidedMethodNote } from "~/profiles/labels";
import type { DistrictProfile } from "~/profiles/types";

export const PROFILE_PAGE_SIZE = 10;

/** The URL's parameter for each list's page number. */
export const PROFILE_PAGE_PARAMS = { projects: "page", atRisk: "risks" } as const;

export interface Shown {
  page: number;
  pageCount: number;
  total: number;
  /** 1-based positions of the first and last shown (0 and 0 when there are none). */
  from: number;
  to: number;
}

export interface ProfilePages {
  projects: Shown;
  atRisk: Shown;
  /** The method note's sentence on which projects the estimate covers, from every project. */
  costAvoidedMethodNote: string;
}

/** One page of a list (the last when `page` is past it) and where it falls. */
function pageOf<T>(items: readonly T[], page: number): { items: T[]; shown: Shown } {
  const total = items.length;
  const pageCount = Math.max(1, Math.ceil(total / PROFILE_PAGE_SIZE));
  const shown = Math.min(Math.max(1, Math.trunc(page) || 1), pageCount);
  const start = (shown - 1) * PROFILE_PAGE_SIZE;
  const slice = items.slice(start, start + PROFILE_PAGE_SIZE);
  return { items: slice, shown: { page: shown, pageCount, total, from: total === 0 ? 0 : start + 1, to: start + slice.length } };
}

/** The profile with one page of its projects and one of its indicators at risk, and what was left out. */
export function pageOfProfile(profile: DistrictProfile, pages: { projects: number; atRisk: number }): { profile: DistrictProfile; pages: ProfilePages } {
  const projects = pageOf(profile.projects, pages.projects);
  const atRisk = pageOf(profile.atRisk, pages.atRisk);
  // Links name their project by title (as the PDF prints them).
  const titles = new Set(projects.items.map((p) => p.title));
  const unitCosts = projects.shown.pageCount > 1
    ? profile.unitCosts.map((u) => ({ ...u, links: u.links.filter((l) => titles.has(l.projectTitle)) }))
    : profile.unitCosts;
  return {
    profile: { ...profile, projects: projects.items, atRisk: atRisk.items, unitCosts },
    pages: { projects: projects.shown, atRisk: atRisk.shown, costAvoidedMethodNote: costAvoidedMethodNote(profile) },
  };
}
