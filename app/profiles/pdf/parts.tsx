// Building blocks of the profile PDF: the header and footer every page carries, tables whose
// header row repeats on each page they run onto, and RAG marks that always carry the word.
import { Page, Text, View } from "@react-pdf/renderer";
import { Children, isValidElement, type ComponentProps, type ReactNode } from "react";
import { formatDate, formatGeneratedAt } from "~/lib/dates";
import { RAG_COLOURS } from "../charts";
import { RAG_LETTERS, RAG_WORDS } from "../labels";
import type { Rag } from "../types";
import { styles } from "./styles";

type PdfStyle = ComponentProps<typeof View>["style"];

/**
 * Text whose adjacent strings are joined first. react-pdf treats each JSX child as its own
 * run and may break a line where two runs meet ("Q1" + ":"), drawing a hyphen there.
 */
export function Txt({ style, minPresenceAhead, children }: { style?: PdfStyle; minPresenceAhead?: number; children?: ReactNode }) {
  const parts: ReactNode[] = [];
  let pending = "";
  Children.forEach(children, (child) => {
    if (typeof child === "string" || typeof child === "number") pending += String(child);
    else if (isValidElement(child)) {
      if (pending) parts.push(pending);
      pending = "";
      parts.push(child);
    }
  });
  if (pending) parts.push(pending);
  return (
    <Text style={style} minPresenceAhead={minPresenceAhead}>
      {parts.length === 1 ? parts[0] : parts}
    </Text>
  );
}

/** The page each part of a document starts on, by part: filled in as the document is laid out. */
export type PageMarks = Map<string, number>;

/**
 * Marks the page it lands on as the start of part `id`. react-pdf lays out every page before
 * it draws the parts that have a `render` function, so a contents page drawn that way reads
 * the marks of the pages after it.
 */
export function PageMark({ id, marks }: { id: string; marks: PageMarks }) {
  return (
    <View
      render={({ pageNumber }) => {
        if (!marks.has(id)) marks.set(id, pageNumber);
        return null;
      }}
    />
  );
}

/**
 * "12", once laid out: react-pdf passes totalPages only on its last pass, after every page
 * is marked; before that, a placeholder as wide as a page number. "–" for a part not there.
 */
export function MarkedPage({ id, marks, prefix = "" }: { id: string; marks: ReadonlyMap<string, number>; prefix?: string }) {
  return <Text render={({ totalPages }) => `${prefix}${totalPages === undefined ? "99" : (marks.get(id) ?? "–")}`} />;
}

/**
 * What a page says it is. `of` names what was published when it is not the page's own
 * profile: a county pack's district pages are the pack's edition, not the district's.
 */
export type PdfStatus = { kind: "draft" } | { kind: "published"; publishedAt: string; edition: number; of?: string };

export function statusText(status: PdfStatus): string {
  if (status.kind === "draft") return "DRAFT";
  return `${status.of ? `${status.of} published` : "Published"} ${formatDate(status.publishedAt)} · edition ${status.edition}`;
}

/** What the header and footer of a part's pages say. */
export interface FrameText {
  council: string;
  title: string;
  subtitle: string;
  generatedAt: string;
  status: PdfStatus;
}

type PageLayout = NonNullable<ComponentProps<typeof Page>["layout"]>;

/**
 * The header and footer of every page a <Page> runs to, as that Page's `layout`. A layout puts
 * the document on react-pdf's newer pagination engine, which measures the content once and
 * packs it into pages, then draws this frame around each page's share. The older engine laid
 * the rest of a part out again at every page break and each page again for its page numbers:
 * about twice the work for a profile, more for a county pack.
 */
export function pageFrame({ council, title, subtitle, generatedAt, status }: FrameText): PageLayout {
  const generated = formatGeneratedAt(generatedAt);
  return function PageFrame({ children, pageNumber, totalPages }) {
    return (
      <>
        <View style={styles.header}>
          <View style={styles.headerText}>
            <Text style={styles.headerCouncil}>{council}</Text>
            <Text style={styles.headerTitle}>{title}</Text>
            <Txt style={styles.headerGenerated}>{subtitle} · Generated {generated}</Txt>
          </View>
          <Text style={status.kind === "draft" ? styles.draft : styles.published}>{statusText(status)}</Text>
        </View>
        {children}
        <View style={styles.footer}>
          <Txt>{title} · Generated {generated}</Txt>
          {/* The page count is known on the engine's last round; before it, a number as wide. */}
          <Txt>Page {pageNumber} of {totalPages ?? 99}</Txt>
        </View>
      </>
    );
  };
}

/** A coloured box with the letter, then the word: the colour is never the only signal. */
export function RagMark({ rag }: { rag: Rag | null }) {
  if (!rag) return <Text>–</Text>;
  return (
    <View style={styles.ragMark}>
      <View style={[styles.ragBox, { backgroundColor: RAG_COLOURS[rag] }]}>
        <Text style={[styles.ragLetter, { color: rag === "amber" ? "#0b0c0c" : "#ffffff" }]}>{RAG_LETTERS[rag]}</Text>
      </View>
      <Text>{RAG_WORDS[rag]}</Text>
    </View>
  );
}

/** A line of mixed text and marks that wraps inside a table cell. */
export function Line({ children }: { children: ReactNode }) {
  return <View style={styles.line}>{children}</View>;
}

const SMALL_TABLE_ROWS = 8;

export interface Column {
  header: string;
  /** Share of the table's width, in %. */
  width: number;
  numeric?: boolean;
}

function cell(content: ReactNode, column: Column, header: boolean, key: number) {
  const style = [header ? styles.th : styles.td, { width: `${column.width}%` }, column.numeric ? styles.numeric : {}];
  if (typeof content === "string" || typeof content === "number") {
    return <Text key={key} style={style}>{content}</Text>;
  }
  return <View key={key} style={style}>{content}</View>;
}

/**
 * The header row is `fixed` inside the table's own View, so react-pdf draws it again at the
 * top of every page the table continues onto; rows never split across a page.
 */
export function Table({ caption, columns, rows, keepTogether = rows.length <= SMALL_TABLE_ROWS }: {
  caption: string; columns: readonly Column[]; rows: { key: string; cells: ReactNode[] }[]; keepTogether?: boolean;
}) {
  // A small table is kept on one page (so no page holds a caption and a row or two); a table
  // of tall rows, like the projects', flows on and repeats its header.
  return (
    <View style={styles.table} wrap={!keepTogether}>
      <Text style={styles.caption} minPresenceAhead={40}>{caption}</Text>
      <View style={styles.tableHeader} fixed>
        {columns.map((c, i) => cell(c.header, c, true, i))}
      </View>
      {rows.map((r) => (
        <View key={r.key} style={styles.tableRow} wrap={false}>
          {r.cells.map((content, i) => cell(content, columns[i], false, i))}
        </View>
      ))}
    </View>
  );
}

export function Bullet({ children }: { children: ReactNode }) {
  return (
    <View style={styles.bullet} wrap={false}>
      <Text style={styles.bulletDash}>–</Text>
      <Txt style={styles.bulletText}>{children}</Txt>
    </View>
  );
}

export function Figure({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <View style={styles.figure} wrap={false}>
      <Text style={styles.figureLabel}>{label}</Text>
      <Text style={styles.figureValue}>{value}</Text>
      {detail ? <Text style={styles.figureDetail}>{detail}</Text> : null}
    </View>
  );
}
