import { describe, expect, it } from "vitest";
import { can, PERMISSIONS, sectionsFor } from "~/policies/index";
import type { BidRecord } from "~/policies/bids";
import type { ReturnRecord } from "~/policies/returns";
import type { TenderRecord } from "~/policies/tenders";
import { officerCoversDistrict, type Actor } from "~/policies/actor";

const actor = (overrides: Partial<Actor>): Actor => ({
  id: "u1", roles: [], organisationId: null, countyWide: false, districtIds: [], ...overrides,
});

const admin = actor({ roles: ["admin"] });
const countyOfficer = actor({ roles: ["officer"], countyWide: true });
const chorleyOfficer = actor({ roles: ["officer"], districtIds: ["chorley"] });
const provider = actor({ roles: ["provider"], organisationId: "org-a" });
const panel = actor({ roles: ["panel"] });
const viewer = actor({ roles: ["viewer"] });

describe("administration", () => {
  it("is for admins only", () => {
    for (const permission of ["admin:users", "admin:reference-data", "admin:settings", "admin:audit"] as const) {
      expect(can(admin, permission)).toBe(true);
      for (const other of [countyOfficer, chorleyOfficer, provider, panel, viewer]) expect(can(other, permission)).toBe(false);
    }
  });

  it("refuses everyone signed out", () => {
    expect(can(null, "admin:users")).toBe(false);
    expect(can(null, "organisation:view", { id: "org-a" })).toBe(false);
  });
});

describe("organisations", () => {
  it("officers and admins list and approve; only admins create and edit", () => {
    expect(can(countyOfficer, "organisations:approve")).toBe(true);
    expect(can(chorleyOfficer, "organisations:list")).toBe(true);
    expect(can(countyOfficer, "organisations:edit")).toBe(false);
    expect(can(admin, "organisations:edit")).toBe(true);
    expect(can(admin, "organisations:create")).toBe(true);
    expect(can(countyOfficer, "organisations:create")).toBe(false);
    expect(can(provider, "organisations:list")).toBe(false);
    expect(can(panel, "organisations:approve")).toBe(false);
  });

  it("a provider sees its own organisation and no other", () => {
    expect(can(provider, "organisation:view", { id: "org-a" })).toBe(true);
    expect(can(provider, "organisation:view", { id: "org-b" })).toBe(false);
    expect(can(actor({ roles: ["provider"], organisationId: null }), "organisation:view", { id: "org-a" })).toBe(false);
    expect(can(viewer, "organisation:view", { id: "org-a" })).toBe(false);
  });
});

describe("officer district scope", () => {
  it("county-wide covers every district; a scoped officer only theirs", () => {
    expect(officerCoversDistrict(countyOfficer, "wyre")).toBe(true);
    expect(officerCoversDistrict(chorleyOfficer, "chorley")).toBe(true);
    expect(officerCoversDistrict(chorleyOfficer, "wyre")).toBe(false);
    expect(officerCoversDistrict(actor({ roles: ["viewer"], countyWide: true }), "wyre")).toBe(false);
    expect(can(chorleyOfficer, "district:view", { id: "wyre" })).toBe(false);
    expect(can(chorleyOfficer, "district:view", { id: "chorley" })).toBe(true);
  });
});

describe("sections in the header", () => {
  it("follow the roles a user holds, several at once", () => {
    expect(sectionsFor(provider).map((s) => s.label)).toEqual(["Home", "Your organisation", "Tenders", "Your bids", "Your projects", "Your returns", "Your account"]);
    expect(sectionsFor(actor({ roles: ["officer", "admin"] })).map((s) => s.label)).toEqual(["Home", "Tenders", "Projects", "Returns to review", "Visits", "Profiles", "Organisations", "Admin", "Your account"]);
    expect(sectionsFor(panel).map((s) => s.label)).toEqual(["Home", "Panel", "Your account"]);
    expect(sectionsFor(viewer).map((s) => s.label)).toEqual(["Home", "Profiles", "Your account"]);
  });
});

