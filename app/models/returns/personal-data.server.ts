// The anonymisation check on case studies. A case study is shared with the partnership
// board and may appear in a published profile, so it must not identify anyone. Before a
// story is saved, this finds what looks like personal data and says exactly what and where,
// so the provider can take it out (or, for a false positive, say why it stays).
//
// A pure function of the text: no database, no network, the same answer every time. It is a
// safety net, not a guarantee: it finds the patterns that are easy to miss when writing in
// a hurry (an e-mail address, a phone number, a postcode, a date of birth, an NHS or
// National Insurance number, "Mrs Smith"), not every way a person can be identified.

export const PERSONAL_DATA_KINDS = ["email", "phone", "postcode", "date", "nhs_number", "ni_number", "name"] as const;
export type PersonalDataKind = (typeof PERSONAL_DATA_KINDS)[number];

/** How each kind is named in a sentence: "We found an e-mail address …". */
export const PERSONAL_DATA_LABELS: Record<PersonalDataKind, string> = {
  email: "an e-mail address",
  phone: "a phone number",
  postcode: "a full postcode",
  date: "a date that could be a date of birth",
  nhs_number: "an NHS number",
  ni_number: "a National Insurance number",
  name: "a title and surname",
};

export interface PersonalDataMatch {
  kind: PersonalDataKind;
  /** The text exactly as it appears. */
  text: string;
  /** Where it starts in the text (UTF-16 code units, as String.prototype.indexOf counts). */
  index: number;
}

// ---------------------------------------------------------------------------------------
// E-mail addresses.

const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])/g;

function findEmails(text: string): PersonalDataMatch[] {
  return [...text.matchAll(EMAIL)].map((m) => ({ kind: "email" as const, text: m[0], index: m.index }));
}

// ---------------------------------------------------------------------------------------
// UK phone numbers: landlines (01, 02, 03), mobiles (07), 08 and 09 numbers; written
// nationally (0…) or internationally (+44 / 0044, with or without "(0)"); spaces, hyphens
// and brackets around the area code allowed. The digits decide: 10 or 11 of them
// nationally, starting 0 and then a digit that UK numbers start with.

const PHONE_NATIONAL = /(?<![\d+])(?:\(0\d{2,4}\)|0\d{2,4})[\s-]?\d{3,4}[\s-]?\d{3,4}(?![\d])/g;
const PHONE_INTERNATIONAL = /(?<![\d+])(?:\+44|0044)[\s-]?(?:\(0\)[\s-]?)?\(?\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)/g;

function isUkPhoneDigits(national: string): boolean {
  if (!/^0[1235789]\d+$/.test(national)) return false;
  if (national.length === 11) return true;
  // A few small-exchange landlines have ten digits in all, always 01….
  return national.length === 10 && national[1] === "1";
}

function findPhones(text: string): PersonalDataMatch[] {
  const found: PersonalDataMatch[] = [];
  for (const m of text.matchAll(PHONE_NATIONAL)) {
    if (isUkPhoneDigits(m[0].replace(/\D/g, ""))) found.push({ kind: "phone", text: m[0], index: m.index });
  }
  for (const m of text.matchAll(PHONE_INTERNATIONAL)) {
    const digits = m[0].replace(/\D/g, "").replace(/^(00)?44/, "").replace(/^0/, ""); // "+44 (0)1772 …"
    if (isUkPhoneDigits(`0${digits}`)) found.push({ kind: "phone", text: m[0], index: m.index });
  }
  return found;
}

// ---------------------------------------------------------------------------------------
// Full UK postcodes: the outward code (area and district, like PR1 or SW1A) and the inward
// code (sector and unit, like 8XJ). A district on its own ("PR1") says too little to find
// anyone, so only a full postcode counts. Letters follow Royal Mail's rules; "5th" or "1am"
// after a road name or a time is not an inward code.

const POSTCODE = new RegExp(
  "(?<![A-Za-z0-9])" +
    "((?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]))" +
    " ?" +
    "([0-9][ABD-HJLNP-UW-Z]{2})" +
    "(?![A-Za-z0-9])",
  "gi",
);

function findPostcodes(text: string): PersonalDataMatch[] {
  const found: PersonalDataMatch[] = [];
  for (const m of text.matchAll(POSTCODE)) {
    // Ordinals and clock times look like inward codes in lower case: "M6 5th", "B2 1am".
    if (/^\d(st|nd|rd|th|am|pm)$/i.test(m[2]) && m[2] !== m[2].toUpperCase()) continue;
    found.push({ kind: "postcode", text: m[0], index: m.index });
  }
  return found;
}

