// db/schema.ts as the TypeScript compiler reads it: every table in `Database` with each
// column's selected type, so a test can hold it against the migrated database. The type
// checker (not the syntax tree) does the reading, so `extends`, shared column interfaces,
// aliases and Kysely's wrappers resolve exactly as they do for the app.
import path from "node:path";
import ts from "typescript";

/** What a column holds, as far as both engines and the app's types can agree. */
export type BroadType = "string" | "number" | "binary";

export interface SchemaColumn {
  type: BroadType | `unclear: ${string}`;
  nullable: boolean;
}

export type SchemaTables = Map<string, Map<string, SchemaColumn>>;

const ROOT = path.resolve(import.meta.dirname, "../..");
export const SCHEMA_FILE = path.join(ROOT, "db/schema.ts");

function compilerOptions(): ts.CompilerOptions {
  const configFile = path.join(ROOT, "tsconfig.json");
  const { config, error } = ts.readConfigFile(configFile, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, "\n"));
  return ts.parseJsonConfigFileContent(config, ts.sys, ROOT, undefined, configFile).options;
}

let lastProgram: ts.Program | undefined;

export function readSchemaTables(file = SCHEMA_FILE, interfaceName = "Database"): SchemaTables {
  // Handing over the last program lets a second read reuse the parsed lib and kysely types.
  const program = ts.createProgram([file], compilerOptions(), undefined, lastProgram);
  lastProgram = program;
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`Cannot read ${file}`);
  const database = source.statements.find(
    (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === interfaceName,
  );
  if (!database) throw new Error(`No interface ${interfaceName} in ${file}`);

  const tables: SchemaTables = new Map();
  for (const table of checker.getDeclaredTypeOfSymbol(checker.getSymbolAtLocation(database.name)!).getProperties()) {
    const columns = new Map<string, SchemaColumn>();
    for (const column of checker.getTypeOfSymbol(table).getProperties()) {
      columns.set(column.name, describeColumn(checker, column));
    }
    tables.set(table.name, columns);
  }
  return tables;
}

function describeColumn(checker: ts.TypeChecker, column: ts.Symbol): SchemaColumn {
  // Kysely's wrappers (ColumnType, Generated, GeneratedAlways, JSONColumnType and our
  // DbDefault) are objects whose __select__ is what a query reads back.
  const declared = checker.getTypeOfSymbol(column);
  const select = declared.getProperty("__select__");
  const type = select ? checker.getTypeOfSymbol(select) : declared;
  const parts = type.isUnion() ? type.types : [type];
  const nullable = parts.some((t) => t.flags & ts.TypeFlags.Null);
  const broad = new Set(parts.filter((t) => !(t.flags & ts.TypeFlags.Null)).map((t) => broadType(checker, t)));
  const optional = (column.flags & ts.SymbolFlags.Optional) !== 0 || parts.some((t) => t.flags & ts.TypeFlags.Undefined);
  if (optional) return { type: `unclear: optional ${checker.typeToString(type)}`, nullable };
  if (broad.size !== 1) return { type: `unclear: ${checker.typeToString(type)}`, nullable };
  return { type: [...broad][0], nullable };
}

function broadType(checker: ts.TypeChecker, type: ts.Type): BroadType | `unclear: ${string}` {
  if (type.flags & ts.TypeFlags.StringLike) return "string";
  if (type.flags & ts.TypeFlags.NumberLike) return "number";
  const name = type.getSymbol()?.getName();
  if (name === "Uint8Array" || name === "Buffer") return "binary";
  return `unclear: ${checker.typeToString(type)}`;
}

/** The broad type of a column as either engine names it (SQLite's declared type, PostgreSQL's type name). */
export function broadTypeOfDatabaseColumn(dataType: string): BroadType | `unclear: ${string}` {
  const type = dataType.toLowerCase().replace(/\(.*\)$/, "").trim();
  if (["text", "varchar", "character varying", "char", "character", "bpchar"].includes(type)) return "string";
  if (["integer", "int", "int2", "int4", "int8", "smallint", "bigint", "real", "float4", "float8", "double precision", "numeric", "decimal"].includes(type)) {
    return "number";
  }
  if (type === "blob" || type === "bytea") return "binary";
  return `unclear: ${dataType}`;
}
