// A profile's digest: the part of a district's quarter that the county view, the comparison
// with the county and the trend read (ProfileDigest). Pure.
import type { DistrictProfile, ProfileDigest } from "~/profiles/types";

export function digestOf(profile: DistrictProfile): ProfileDigest {
  const quarterAchievementPercents: ProfileDigest["quarterAchievementPercents"] = { output: [], outcome: [] };
  for (const project of profile.projects) {
    for (const indicator of project.indicators) {
      if (indicator.quarterAchievementPercent !== null) quarterAchievementPercents[indicator.kind].push(indicator.quarterAchievementPercent);
    }
  }
  return {
    councilName: profile.councilName,
    programmeName: profile.programmeName,
    district: profile.district,
    quarter: profile.quarter,
    headline: profile.headline,
    spendByQuarter: profile.spendByQuarter,
    quarterAchievementPercents,
  };
}
