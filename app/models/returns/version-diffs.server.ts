// What changed between two versions a provider submitted, field by field (section, field,
// before, after). Worked out from whatever the snapshots hold, so this side and the filing
// side (snapshot.server.ts) need agree on no more than "a JSON object per section".
import { RETURN_SECTIONS, type BudgetCategory } from "../../../db/schema";
import { formatPence } from "~/lib/money";
import { BUDGET_CATEGORY_LABELS } from "~/lib/budget";
import { formatBytes } from "~/models/files.server";
import { SECTION_LABELS } from "~/schemas/return-review";

export interface DiffRow {
  section: string;
  field: string;
  before: string;
  after: string;
}

interface FlatEntry {
  key: string;
  section: string;
  field: string;
  value: string;
}

const SECTION_NAMES: Record<string, string> = {
  ...SECTION_LABELS,
  caseStudies: "Case studies",
  indicators: "Figures",
  figures: "Figures",
};

/** Properties of a snapshot that say nothing to a reader: which format, checksums, types. */
const HIDDEN_KEYS = new Set(["format", "sha256", "content_type", "contentType"]);

/** Containers whose name adds nothing: "Beneficiaries: 5-10: New count", not "…: Bands: 5-10: …". */
const TRANSPARENT_KEYS = new Set(["bands", "items", "rows", "lines"]);

/** Properties that name an item in a list, in the order they are tried. */
const ITEM_NAME_KEYS = ["name", "indicatorName", "indicator_name", "title", "label", "category", "ageBand", "age_band", "band", "filename", "quarter"];

const isIdKey = (key: string): boolean => key === "id" || /(_id|Id)$/.test(key);
const isSkipped = (key: string): boolean => isIdKey(key) || HIDDEN_KEYS.has(key);

/** "nextSteps", "next_steps" → "Next steps"; "amountPence" → "Amount". */
export function humanise(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase()
    .replace(/\s+(pence|bytes)$/, "")
    .replace(/^pence$/, "amount");
  return words ? words[0].toUpperCase() + words.slice(1) : key;
}

function formatLeaf(key: string, value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (typeof value === "number") {
    if (/pence$/i.test(key) && Number.isInteger(value)) return formatPence(value);
    if (/bytes$/i.test(key) && Number.isInteger(value)) return formatBytes(value);
    return value.toLocaleString("en-GB", { maximumFractionDigits: 4 });
  }
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

function itemName(item: Record<string, unknown>, index: number): { name: string; key: string | null } {
  for (const key of ITEM_NAME_KEYS) {
    const v = item[key];
    if (typeof v === "string" && v.trim()) {
      const name = key === "category" ? BUDGET_CATEGORY_LABELS[v as BudgetCategory] ?? humanise(v) : v;
      return { name, key };
    }
  }
  return { name: `Item ${index + 1}`, key: null };
}

/** An item's identity across versions: its id when it has one, else its name, else its place. */
function itemIdentity(item: Record<string, unknown>, index: number): string {
  for (const key of ["id", "indicatorId", "indicator_id", "caseStudyId", "case_study_id", "fileId", "file_id", ...ITEM_NAME_KEYS]) {
    const v = item[key];
    if ((typeof v === "string" && v) || typeof v === "number") return `${key}=${v}`;
  }
  return `#${index}`;
}

/** A list of things that are only names (themes: [{ id, name }]) reads as the names. */
function asNameList(value: unknown[]): string[] | null {
  const names: string[] = [];
  for (const [index, item] of value.entries()) {
    if (!isPlainObject(item)) return null;
    const { name, key } = itemName(item, index);
    if (!key || Object.keys(item).some((k) => k !== key && !isSkipped(k))) return null;
    names.push(name);
  }
  return names;
}

function flattenInto(out: FlatEntry[], section: string, keyPath: string, labelPath: string[], value: unknown, leafKey: string): void {
  const field = () => labelPath.join(": ") || section;
  if (Array.isArray(value)) {
    if (value.every((v) => !isPlainObject(v) && !Array.isArray(v))) {
      out.push({ key: keyPath, section, field: field(), value: value.map((v) => formatLeaf(leafKey, v)).join(", ") });
      return;
    }
    const names = asNameList(value);
    if (names) {
      out.push({ key: keyPath, section, field: field(), value: names.join(", ") });
      return;
    }
    value.forEach((item, index) => {
      if (!isPlainObject(item)) {
        flattenInto(out, section, `${keyPath}[#${index}]`, [...labelPath, `Item ${index + 1}`], item, leafKey);
        return;
      }
      const { name, key: nameKey } = itemName(item, index);
      const itemKey = `${keyPath}[${itemIdentity(item, index)}]`;
      for (const [k, v] of Object.entries(item)) {
        if (k === nameKey || isSkipped(k)) continue;
        flattenInto(out, section, `${itemKey}.${k}`, [...labelPath, name, humanise(k)], v, k);
      }
    });
    return;
  }
  if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (isSkipped(k)) continue;
      flattenInto(out, section, `${keyPath}.${k}`, TRANSPARENT_KEYS.has(k) ? labelPath : [...labelPath, humanise(k)], v, k);
    }
    return;
  }
  out.push({ key: keyPath, section, field: field(), value: formatLeaf(leafKey, value) });
}

/**
 * A snapshot as a flat list of (section, field, value): the top-level keys are the
 * sections; lists of items are named by each item's name, title or category.
 */
export function flattenContent(content: unknown): FlatEntry[] {
  const out: FlatEntry[] = [];
  if (!isPlainObject(content)) return out;
  for (const [key, value] of Object.entries(content)) {
    if (isSkipped(key)) continue;
    if (isPlainObject(value) || Array.isArray(value)) {
      flattenInto(out, SECTION_NAMES[key] ?? humanise(key), key, [], value, key);
    } else {
      out.push({ key, section: "Return", field: humanise(key), value: formatLeaf(key, value) });
    }
  }
  return out;
}

/** Sections in the order of the return: the return's own details, then its sections, then anything else. */
const SECTION_ORDER = ["Return", ...RETURN_SECTIONS.map((s) => SECTION_LABELS[s])];

/**
 * Field by field, what changed from one snapshot to another: section by section in the
 * order of the return, each in the order of the later snapshot, then what was removed.
 */
export function diffContents(before: unknown, after: unknown): DiffRow[] {
  const a = flattenContent(before);
  const b = flattenContent(after);
  const beforeByKey = new Map(a.map((e) => [e.key, e]));
  const afterByKey = new Map(b.map((e) => [e.key, e]));
  const rows: DiffRow[] = [];
  for (const e of b) {
    const old = beforeByKey.get(e.key);
    if ((old?.value ?? "") !== e.value) rows.push({ section: e.section, field: e.field, before: old?.value ?? "", after: e.value });
  }
  for (const e of a) {
    if (!afterByKey.has(e.key) && e.value !== "") rows.push({ section: e.section, field: e.field, before: e.value, after: "" });
  }
  // Keep each section's rows together: known sections in the return's order, others after.
  const order = [...SECTION_ORDER, ...new Set(rows.map((r) => r.section).filter((x) => !SECTION_ORDER.includes(x)))];
  return rows.map((r, i) => ({ r, i })).sort((x, y) => order.indexOf(x.r.section) - order.indexOf(y.r.section) || x.i - y.i).map((x) => x.r);
}
