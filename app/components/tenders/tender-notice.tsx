// The notice of a tender: what anyone allowed to see the tender reads, the same on the
// signed-in tender page and the public opportunity page (only the address of its documents
// differs). Headings start at h2; the page around it gives the h1 and what its reader may do.
import type { ReactNode } from "react";
import { TableWrapper } from "~/components/lists";
import { RichText } from "~/components/rich-text";
import { formatDate, formatDateTime } from "~/lib/dates";
import { TENDER_STATUS_LABELS } from "~/schemas/tenders";
import type { TenderStatus } from "~/models/statuses";
import { PROCEDURE_LABELS, procedureSummary, type TenderProcedure } from "~/models/tenders/procedures";

export interface TenderNoticeData {
  reference: string;
  status: TenderStatus;
  districts: string[];
  fundingStream: string;
  themes: string[];
  maxBudget: string;
  procedure: TenderProcedure;
  contractStart: string;
  contractEnd: string;
  opensAt: string;
  closesAt: string;
  clarificationsCloseAt: string | null;
  publishedAt: string | null;
  specification: string;
  attachments: { id: string; filename: string; size: string }[];
  criteria: { name: string; weightPercent: number; maxScore: number; guidance: string }[];
  questions: { text: string; wordLimit: number; criterion: string | null }[];
  amendments: { summary: string; material: boolean; createdAt: string; changedFields: string[] }[];
  clarifications: { question: string; answer: string; answeredAt: string }[];
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{label}</dt>
      <dd className="govuk-summary-list__value">{children}</dd>
    </div>
  );
}

/** `filesAt`: where the documents download from, e.g. "/tenders/t1/files". */
/** `calendarAt`: where its deadlines are as an iCalendar file, while they are still to come. */
export function TenderNotice({ tender: t, filesAt, calendarAt }: { tender: TenderNoticeData; filesAt: string; calendarAt?: string }) {
  return (
    <>
        <h2 className="govuk-heading-m">Summary</h2>
        <dl className="govuk-summary-list">
          <Row label="Reference">{t.reference}</Row>
          <Row label="Status">{TENDER_STATUS_LABELS[t.status]}</Row>
          <Row label="Districts">{t.districts.join(", ")}</Row>
          <Row label="Funding stream">{t.fundingStream}</Row>
          <Row label="Themes">{t.themes.length ? t.themes.join(", ") : "None given"}</Row>
          <Row label="Maximum budget">{t.maxBudget}</Row>
          <Row label="Procedure">{PROCEDURE_LABELS[t.procedure]}</Row>
          <Row label="Contract">{formatDate(t.contractStart)} to {formatDate(t.contractEnd)}</Row>
          <Row label="Opens for bids">{formatDateTime(t.opensAt)} (UK time)</Row>
          <Row label="Closing date">{formatDateTime(t.closesAt)} (UK time)</Row>
          {t.clarificationsCloseAt ? <Row label="Last time for questions">{formatDateTime(t.clarificationsCloseAt)} (UK time)</Row> : null}
          {t.publishedAt ? <Row label="Published">{formatDate(t.publishedAt)}</Row> : null}
        </dl>
        {calendarAt ? (
          <p className="govuk-body">
            <a className="govuk-link" href={calendarAt} download>Add the closing date to your calendar</a> (a file for Outlook, Google or Apple Calendar)
          </p>
        ) : null}
        <p className="govuk-body">{procedureSummary(t.procedure)}</p>

        <h2 className="govuk-heading-m">Specification</h2>
        <RichText text={t.specification} headingLevel={3} />

        <h2 className="govuk-heading-m">Documents</h2>
        {t.attachments.length ? (
          <ul className="govuk-list">
            {t.attachments.map((a) => (
              <li key={a.id}>
                <a className="govuk-link" href={`${filesAt}/${a.id}`} download>
                  {a.filename}
                </a>{" "}
                <span className="govuk-hint govuk-!-display-inline">({a.size})</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="govuk-body">No documents are attached.</p>
        )}

        <h2 className="govuk-heading-m">How bids are scored</h2>
        <TableWrapper caption="Evaluation criteria">
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-visually-hidden">Evaluation criteria</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Criterion</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Weight</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Maximum score</th>
              <th scope="col" className="govuk-table__header">Guidance</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {t.criteria.map((c) => (
              <tr className="govuk-table__row" key={c.name}>
                <th scope="row" className="govuk-table__header">{c.name}</th>
                <td className="govuk-table__cell govuk-table__cell--numeric">{c.weightPercent}%</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{c.maxScore}</td>
                <td className="govuk-table__cell">{c.guidance}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </TableWrapper>

        <h2 className="govuk-heading-m">Questions for bidders</h2>
        {t.questions.length ? (
          <ol className="govuk-list govuk-list--number">
            {t.questions.map((q) => (
              <li key={q.text}>
                {q.text}
                <br />
                <span className="govuk-hint">
                  Up to {q.wordLimit.toLocaleString("en-GB")} words{q.criterion ? `. Scored under ${q.criterion}` : ""}.
                </span>
              </li>
            ))}
          </ol>
        ) : (
          <p className="govuk-body">No questions yet.</p>
        )}

        <h2 className="govuk-heading-m">Amendments</h2>
        {t.amendments.length ? (
          <ul className="govuk-list">
            {t.amendments.map((a) => (
              <li key={`${a.createdAt} ${a.summary}`} className="govuk-!-margin-bottom-4">
                <strong>{formatDateTime(a.createdAt)}</strong>
                {a.material ? <> <strong className="govuk-tag govuk-tag--orange">Material change</strong></> : null}
                <br />
                {a.summary}
                {a.changedFields.length ? (
                  <>
                    <br />
                    <span className="govuk-hint">Changed: {a.changedFields.join(", ")}.</span>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="govuk-body">The tender has not been amended.</p>
        )}

        <h2 className="govuk-heading-m">Clarification questions and answers</h2>
        {t.clarifications.length ? (
          <dl className="govuk-summary-list">
            {t.clarifications.map((c) => (
              <div className="govuk-summary-list__row" key={`${c.answeredAt} ${c.question}`}>
                <dt className="govuk-summary-list__key">{c.question}</dt>
                <dd className="govuk-summary-list__value">
                  {c.answer}
                  <br />
                  <span className="govuk-hint">Answered {formatDate(c.answeredAt)}</span>
                </dd>
              </div>
            ))}
          </dl>
        ) : (
          <p className="govuk-body">No questions have been answered yet.</p>
        )}

    </>
  );
}
