// The official schemas in tests/standards (copied from ../shared/standards, SOURCES.md there),
// compiled with the JSON Schema draft each declares.
import fs from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import AjvDraft04 from "ajv-draft-04";
import addFormats from "ajv-formats";

const STANDARDS = path.resolve(import.meta.dirname, "../standards");
// The files name draft 2020-12 by its http:// address; Ajv knows it by its https:// one.
export const schema = (name: string) => ({
  ...JSON.parse(fs.readFileSync(path.join(STANDARDS, name), "utf8")),
  $schema: "https://json-schema.org/draft/2020-12/schema",
});

export function threeSixtyGivingValidator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // The package schema still points at the 1.4.2 grant schema's address: give it the 1.4.3 file (SOURCES.md).
  ajv.addSchema({ ...schema("360giving-schema.json"), $id: "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json" });
  return ajv.compile(schema("360giving-package-schema.json"));
}

export function ocdsValidator() {
  const read = (name: string) => JSON.parse(fs.readFileSync(path.join(STANDARDS, name), "utf8"));
  const ajv = new AjvDraft04({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(read("ocds-1.1.5-release-schema.json"));
  return ajv.compile(read("ocds-1.1.5-release-package-schema.json"));
}

