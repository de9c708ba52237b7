// The population early help is for: the standard context indicator of children and young
// people aged 0 to 19 (migration 2026_12_08_130000), and the age bands of the people reached
// that it is compared with.
import type { AgeBand } from "../../../db/schema";

export const POPULATION_INDICATOR_ID = "context-population-0-19";

/** The age bands providers report that fall within 0 to 19. */
export const CHILD_AGE_BANDS: readonly AgeBand[] = ["0-4", "5-10", "11-15", "16-19"];
