import { describe, expect, it } from "vitest";
import { can, officerCoversDistrict, sectionsFor, type Actor } from "~/services/permissions";

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
    expect(can(provider, "profiles:browse")).toBe(false);
    expect(can(provider, "profile:view-published", chorley)).toBe(false);
  });
});
