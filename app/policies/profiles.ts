// District performance profiles and what feeds them. Viewers (board members) read published
// profiles only; officers and admins see the live ones. Officers curate and publish their
// own districts' profiles. The county pack holds every district, so only county-wide
// officers (and admins) build it.
import type { ExpressionBuilder, ReferenceExpression } from "kysely";
import { hasRole, inDistrictScope, officerCoversDistrict, officerDistrictScope, type Actor } from "./actor";
import type { DistrictRecord } from "./admin";
import type { DistrictProfile } from "~/profiles/types";

export const profileRules = {
  /** The county view and the list of profiles. */
  "profiles:browse": (a: Actor) => hasRole(a, "officer", "viewer", "admin"),
  /** A district's live (draft) profile, its figures and downloads. */
  "profile:view-live": (a: Actor, d: DistrictRecord) => hasRole(a, "admin") || officerCoversDistrict(a, d.id),
  "profile:view-published": (a: Actor, d: DistrictRecord) => hasRole(a, "viewer", "admin") || officerCoversDistrict(a, d.id),
  /** Agreed actions, chosen case studies, publishing. */
  "profile:curate": (a: Actor, d: DistrictRecord) => officerCoversDistrict(a, d.id),
  "county-pack:build": (a: Actor) => hasRole(a, "admin") || (hasRole(a, "officer") && a.countyWide),
  /** A published county pack: the board's (viewers'), and whoever may build one. It holds every district. */
  "county-pack:read-published": (a: Actor) => hasRole(a, "viewer", "admin") || (hasRole(a, "officer") && a.countyWide),
  /** A district's context indicators. */
  "context:edit": (a: Actor, d: DistrictRecord) => hasRole(a, "admin") || officerCoversDistrict(a, d.id),
  /** Add or retire context indicators. */
  "context-indicators:manage": (a: Actor) => hasRole(a, "admin"),
  /** The unit costs table and the uprating index. */
  "unit-costs:manage": (a: Actor) => hasRole(a, "admin"),
};

// A profile's comparison with the county (app/models/profiles/comparison.ts) goes with the
// profile to whoever may read it: it names no other district, only the county's figure, the
// middle district's figure and this district's rank. A published county pack is the county-wide
// officer's publication of every district's figures as they stood, stamped as the pack's
// edition (not the districts'), for the board.

// The same rules for lists: the districts whose profiles (live, or published) and context
// figures an actor sees, so a list shows exactly what the one-district rules above allow.

/** "profile:view-live" and "context:edit" for a list: administrators everywhere, officers in their scope. */
export function inLiveDistrictScope<DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, actor: Actor, districtColumn: ReferenceExpression<DB, TB>) {
  return inDistrictScope(eb, hasRole(actor, "admin") ? null : officerDistrictScope(actor), districtColumn);
}

/** "profile:view-published" for a list: viewers and administrators everywhere, officers in their scope. */
export function inPublishedDistrictScope<DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, actor: Actor, districtColumn: ReferenceExpression<DB, TB>) {
  return inDistrictScope(eb, hasRole(actor, "viewer", "admin") ? null : officerDistrictScope(actor), districtColumn);
}

// What of a published profile anyone may read, signed in or not. Only an edition its
// publisher chose to make public; and of that, not the case studies (families' stories,
// consented for the partnership board, which a small district could recognise), the agreed
// actions (which name who owns them) or the providers' explanations of indicators at risk.
// Who published it is not told either.

/** A published edition that is public: the publisher's choice at publication. */
export function isPublicProfile(row: { is_public: number }): boolean {
  return row.is_public === 1;
}

/** Counts of people below this are not published by age. */
export const SMALL_COUNT = 5;

const isSmall = (people: number | null): boolean => people !== null && people > 0 && people < SMALL_COUNT;

export function publicProfileView(profile: DistrictProfile): DistrictProfile {
  return {
    ...profile,
    caseStudies: [],
    // The comparison is drawn from every district's figures as they stood, most of them never
    // published, and its reach per 10,000 would give back a small number of children kept back
    // below: it is for the board and officers, not the public pages.
    comparison: undefined,
    // The officer's advice to the board, before the board has decided: kept for the board.
    commentary: profile.commentary === undefined ? undefined : null,
    // People by age can point at someone where a group is small. Keeping back only a small
    // group would not do: it is the total less the groups shown. So where any age group holds
    // 1 to 4 people, the split by age is not shown at all, nor a small total of children.
    headline: {
      ...profile.headline,
      reachByAgeBand: profile.headline.reachByAgeBand?.some((b) => isSmall(b.people)) ? undefined : profile.headline.reachByAgeBand,
      populationReach: profile.headline.populationReach && isSmall(profile.headline.populationReach.childrenReached) ? null : profile.headline.populationReach,
    },
    projects: profile.projects.map(({ peopleReachedYearByBand: _bands, ...p }) => ({
      ...p, indicators: p.indicators.map((i) => ({ ...i, comment: null })), recommendation: p.recommendation === undefined ? undefined : null,
    })),
    // The provider's explanation may speak of families or staff: it stays with the board too.
    atRisk: profile.atRisk.map((r) => ({ ...r, action: null, comment: null })),
  };
}
