// The award's pages: the steps with their dates (for the officer and the bidder alike), the
// override for going beyond an allocation, and the decision on each bid.
import { Link } from "@remix-run/react";
import { Checkbox, Radios, Textarea } from "~/components/forms";
import { fieldValue, type FieldErrors, type FormValues } from "~/lib/forms";

import type { AwardStepView } from "~/models/awards/stages";

export function AwardStepsList({ steps }: { steps: readonly AwardStepView[] }) {
  return (
    <dl className="govuk-summary-list">
      {steps.map((s) => (
        <div className="govuk-summary-list__row" key={s.key}>
          <dt className="govuk-summary-list__key">{s.label}</dt>
          <dd className="govuk-summary-list__value">
            {s.done ?? "Not yet"}
            {s.note ? <p className="govuk-body govuk-!-margin-bottom-0">{s.note}</p> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** A bid against what remains of its district's allocation, in words; a link where none is set. */
export function AllocationCheckText({ check }: { check: { exceeds: boolean; notSet: boolean; setHref: string; message: string } | null }) {
  if (!check) return <>This bid has no district.</>;
  if (check.notSet) {
    return (
      <>
        <strong>{check.message}</strong>{" "}
        <Link className="govuk-link" to={check.setHref}>Set the allocation</Link> (administrators).
      </>
    );
  }
  return check.exceeds ? <strong>{check.message}</strong> : <>{check.message}</>;
}

/** The tick and the reason for committing more than remains of an allocation. */
export function OverrideFields({ values, errors, label }: { values?: FormValues; errors?: FieldErrors; label: string }) {
  return (
    <>
      <Checkbox name="override" label={label} error={errors?.override} defaultChecked={values?.override === "yes"} />
      <Textarea
        name="overrideReason"
        label="Reason for going beyond the allocation"
        hint="Required if you tick the box above. It is kept in the audit log."
        rows={3}
        defaultValue={fieldValue(values, "overrideReason")}
        error={errors?.overrideReason}
      />
    </>
  );
}

export interface DecisionBidView {
  id: string;
  label: string;
  organisationName: string;
  amount: string;
  rank: number | null;
  totalText: string | null;
  missingConsensus: string[];
  commitments: { year: string; amount: string }[];
  allocation: { exceeds: boolean; notSet: boolean; setHref: string; message: string } | null;
}

/** A bid's scores and money beside the decision and feedback the officer gives it. */
export function DecisionCard({ bid, values, errors }: { bid: DecisionBidView; values?: FormValues; errors?: FieldErrors }) {
  return (
    <div className="govuk-summary-card">
      <div className="govuk-summary-card__title-wrapper">
        <h2 className="govuk-summary-card__title">{bid.rank ? `${bid.rank}. ` : ""}{bid.label}</h2>
      </div>
      <div className="govuk-summary-card__content">
        <dl className="govuk-summary-list">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Weighted total</dt>
            <dd className="govuk-summary-list__value">
              {bid.totalText !== null ? `${bid.totalText}%` : `Not complete: record a consensus for ${bid.missingConsensus.join(", ")} at moderation`}
            </dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Amount requested</dt>
            <dd className="govuk-summary-list__value">{bid.amount}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Would commit</dt>
            <dd className="govuk-summary-list__value">{bid.commitments.map((c) => `${c.amount} in ${c.year}`).join("; ") || "Nothing"}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Allocation check</dt>
            <dd className="govuk-summary-list__value">
              <AllocationCheckText check={bid.allocation} />
            </dd>
          </div>
        </dl>
        <Radios
          name={`decision.${bid.id}`}
          legend={`Decision on the bid from ${bid.organisationName}`}
          inline
          options={[
            { value: "successful", label: "Successful" },
            { value: "unsuccessful", label: "Unsuccessful" },
          ]}
          defaultValue={fieldValue(values, `decision.${bid.id}`)}
          error={errors?.[`decision.${bid.id}`]}
        />
        <Textarea
          name={`feedback.${bid.id}`}
          label={`Feedback for ${bid.organisationName}`}
          hint="The bidder reads this in their assessment summary: the strengths of their bid and, if it lost, why."
          rows={5}
          defaultValue={fieldValue(values, `feedback.${bid.id}`)}
          error={errors?.[`feedback.${bid.id}`]}
        />
      </div>
    </div>
  );
}