// ---------------------------------------------------------------------------------------
// Full dates (day, month and year): any of them could be someone's date of birth, so every
// one is flagged. "March 2015", "12 March" and "2015-16" are not full dates.

const MONTHS: Record<string, number> = {
  january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
  jan: 1, feb: 2, mar: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};
const MONTH_NAMES = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec";

/** 12/03/2015, 12-3-15, 12.03.2015 (the same separator twice; two-digit years only with / or -). */
const DATE_NUMERIC = /(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/-]|\.\d)/g;
/** 2015-03-12 and 2015/03/12. */
const DATE_ISO = /(?<![\d/.-])(\d{4})([/-])(\d{1,2})\2(\d{1,2})(?![\d/-]|\.\d)/g;
/** 12 March 2015, 12th of March 2015, 1 Sept. 2015, 12 March, 2015. */
const DATE_DAY_MONTH = new RegExp(
  `(?<![\\w])(\\d{1,2})(?:st|nd|rd|th)?(?:\\s+of)?\\s+(${MONTH_NAMES})\\.?,?\\s+(\\d{4})(?![\\w-])`,
  "gi",
);
/** March 12, 2015 and March 12th 2015. */
const DATE_MONTH_DAY = new RegExp(`(?<![\\w])(${MONTH_NAMES})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?![\\w])`, "gi");

function isRealDate(day: number, month: number, year: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

function fullYear(text: string): number {
  return text.length === 2 ? 2000 + Number(text) : Number(text);
}

function findDates(text: string): PersonalDataMatch[] {
  const found: PersonalDataMatch[] = [];
  for (const m of text.matchAll(DATE_NUMERIC)) {
    if (m[2] === "." && m[4].length === 2) continue; // 3.5.10 is more likely a version than a date
    if (isRealDate(Number(m[1]), Number(m[3]), fullYear(m[4]))) found.push({ kind: "date", text: m[0], index: m.index });
  }
  for (const m of text.matchAll(DATE_ISO)) {
    if (isRealDate(Number(m[4]), Number(m[3]), Number(m[1]))) found.push({ kind: "date", text: m[0], index: m.index });
  }
  for (const m of text.matchAll(DATE_DAY_MONTH)) {
    if (isRealDate(Number(m[1]), MONTHS[m[2].toLowerCase()], Number(m[3]))) found.push({ kind: "date", text: m[0], index: m.index });
  }
  for (const m of text.matchAll(DATE_MONTH_DAY)) {
    if (isRealDate(Number(m[2]), MONTHS[m[1].toLowerCase()], Number(m[3]))) found.push({ kind: "date", text: m[0], index: m.index });
  }
  return found;
}

// ---------------------------------------------------------------------------------------
// NHS numbers: ten digits, together or spaced 3-3-4, whose last digit is the modulus 11
// check digit of the first nine. Ten digits that fail the check are not an NHS number.

const NHS = /(?<![\d+])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\d])/g;

export function isValidNhsNumber(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i += 1) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

function findNhsNumbers(text: string): PersonalDataMatch[] {
  const found: PersonalDataMatch[] = [];
  for (const m of text.matchAll(NHS)) {
    if (isValidNhsNumber(`${m[1]}${m[3]}${m[4]}`)) found.push({ kind: "nhs_number", text: m[0], index: m.index });
  }
  return found;
}

// ---------------------------------------------------------------------------------------
// National Insurance numbers: two letters, six digits, a final letter A to D, spaced or
// not (AB 12 34 56 C, AB123456C). HMRC never issues D, F, I, Q, U or V as the first
// letter, nor D, F, I, O, Q, U or V as the second, nor the prefixes BG, GB, KN, NK, NT, TN
// and ZZ.

const NI = /(?<![A-Za-z0-9])([A-Za-z]{2}) ?(\d{2}) ?(\d{2}) ?(\d{2}) ?([A-Da-d])(?![A-Za-z0-9])/g;
const NI_BAD_PREFIXES = new Set(["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"]);

export function isValidNiPrefix(prefix: string): boolean {
  const p = prefix.toUpperCase();
  if (!/^[A-Z]{2}$/.test(p)) return false;
  if ("DFIQUV".includes(p[0])) return false;
  if ("DFIOQUV".includes(p[1])) return false;
  return !NI_BAD_PREFIXES.has(p);
}

