// A tender's specification is plain text with a small markdown subset: paragraphs,
// "## " headings, "- " or "* " bullet lists and **bold**. It is parsed into blocks and
// rendered as React elements: the text is only ever a text node, never HTML, so whatever
// an officer types (a <script> included) is shown as the characters they typed.
import { Fragment } from "react";

export type RichBlock =
  | { kind: "heading"; level: 2 | 3; text: string }
  | { kind: "list"; items: string[] }
  | { kind: "paragraph"; lines: string[] };

/** Inline runs of a line: plain text and **bold** text. Unpaired ** stays as typed. */
export type RichRun = { bold: boolean; text: string };

export function parseInline(line: string): RichRun[] {
  const runs: RichRun[] = [];
  const pattern = /\*\*(?=\S)(.+?)(?<=\S)\*\*/g;
  let last = 0;
  for (const match of line.matchAll(pattern)) {
    const start = match.index ?? 0;
    if (start > last) runs.push({ bold: false, text: line.slice(last, start) });
    runs.push({ bold: true, text: match[1] });
    last = start + match[0].length;
  }
  if (last < line.length) runs.push({ bold: false, text: line.slice(last) });
  return runs;
}

export function parseRichText(source: string): RichBlock[] {
  const blocks: RichBlock[] = [];
  let paragraph: string[] | null = null;
  let items: string[] | null = null;
  const flush = () => {
    if (paragraph) blocks.push({ kind: "paragraph", lines: paragraph });
    if (items) blocks.push({ kind: "list", items });
    paragraph = null;
    items = null;
  };
  for (const raw of source.replace(/\r\n?/g, "\n").split("\n")) {
    const line = raw.trimEnd();
    if (!line.trim()) {
      flush();
      continue;
    }
    const heading = /^\s{0,3}(#{1,3})\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading) {
      flush();
      // "#" and "##" are the specification's sections; "###" a subsection.
      blocks.push({ kind: "heading", level: heading[1].length === 3 ? 3 : 2, text: heading[2] });
      continue;
    }
    const bullet = /^\s{0,3}[-*]\s+(.*)$/.exec(line);
    if (bullet) {
      if (paragraph) flush();
      items ??= [];
      items.push(bullet[1].trim());
      continue;
    }
    if (items) {
      // An indented line continues the list item above it; anything else starts a paragraph.
      if (/^\s+/.test(raw)) {
        items[items.length - 1] = `${items[items.length - 1]} ${line.trim()}`;
        continue;
      }
      flush();
    }
    paragraph ??= [];
    paragraph.push(line.trim());
  }
  flush();
  return blocks;
}

function Inline({ line }: { line: string }) {
  return (
    <>
      {parseInline(line).map((run, i) => (run.bold ? <strong key={i}>{run.text}</strong> : <Fragment key={i}>{run.text}</Fragment>))}
    </>
  );
}

/**
 * Renders the subset. `headingLevel` is the HTML level a "##" heading becomes, so the
 * specification's headings sit below the page's own.
 */
export function RichText({ text, headingLevel = 3 }: { text: string; headingLevel?: 2 | 3 | 4 }) {
  const blocks = parseRichText(text);
  return (
    <div className="portal-rich-text">
      {blocks.map((block, i) => {
        if (block.kind === "heading") {
          const level = Math.min(6, headingLevel + (block.level - 2));
          const Tag = `h${level}` as "h2" | "h3" | "h4" | "h5";
          return (
            <Tag key={i} className={block.level === 2 ? "govuk-heading-m" : "govuk-heading-s"}>
              <Inline line={block.text} />
            </Tag>
          );
        }
        if (block.kind === "list") {
          return (
            <ul key={i} className="govuk-list govuk-list--bullet">
              {block.items.map((item, j) => (
                <li key={j}>
                  <Inline line={item} />
                </li>
              ))}
            </ul>
          );
        }
        return (
          <p key={i} className="govuk-body">
            {block.lines.map((line, j) => (
              <Fragment key={j}>
                {j > 0 ? <br /> : null}
                <Inline line={line} />
              </Fragment>
            ))}
          </p>
        );
      })}
    </div>
  );
}

/** Plain text of the specification, e.g. for a summary or a CSV: the markers removed. */
export function richTextToPlain(text: string): string {
  return parseRichText(text)
    .map((b) => (b.kind === "heading" ? b.text : b.kind === "list" ? b.items.map((i) => `• ${i}`).join("\n") : b.lines.join("\n")))
    .map((t) => parseInline(t).map((r) => r.text).join(""))
    .join("\n\n");
}