describe("district performance profiles", () => {
  const chorley = { id: "district-chorley" };
  const preston = { id: "district-preston" };
  const chorleyOfficer = actor({ roles: ["officer"], districtIds: ["district-chorley"] });
  const countyOfficer = actor({ roles: ["officer"], countyWide: true });

  it("show viewers published profiles only", () => {
    expect(can(viewer, "profiles:browse")).toBe(true);
    expect(can(viewer, "profile:view-published", chorley)).toBe(true);
    expect(can(viewer, "profile:view-live", chorley)).toBe(false);
    expect(can(viewer, "profile:curate", chorley)).toBe(false);
  });

  it("let an officer publish only their own districts' profiles", () => {
    expect(can(chorleyOfficer, "profile:curate", chorley)).toBe(true);
    expect(can(chorleyOfficer, "profile:curate", preston)).toBe(false);
    expect(can(chorleyOfficer, "profile:view-live", preston)).toBe(false);
    expect(can(chorleyOfficer, "profile:view-published", preston)).toBe(false);
    expect(can(countyOfficer, "profile:curate", preston)).toBe(true);
  });

  it("keep the county pack for county-wide officers and admins, and profiles from providers", () => {
    expect(can(countyOfficer, "county-pack:build")).toBe(true);
    expect(can(chorleyOfficer, "county-pack:build")).toBe(false);
    expect(can(actor({ roles: ["admin"] }), "county-pack:build")).toBe(true);
    // A published pack is the board's: viewers read it; it holds every district, so an officer
    // covering one district does not.
    expect(can(actor({ roles: ["viewer"] }), "county-pack:read-published")).toBe(true);
    expect(can(countyOfficer, "county-pack:read-published")).toBe(true);
    expect(can(chorleyOfficer, "county-pack:read-published")).toBe(false);
    expect(can(actor({ roles: ["provider"], organisationId: "org-a" }), "county-pack:read-published")).toBe(false);
    expect(can(provider, "profiles:browse")).toBe(false);
    expect(can(provider, "profile:view-published", chorley)).toBe(false);
  });
});

describe("context indicators and unit costs", () => {
  it("let officers edit their own districts' context figures; admins manage the indicators and unit costs", () => {
    expect(can(chorleyOfficer, "context:edit", { id: "chorley" })).toBe(true);
    expect(can(chorleyOfficer, "context:edit", { id: "wyre" })).toBe(false);
    expect(can(admin, "context:edit", { id: "wyre" })).toBe(true);
    expect(can(viewer, "context:edit", { id: "chorley" })).toBe(false);
    for (const permission of ["context-indicators:manage", "unit-costs:manage"] as const) {
      expect(can(admin, permission)).toBe(true);
      for (const other of [countyOfficer, provider, panel, viewer]) expect(can(other, permission)).toBe(false);
    }
  });
});

// Tenders, bids and the panel: records as the rules see them.
const tender = (overrides: Partial<TenderRecord> = {}): TenderRecord => ({ districtIds: ["chorley"], status: "open", panelUserIds: ["p1"], published: true, ...overrides });
const bid = (overrides: Partial<BidRecord> = {}): BidRecord => ({
  organisationId: "org-a", status: "submitted", tender: tender({ status: "closed" }), conflictedUserIds: [], declaredUserIds: ["p1"], ...overrides,
});
const member = actor({ id: "p1", roles: ["panel"] });
const otherMember = actor({ id: "p2", roles: ["panel"] });
const otherProvider = actor({ roles: ["provider"], organisationId: "org-b" });
const wyreOfficer = actor({ roles: ["officer"], districtIds: ["wyre"] });

describe("tenders", () => {
  it("officers create tenders and manage those in their districts", () => {
    expect(can(chorleyOfficer, "tenders:create")).toBe(true);
    expect(can(provider, "tenders:create")).toBe(false);
    expect(can(chorleyOfficer, "tender:manage", tender())).toBe(true);
    expect(can(wyreOfficer, "tender:manage", tender())).toBe(false);
    expect(can(countyOfficer, "tender:manage", tender())).toBe(true);
    expect(can(wyreOfficer, "tender:manage", tender({ districtIds: ["chorley", "wyre"] }))).toBe(true);
    expect(can(admin, "tender:manage", tender())).toBe(false);
  });

  it("providers and officers browse; a draft is seen only by the officers who cover it", () => {
    expect(can(provider, "tenders:browse")).toBe(true);
    expect(can(viewer, "tenders:browse")).toBe(false);
    expect(can(provider, "tender:view", tender())).toBe(true);
    expect(can(provider, "tender:view", tender({ status: "draft" }))).toBe(false);
    // Cancelled while still a draft: never published, so only its officers see it.
    expect(can(provider, "tender:view", tender({ status: "cancelled", published: false }))).toBe(false);
    expect(can(chorleyOfficer, "tender:view", tender({ status: "cancelled", published: false }))).toBe(true);
    expect(can(chorleyOfficer, "tender:view", tender({ status: "draft" }))).toBe(true);
    expect(can(member, "tender:view", tender({ status: "closed" }))).toBe(true);
    expect(can(otherMember, "tender:view", tender({ status: "closed" }))).toBe(false);
    expect(can(actor({ roles: ["provider"], organisationId: null }), "tender:view", tender())).toBe(false);
  });

  it("moderation is for the covering officers once the tender has closed", () => {
    expect(can(chorleyOfficer, "tender:moderate", tender({ status: "open" }))).toBe(false);
    for (const status of ["closed", "evaluation", "awarded"] as const) expect(can(chorleyOfficer, "tender:moderate", tender({ status }))).toBe(true);
    expect(can(wyreOfficer, "tender:moderate", tender({ status: "closed" }))).toBe(false);
    expect(can(member, "tender:moderate", tender({ status: "closed" }))).toBe(false);
  });
});

