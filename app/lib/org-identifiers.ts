// Organisation identifiers as councils and funders publish them (org-id.guide, as
// 360Giving uses): charity and company numbers, and the prefixed org-id.

/** Charity Commission for England and Wales numbers: 6 or 7 digits, optionally "-N". */
const ENGLAND_WALES_CHARITY = /^[1-9]\d{5,6}(-\d{1,2})?$/;
/** Scottish charities: SC + 6 digits. Northern Ireland: NIC + 6 digits (written 1xxxxx). */
const SCOTTISH_CHARITY = /^SC\d{6}$/;
const NI_CHARITY = /^NIC1\d{5}$/;
/** Companies House: 8 characters, digits or a two-letter prefix (SC, NI, OC, …) and 6 digits. */
const COMPANY = /^(\d{8}|[A-Z]{2}\d{6})$/;

export function normaliseCharityNumber(input: string): string {
  return input.trim().toUpperCase().replace(/\s+/g, "");
}

export function isCharityNumber(input: string): boolean {
  const value = normaliseCharityNumber(input);
  return ENGLAND_WALES_CHARITY.test(value) || SCOTTISH_CHARITY.test(value) || NI_CHARITY.test(value);
}

/** Companies House numbers lose their leading zeros in spreadsheets: "1234567" → "01234567". */
export function normaliseCompanyNumber(input: string): string {
  const value = input.trim().toUpperCase().replace(/\s+/g, "");
  return /^\d{1,7}$/.test(value) ? value.padStart(8, "0") : value;
}

export function isCompanyNumber(input: string): boolean {
  return COMPANY.test(normaliseCompanyNumber(input));
}

/**
 * An org-id: an upper-case list prefix (country code, hyphen, register code, e.g. GB-CHC,
 * GB-COH, GB-LAE, XI-…) then a hyphen and the identifier on that list.
 */
const ORG_ID = /^([A-Z]{2})-([A-Z0-9]{2,8})-([A-Za-z0-9][A-Za-z0-9.\-/]*)$/;

export type OrgIdCheck = { ok: true; value: string } | { ok: false; reason: string };

export function checkOrgIdentifier(input: string): OrgIdCheck {
  const value = input.trim();
  const match = ORG_ID.exec(value);
  if (!match) {
    return { ok: false, reason: "Enter an organisation identifier like GB-CHC-1234567 or GB-COH-01234567" };
  }
  const [, , register, id] = match;
  const list = `${match[1]}-${register}`;
  if (list === "GB-CHC" && !ENGLAND_WALES_CHARITY.test(id)) {
    return { ok: false, reason: "A GB-CHC identifier needs a charity number of 6 or 7 digits, like GB-CHC-1234567" };
  }
  if (list === "GB-SC" && !SCOTTISH_CHARITY.test(id)) {
    return { ok: false, reason: "A GB-SC identifier needs a Scottish charity number, like GB-SC-SC012345" };
  }
  if (list === "GB-COH" && !COMPANY.test(id)) {
    return { ok: false, reason: "A GB-COH identifier needs an 8-character company number, like GB-COH-01234567" };
  }
  return { ok: true, value };
}

/** The org-id to use when none was given: from the charity number first, else the company. */
export function deriveOrgIdentifier(charityNumber: string | null, companyNumber: string | null): string | null {
  if (charityNumber && ENGLAND_WALES_CHARITY.test(charityNumber)) return `GB-CHC-${charityNumber}`;
  if (charityNumber && SCOTTISH_CHARITY.test(charityNumber)) return `GB-SC-${charityNumber}`;
  if (companyNumber && COMPANY.test(companyNumber)) return `GB-COH-${companyNumber}`;
  return null;
}

/** A UK postcode in its written form, e.g. "PR1 8XJ". */
const POSTCODE = /^([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})$/;

export function normalisePostcode(input: string): string | null {
  const match = POSTCODE.exec(input.trim().toUpperCase().replace(/\s+/g, " "));
  return match ? `${match[1]} ${match[2]}` : null;
}