function findNiNumbers(text: string): PersonalDataMatch[] {
  const found: PersonalDataMatch[] = [];
  for (const m of text.matchAll(NI)) {
    if (isValidNiPrefix(m[1])) found.push({ kind: "ni_number", text: m[0], index: m.index });
  }
  return found;
}

// ---------------------------------------------------------------------------------------
// A title and a capitalised surname: "Mrs Smith", "Mr. Jones", "Ms O'Neill", "Dr Patel",
// "Miss Brown", "Mx Taylor", "Mrs McDonald", "Mr Smith-Jones". A title that ends a sentence
// ("… she said to the Mrs. Then we …") is followed by an ordinary word, not a surname.

const TITLE = /(?<![A-Za-z])(?:Mrs|Miss|Mr|Ms|Mx|Dr)(?![A-Za-z])/g;
/**
 * What follows a title, read from where the title ends: an optional full stop, a space, a
 * surname (which may be followed by a possessive "'s", left out of the finding).
 */
const AFTER_TITLE = /(\.?)([ \t]+|[ \t]*\n[ \t]*)([A-Z][A-Za-z]*(?:['’][A-Z][A-Za-z]*)?(?:-[A-Z][A-Za-z]*)*)(?=['’]s(?![A-Za-z])|[^A-Za-z'’-]|$)/y;

/** Capitalised words that start sentences rather than name people. */
const NOT_SURNAMES = new Set([
  "A", "An", "And", "As", "At", "But", "By", "For", "From", "He", "Her", "Hers", "His", "How", "I", "If", "In", "It", "Its",
  "Me", "My", "No", "Not", "Of", "On", "Or", "Our", "She", "So", "That", "The", "Their", "Them", "Then", "There", "These",
  "They", "This", "Those", "To", "Us", "We", "What", "When", "Where", "Which", "While", "Who", "Why", "With", "Yes", "You", "Your",
  "After", "Before", "Also", "Later", "Now", "Since", "Today", "Yesterday", "Tomorrow", "Although", "Because", "Once",
  "Mr", "Mrs", "Ms", "Miss", "Mx", "Dr",
]);

function findTitledNames(text: string): PersonalDataMatch[] {
  const found: PersonalDataMatch[] = [];
  for (const title of text.matchAll(TITLE)) {
    // Read on from each title separately, so "the Mrs. Mr Smith" still finds "Mr Smith".
    AFTER_TITLE.lastIndex = title.index + title[0].length;
    const m = AFTER_TITLE.exec(text);
    if (!m) continue;
    const [, stop, gap, surname] = m;
    // A surname has lower-case letters: "Dr NHS" or "Mr A" is not one.
    if (!/[a-z]/.test(surname)) continue;
    if (NOT_SURNAMES.has(surname)) continue;
    // A full stop and then a new line is a sentence ending.
    if (stop === "." && gap.includes("\n")) continue;
    found.push({ kind: "name", text: text.slice(title.index, AFTER_TITLE.lastIndex), index: title.index });
  }
  return found;
}

// ---------------------------------------------------------------------------------------

/** When two findings overlap, the more specific one is reported. */
const PRIORITY: PersonalDataKind[] = ["email", "nhs_number", "ni_number", "phone", "postcode", "date", "name"];

/**
 * Everything in the text that looks like personal data, in the order it appears. Each
 * finding is reported once, with the exact text and where it starts.
 */
export function findPersonalData(text: string): PersonalDataMatch[] {
  if (!text) return [];
  const all = [
    ...findEmails(text), ...findNhsNumbers(text), ...findNiNumbers(text), ...findPhones(text),
    ...findPostcodes(text), ...findDates(text), ...findTitledNames(text),
  ].sort((a, b) => PRIORITY.indexOf(a.kind) - PRIORITY.indexOf(b.kind) || a.index - b.index || b.text.length - a.text.length);
  const kept: PersonalDataMatch[] = [];
  for (const match of all) {
    const end = match.index + match.text.length;
    const overlaps = kept.some((k) => match.index < k.index + k.text.length && k.index < end);
    if (!overlaps) kept.push(match);
  }
  return kept.sort((a, b) => a.index - b.index);
}

/** `an e-mail address "jo@example.com"`: one finding as the provider reads it. */
export function describePersonalData(match: PersonalDataMatch): string {
  return `${PERSONAL_DATA_LABELS[match.kind]} “${match.text}”`;
}
