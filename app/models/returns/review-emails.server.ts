// The e-mails a review sends the provider: what the officer asked, or that the return is
// approved and its spend recorded.
import { SECTION_LABELS, type QueryComment, type QueryFigure } from "~/schemas/return-review";

export function queryEmail(args: {
  to: string;
  name: string;
  officerName: string;
  quarter: string;
  projectReference: string;
  projectTitle: string;
  organisationName: string;
  comments: readonly { sectionLabel: string; figure: string | null; comment: string }[];
  link: string;
  councilName: string;
}) {
  const lines: string[] = [];
  let lastSection = "";
  for (const c of args.comments) {
    if (c.sectionLabel !== lastSection) {
      if (lastSection) lines.push("");
      lines.push(c.sectionLabel);
      lastSection = c.sectionLabel;
    }
    lines.push(`${c.figure ? `- ${c.figure}: ` : "- "}${c.comment}`);
  }
  return {
    to: args.to,
    subject: `Your ${args.quarter} return for ${args.projectReference} has been queried`,
    text: [
      `Dear ${args.name},`,
      "",
      `${args.officerName} has reviewed ${args.organisationName}'s ${args.quarter} return for ${args.projectReference} ${args.projectTitle} and has queried it before it can be approved.`,
      "",
      "What they asked:",
      "",
      ...lines,
      "",
      "Please sign in, answer these points, change what needs changing and submit the return again:",
      args.link,
      "",
      args.councilName,
    ].join("\n"),
  };
}

export function approvedEmail(args: {
  to: string;
  name: string;
  quarter: string;
  projectReference: string;
  projectTitle: string;
  spend: string;
  link: string;
  councilName: string;
}) {
  return {
    to: args.to,
    subject: `Your ${args.quarter} return for ${args.projectReference} has been approved`,
    text: [
      `Dear ${args.name},`,
      "",
      `Your ${args.quarter} return for ${args.projectReference} ${args.projectTitle} has been approved. The spend it reports, ${args.spend}, is now recorded against the project.`,
      "",
      "You can read it at:",
      args.link,
      "",
      args.councilName,
    ].join("\n"),
  };
}

/** The comments of a query, labelled for the e-mail and the page. */
export function labelComments(comments: readonly QueryComment[], figures: readonly QueryFigure[]) {
  return comments.map((c) => ({
    sectionLabel: SECTION_LABELS[c.section],
    figure: c.indicatorId ? figures.find((f) => f.indicatorId === c.indicatorId)?.label ?? null : null,
    comment: c.comment,
  }));
}
