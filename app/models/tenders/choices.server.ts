// What the tender form offers an officer, and the one rule about districts it cannot show:
// an officer adds only districts they cover and keeps another officer's.
import type { Executor } from "../../../db/client";
import { TENDER_MESSAGES } from "~/schemas/tenders";
import { officerCoversDistrict, type Actor } from "~/policies/actor";

/** Lancashire's four criteria, the default set for a new tender. Weights add up to 100. */
export const DEFAULT_CRITERIA = [
  { name: "Quality of service", weight_percent: 40, max_score: 5, guidance: "How well the service is designed and will be delivered: approach, staffing, safeguarding, partnership working and reach into the district's families." },
  { name: "Outputs", weight_percent: 20, max_score: 5, guidance: "What the project will deliver and to how many: sessions, families supported, young people reached, with realistic quarterly targets." },
  { name: "Outcomes", weight_percent: 20, max_score: 5, guidance: "The difference the project will make for children and families, and how it will be measured and evidenced." },
  { name: "Value for money", weight_percent: 20, max_score: 5, guidance: "Cost per family and per outcome, a budget that adds up, and match funding or added social value." },
] as const;

export interface TenderFormChoices {
  districts: { id: string; name: string; covered: boolean }[];
  fundingStreams: { id: string; name: string }[];
  themes: { id: string; name: string }[];
}

/**
 * Districts the officer covers (every one when county-wide), active streams and themes,
 * plus whatever the tender already has so an edit never silently drops it.
 */
export async function tenderFormChoices(
  db: Executor,
  actor: Actor,
  current: { districtIds: string[]; themeIds: string[]; fundingStreamId: string | null } = { districtIds: [], themeIds: [], fundingStreamId: null },
): Promise<TenderFormChoices> {
  const [districts, streams, themes] = await Promise.all([
    db.selectFrom("districts").select(["id", "name"]).orderBy("name").orderBy("id").execute(),
    db.selectFrom("funding_streams").select(["id", "name", "is_active"]).orderBy("name").orderBy("id").execute(),
    db.selectFrom("themes").select(["id", "name", "is_active"]).orderBy("name").orderBy("id").execute(),
  ]);
  const covers = (id: string) => officerCoversDistrict(actor, id);
  return {
    districts: districts
      .filter((d) => covers(d.id) || current.districtIds.includes(d.id))
      .map((d) => ({ id: d.id, name: d.name, covered: covers(d.id) })),
    fundingStreams: streams.filter((s) => s.is_active === 1 || s.id === current.fundingStreamId).map((s) => ({ id: s.id, name: s.name })),
    themes: themes.filter((t) => t.is_active === 1 || current.themeIds.includes(t.id)).map((t) => ({ id: t.id, name: t.name })),
  };
}

/**
 * An officer may add only districts they cover, and may not take away a district they do
 * not cover (another officer's). Returns the message for the districts field, if any.
 */
export function districtScopeError(
  actor: Actor,
  chosen: readonly string[],
  current: readonly { id: string; name: string }[],
): string | null {
  const covers = (id: string) => officerCoversDistrict(actor, id);
  const currentIds = current.map((d) => d.id);
  if (chosen.some((id) => !covers(id) && !currentIds.includes(id))) return TENDER_MESSAGES.districtsNotCovered;
  const dropped = current.find((d) => !covers(d.id) && !chosen.includes(d.id));
  if (dropped) return `You cannot remove ${dropped.name}: only an officer who covers it can`;
  return null;
}

