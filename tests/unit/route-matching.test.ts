// @remix-run/router is patched (patches/) to flatten and rank a route tree once per shape
// rather than on every match. What it answers must not change: the caller's own route
// objects, the same ranking, and a different tree never answered from another's branches.
import { matchRoutes, type AgnosticRouteObject } from "@remix-run/router";
import * as unpatchedRouter from "@remix-run/router/dist/router.js";
import { describe, expect, test } from "vitest";

/** A tree like the portal's: a root layout with index, static, dynamic and splat children. */
function tree(extra: AgnosticRouteObject[] = []): AgnosticRouteObject[] {
  return [{
    id: "root",
    path: "",
    children: [
      { id: "home", index: true },
      { id: "profiles", path: "profiles" },
      { id: "profiles.pack", path: "profiles/pack" },
      { id: "profile", path: "profiles/:districtId" },
      { id: "profile.pdf", path: "profiles/:districtId/profile.pdf" },
      { id: "returns", path: "returns/:returnId", children: [{ id: "returns.index", index: true }, { id: "returns.outputs", path: "outputs" }] },
      ...extra,
      { id: "splat", path: "*" },
    ],
  }];
}

const ids = (routes: AgnosticRouteObject[], path: string) => matchRoutes(routes, path)?.map((m) => m.route.id) ?? null;

/** The router as published: its ESM build, which the server never loads, is left unpatched. */
const { matchRoutes: unpatchedMatchRoutes } = unpatchedRouter as unknown as typeof import("@remix-run/router");
const published = (routes: AgnosticRouteObject[], path: string) => unpatchedMatchRoutes(routes, path)?.map((m) => m.route.id) ?? null;

describe("matchRoutes, patched to keep ranked branches", () => {
  test("answers each call with the route objects it was given, even for a tree of the same shape made afresh", () => {
    const first = tree();
    const second = tree();
    const a = matchRoutes(first, "/returns/r-1/outputs")!;
    const b = matchRoutes(second, "/returns/r-1/outputs")!;
    expect(a.map((m) => m.route.id)).toEqual(["root", "returns", "returns.outputs"]);
    expect(b[0].route).toBe(second[0]);
    expect(b[1].route).toBe(second[0].children![5]);
    expect(b[2].route).toBe(second[0].children![5].children![1]);
    expect(a[2].route).toBe(first[0].children![5].children![1]);
    expect(b[2].params).toEqual({ returnId: "r-1" });
  });

  test("ranks static segments over dynamic ones and dynamic over splats, as unpatched", () => {
    const routes = tree();
    expect(ids(routes, "/profiles/pack")).toEqual(["root", "profiles.pack"]);
    expect(ids(routes, "/profiles/district-chorley")).toEqual(["root", "profile"]);
    expect(ids(routes, "/profiles/district-chorley/profile.pdf")).toEqual(["root", "profile.pdf"]);
    expect(ids(routes, "/")).toEqual(["root", "home"]);
    expect(ids(routes, "/nowhere/at/all")).toEqual(["root", "splat"]);
    expect(matchRoutes(routes, "/nowhere")![1].params).toEqual({ "*": "nowhere" });
  });

  test("a path asked for again is matched afresh from its kept branch: its own params, never the last call's", () => {
    const routes = tree();
    const first = matchRoutes(routes, "/returns/r-1/outputs")!;
    const again = matchRoutes(tree(), "/returns/r-1/outputs")!;
    expect(again[2].params).toEqual({ returnId: "r-1" });
    expect(again[2].params).not.toBe(first[2].params);
    expect(matchRoutes(routes, "/returns/r-2/outputs")![2].params).toEqual({ returnId: "r-2" });
    expect(matchRoutes(routes, "/returns/r-2/outputs/")![2].pathname).toBe("/returns/r-2/outputs/");
    expect(ids(routes, "/returns")).toEqual(["root", "splat"]);
    expect(ids(routes, "/returns")).toEqual(["root", "splat"]);
  });

  test("a tree of another shape gets its own branches", () => {
    expect(ids(tree(), "/extra")).toEqual(["root", "splat"]);
    const routes = tree([{ id: "extra", path: "extra" }]);
    expect(ids(routes, "/extra")).toEqual(["root", "extra"]);
    expect(ids(tree(), "/extra")).toEqual(["root", "splat"]);
    // Same paths, but one now case-sensitive: a different shape.
    const strict = tree([{ id: "extra", path: "Extra", caseSensitive: true }]);
    expect(ids(strict, "/extra")).toEqual(["root", "splat"]);
    expect(ids(tree([{ id: "extra", path: "Extra" }]), "/extra")).toEqual(["root", "extra"]);
  });

  test("a route tree's objects changed in place are seen on the next call", () => {
    const routes = tree();
    expect(ids(routes, "/returns/r-1")).toEqual(["root", "returns", "returns.index"]);
    routes[0].children![5].children![0] = { id: "returns.summary", index: true };
    expect(ids(routes, "/returns/r-1")).toEqual(["root", "returns", "returns.summary"]);
    routes[0].children![5].children!.push({ id: "returns.spend", path: "spend" });
    expect(ids(routes, "/returns/r-1/spend")).toEqual(["root", "returns", "returns.spend"]);
  });

  test("a route's own path, index or case flag changed in place, each alone, is seen on the next call", () => {
    const routes = tree();
    const profiles = routes[0].children![1];
    expect(ids(routes, "/profiles")).toEqual(["root", "profiles"]);
    profiles.path = "Districts";
    expect(ids(routes, "/profiles")).toEqual(["root", "splat"]);
    expect(ids(routes, "/districts")).toEqual(["root", "profiles"]);
    profiles.caseSensitive = true;
    expect(ids(routes, "/districts")).toEqual(["root", "splat"]);
    expect(ids(routes, "/Districts")).toEqual(["root", "profiles"]);
    const home = routes[0].children![0] as { index?: boolean };
    expect(ids(routes, "/")).toEqual(["root", "home"]);
    home.index = false;
    expect(ids(routes, "/")).not.toEqual(["root", "home"]);
    expect(ids(routes, "/")).toEqual(published(routes, "/"));
  });

  test("a route's children replaced, or a route shared by two trees and changed, are seen on the next call", () => {
    const routes = tree();
    const returns = routes[0].children![5];
    expect(ids(routes, "/returns/r-1/outputs")).toEqual(["root", "returns", "returns.outputs"]);
    returns.children = [{ id: "returns.spend", path: "spend" }];
    expect(ids(routes, "/returns/r-1/outputs")).toEqual(["root", "splat"]);
    expect(ids(routes, "/returns/r-1/spend")).toEqual(["root", "returns", "returns.spend"]);

    const other: AgnosticRouteObject[] = [{ id: "root", path: "", children: [returns, { id: "splat", path: "*" }] }];
    expect(ids(other, "/returns/r-1/spend")).toEqual(["root", "returns", "returns.spend"]);
    returns.path = "reports/:returnId";
    expect(ids(other, "/returns/r-1/spend")).toEqual(["root", "splat"]);
    expect(ids(routes, "/returns/r-1/spend")).toEqual(["root", "splat"]);
    expect(ids(routes, "/reports/r-1/spend")).toEqual(["root", "returns", "returns.spend"]);
  });
});

test("the patched router is the one the server loads", async () => {
  const { createRequire } = await import("node:module");
  const file = createRequire(import.meta.url).resolve("@remix-run/router");
  const fs = await import("node:fs");
  const source = fs.readFileSync(file, "utf8");
  expect(source).toContain("rankedBranchesByShape");
  expect(source).toContain("rankedBranchesByTree");
});
