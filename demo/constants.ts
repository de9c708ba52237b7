// The demo's fixed facts (accounts, districts, the year), which every part of the demo
// data and the tests build on. No seeding here, so any part can import it.
import type { Role } from "../db/schema";

export const DEMO_PASSWORD = "demo-password";
/**
 * Administrators sign in with a code as well (two-step verification): the demo
 * administrator's authenticator key, to add to an app by hand. Demo data only.
 */
export const DEMO_ADMIN_TOTP_SECRET = "DEMOADMINTWOSTEPVERIFICATIONKEYS";
/** The demo's current financial year (2026-27) and the one before it. */
export const DEMO_YEAR = 2026;

export const DEMO_ACCOUNTS: { email: string; name: string; roles: Role[]; what: string }[] = [
  { email: "admin@demo.example", name: "Alex Admin", roles: ["admin"], what: "administrator: users, organisations, districts, funding, settings" },
  { email: "officer@demo.example", name: "Olivia Officer", roles: ["officer"], what: "commissioning officer, county-wide" },
  { email: "chorley.officer@demo.example", name: "Chris Chorley", roles: ["officer"], what: "commissioning officer, Chorley only" },
  { email: "panel@demo.example", name: "Priya Panel", roles: ["panel"], what: "panel member (health)" },
  { email: "provider@demo.example", name: "Pat Provider", roles: ["provider"], what: "provider: Red Rose Family Support" },
  { email: "viewer@demo.example", name: "Vic Viewer", roles: ["viewer"], what: "partnership board member" },
];

export const DEMO_DISTRICTS = [
  ["burnley", "Burnley", "E07000117"],
  ["chorley", "Chorley", "E07000118"],
  ["fylde", "Fylde", "E07000119"],
  ["hyndburn", "Hyndburn", "E07000120"],
  ["lancaster", "Lancaster", "E07000121"],
  ["pendle", "Pendle", "E07000122"],
  ["preston", "Preston", "E07000123"],
  ["ribble-valley", "Ribble Valley", "E07000124"],
  ["rossendale", "Rossendale", "E07000125"],
  ["south-ribble", "South Ribble", "E07000126"],
  ["west-lancashire", "West Lancashire", "E07000127"],
  ["wyre", "Wyre", "E07000128"],
] as const;
