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
    expect(sectionsFor(actor({ roles: ["officer", "admin"] })).map((s) => s.label)).toEqual(["Home", "Tenders", "Projects", "Returns to review", "Visits", "Organisations", "Admin", "Your account"]);
    expect(sectionsFor(panel).map((s) => s.label)).toEqual(["Home", "Panel", "Your account"]);
    expect(sectionsFor(viewer).map((s) => s.label)).toEqual(["Home", "Your account"]);
  });
});
