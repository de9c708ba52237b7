// The top of every section page of a return: the way back to its task list, the errors,
// the section's name under the project and quarter, and what the council asked about it.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { ErrorSummary } from "~/components/forms";
import type { FieldErrors } from "~/lib/forms";

export function ReturnSectionHeader({ summary, heading, result, errors, queries, back }: {
  summary: { id: string; projectReference: string; quarter: string };
  /** Where "back" goes, when not the return's task list. */
  back?: { to: string; text: string };
  heading: ReactNode;
  result?: { formError?: string; submissionId?: string } | null;
  errors?: FieldErrors;
  /** The officer's queries on this section as a whole. */
  queries: readonly { id: string; comment: string }[];
}) {
  return (
    <>
      <Link to={back?.to ?? `/returns/${summary.id}`} className="govuk-back-link">{back?.text ?? "Back to the return"}</Link>
      <ErrorSummary errors={errors} formError={result?.formError} submissionId={result?.submissionId} />
      <h1 className="govuk-heading-l">
        <span className="govuk-caption-l">{summary.projectReference} – {summary.quarter} return</span>
        {heading}
      </h1>
      {queries.length ? (
        <div className="govuk-inset-text">
          <h2 className="govuk-heading-s">The council asked</h2>
          {queries.map((q) => (
            <p key={q.id} className="govuk-body portal-pre-wrap">{q.comment}</p>
          ))}
        </div>
      ) : null}
    </>
  );
}
