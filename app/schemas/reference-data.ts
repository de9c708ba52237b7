// What an administrator may type for the reference data: districts, funding streams,
// allocations, themes and context indicators. Shared by the routes (to validate) and the tests (for the messages).
// The schemas are in reference-data.server.ts; this module holds what pages may import too (no zod here,
// which would reach the browser).

/**
 * ONS (GSS) code of a local authority district in England: E06 unitary, E07 non-metropolitan
 * district, E08 metropolitan borough, E09 London borough, then six digits — nine characters
 * in all, like E07000118 for Chorley.
 */
export const ONS_DISTRICT_CODE = /^E0[6-9]\d{6}$/;

export const MESSAGES = {
  districtName: "Enter the district's name",
  districtNameLong: "District name must be 100 characters or fewer",
  onsCode: "Enter the ONS code of the district",
  onsCodeFormat: "Enter an ONS code in the right format: E06, E07, E08 or E09 followed by 6 digits, like E07000118",
  partnership: "Enter the name of the district's partnership",
  partnershipLong: "Partnership name must be 200 characters or fewer",
  streamName: "Enter the funding stream's name",
  streamNameLong: "Funding stream name must be 100 characters or fewer",
  streamActive: "Select whether the funding stream is active",
  themeName: "Enter the theme's name",
  themeNameLong: "Theme name must be 100 characters or fewer",
  themeActive: "Select whether projects can choose this theme",
  descriptionLong: "Description must be 1,000 characters or fewer",
  duplicateDistrictName: "There is already a district with this name",
  duplicateOnsCode: "Another district already has this ONS code",
  duplicateStreamName: "There is already a funding stream with this name",
  duplicateThemeName: "There is already a theme with this name",
} as const;

/**
 * The most one district may be allocated from one stream in a year: £20 million. Well above
 * any real allocation, and below what a PostgreSQL integer column holds, so a slip of the
 * finger is caught here rather than failing in the database.
 */
export const MAX_ALLOCATION_PENCE = 2_000_000_000;

export const allocationTooLargeMessage = (districtName: string): string =>
  `The allocation for ${districtName} must be £20,000,000 or less`;

/** "Enter the allocation for Chorley in pounds, like 80000 or 80,000.00" */
export const allocationAmountMessage = (districtName: string): string =>
  `Enter the allocation for ${districtName} in pounds, like 80000 or 80,000.00, or leave it blank`;

export const CONTEXT_INDICATOR_MESSAGES = {
  code: "Enter a code",
  codeFormat: "Code must be lowercase letters, digits and single hyphens, starting with a letter, like school-exclusions",
  codeLong: "Code must be 40 characters or fewer",
  duplicateCode: "There is already an indicator with this code",
  name: "Enter the indicator's name",
  nameLong: "Name must be 120 characters or fewer",
  duplicateName: "There is already an indicator with this name",
  descriptionLong: "Description must be 1,000 characters or fewer",
  active: "Select whether officers enter this indicator",
  version: "Reload the page and try again",
} as const;

export const C = CONTEXT_INDICATOR_MESSAGES;

/** The name of the money field for one district in the allocations form. */
export const allocationField = (districtId: string): string => `amount_${districtId}`;