describe("bids", () => {
  it("the bidder edits its own bid while the tender is open", () => {
    expect(can(provider, "bid:edit", bid({ status: "draft", tender: tender({ status: "open" }) }))).toBe(true);
    expect(can(provider, "bid:edit", bid({ status: "draft", tender: tender({ status: "closed" }) }))).toBe(false);
    expect(can(otherProvider, "bid:edit", bid({ status: "draft", tender: tender({ status: "open" }) }))).toBe(false);
    expect(can(chorleyOfficer, "bid:edit", bid({ status: "draft", tender: tender({ status: "open" }) }))).toBe(false);
  });

  it("a bid is sealed until the closing time, and never shown to a conflicted panel member", () => {
    const open = bid({ tender: tender({ status: "open" }) });
    expect(can(provider, "bid:read-contents", open)).toBe(true);
    expect(can(chorleyOfficer, "bid:read-contents", open)).toBe(false);
    expect(can(member, "bid:read-contents", open)).toBe(false);
    expect(can(chorleyOfficer, "bid:read-contents", bid())).toBe(true);
    expect(can(wyreOfficer, "bid:read-contents", bid())).toBe(false);
    expect(can(chorleyOfficer, "bid:read-contents", bid({ status: "draft" }))).toBe(false);
    expect(can(chorleyOfficer, "bid:read-contents", bid({ status: "withdrawn" }))).toBe(false);
    expect(can(member, "bid:read-contents", bid())).toBe(true);
    expect(can(member, "bid:read-contents", bid({ declaredUserIds: [] }))).toBe(false);
    expect(can(member, "bid:read-contents", bid({ conflictedUserIds: ["p1"] }))).toBe(false);
    expect(can(otherMember, "bid:read-contents", bid({ declaredUserIds: ["p2"] }))).toBe(false);
    expect(can(otherProvider, "bid:read-contents", bid())).toBe(false);
  });

  it("the bidder reads the outcome once decided", () => {
    expect(can(provider, "bid:read-outcome", bid())).toBe(false);
    expect(can(provider, "bid:read-outcome", bid({ status: "successful" }))).toBe(true);
    expect(can(provider, "bid:read-outcome", bid({ status: "unsuccessful" }))).toBe(true);
    expect(can(otherProvider, "bid:read-outcome", bid({ status: "unsuccessful" }))).toBe(false);
  });
});

describe("the panel", () => {
  it("assigned members take part between the closing time and the award", () => {
    expect(can(member, "panel:take-part", tender({ status: "open" }))).toBe(false);
    expect(can(member, "panel:take-part", tender({ status: "closed" }))).toBe(true);
    expect(can(member, "panel:take-part", tender({ status: "evaluation" }))).toBe(true);
    expect(can(member, "panel:take-part", tender({ status: "awarded" }))).toBe(false);
    expect(can(otherMember, "panel:take-part", tender({ status: "closed" }))).toBe(false);
    expect(can(chorleyOfficer, "panel:take-part", tender({ status: "closed" }))).toBe(false);
    // After the decisions: their own work and the moderated result, read only.
    expect(can(member, "panel:read-outcome", tender({ status: "award_pending" }))).toBe(true);
    expect(can(member, "panel:read-outcome", tender({ status: "awarded" }))).toBe(true);
    expect(can(member, "panel:read-outcome", tender({ status: "evaluation" }))).toBe(false);
    expect(can(member, "panel:read-outcome", tender({ status: "cancelled" }))).toBe(false);
    expect(can(otherMember, "panel:read-outcome", tender({ status: "awarded" }))).toBe(false);
    expect(can(chorleyOfficer, "panel:read-outcome", tender({ status: "awarded" }))).toBe(false);
  });

  it("a member scores only submitted bids they declared no conflict on", () => {
    expect(can(member, "panel:score-bid", bid())).toBe(true);
    expect(can(member, "panel:score-bid", bid({ conflictedUserIds: ["p1"] }))).toBe(false);
    expect(can(member, "panel:score-bid", bid({ declaredUserIds: [] }))).toBe(false);
    expect(can(member, "panel:score-bid", bid({ status: "withdrawn" }))).toBe(false);
    expect(can(member, "panel:score-bid", bid({ tender: tender({ status: "awarded" }) }))).toBe(false);
  });
});

describe("projects and returns", () => {
  const project = { organisationId: "org-a", districtId: "chorley" };
  const ret = (status: ReturnRecord["status"]): ReturnRecord => ({ project, status });

  it("the provider and the covering officers see a project; only those officers manage it", () => {
    expect(can(chorleyOfficer, "projects:create")).toBe(true);
    expect(can(provider, "projects:create")).toBe(false);
    expect(can(provider, "project:view", project)).toBe(true);
    expect(can(otherProvider, "project:view", project)).toBe(false);
    expect(can(chorleyOfficer, "project:view", project)).toBe(true);
    expect(can(wyreOfficer, "project:view", project)).toBe(false);
    for (const permission of ["project:manage", "indicator-value:link"] as const) {
      expect(can(chorleyOfficer, permission, project)).toBe(true);
      expect(can(wyreOfficer, permission, project)).toBe(false);
      expect(can(provider, permission, project)).toBe(false);
    }
  });

  it("the provider changes a return while it is with them; the officer reviews it while it is with them", () => {
    expect(can(provider, "return:view", ret("approved"))).toBe(true);
    expect(can(otherProvider, "return:view", ret("approved"))).toBe(false);
    expect(can(wyreOfficer, "return:view", ret("submitted"))).toBe(false);
    for (const status of ["not_started", "draft", "queried"] as const) {
      expect(can(provider, "return:edit", ret(status))).toBe(true);
      expect(can(chorleyOfficer, "return:review", ret(status))).toBe(false);
    }
    for (const status of ["submitted", "resubmitted"] as const) {
      expect(can(provider, "return:edit", ret(status))).toBe(false);
      expect(can(chorleyOfficer, "return:review", ret(status))).toBe(true);
      expect(can(wyreOfficer, "return:review", ret(status))).toBe(false);
    }
    expect(can(provider, "return:edit", ret("approved"))).toBe(false);
    expect(can(chorleyOfficer, "return:review", ret("approved"))).toBe(false);
    // Chasing: an officer of the district, while the return is not yet submitted.
    for (const status of ["not_started", "draft"] as const) {
      expect(can(chorleyOfficer, "return:remind", ret(status))).toBe(true);
      expect(can(wyreOfficer, "return:remind", ret(status))).toBe(false);
      expect(can(provider, "return:remind", ret(status))).toBe(false);
    }
    for (const status of ["submitted", "queried", "resubmitted", "approved"] as const) expect(can(chorleyOfficer, "return:remind", ret(status))).toBe(false);
    expect(can(chorleyOfficer, "return:edit", ret("draft"))).toBe(false);
  });

  it("an officer who also works for the provider sees its projects and returns but never oversees them", () => {
    const both = actor({ roles: ["officer", "provider"], districtIds: ["chorley"], organisationId: "org-a" });
    expect(can(both, "project:view", project)).toBe(true);
    expect(can(both, "return:view", ret("submitted"))).toBe(true);
    expect(can(both, "return:edit", ret("draft"))).toBe(true);
    expect(can(both, "return:review", ret("submitted"))).toBe(false);
    expect(can(both, "return:remind", ret("draft"))).toBe(false);
    expect(can(both, "project:manage", project)).toBe(false);
    expect(can(both, "indicator-value:link", project)).toBe(false);
    const otherOrganisation = { organisationId: "org-b", districtId: "chorley" };
    expect(can(both, "project:manage", otherOrganisation)).toBe(true);
    expect(can(both, "return:review", { project: otherOrganisation, status: "submitted" })).toBe(true);
  });
});

describe("every permission", () => {
  it("is named in this file", async () => {
    const { readFileSync } = await import("node:fs");
    const source = readFileSync(new URL(import.meta.url), "utf8");
    const unnamed = PERMISSIONS.filter((p) => !source.includes(`"${p}"`));
    expect(unnamed).toEqual([]);
  });
});
