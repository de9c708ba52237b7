// The bid: a form while it is a draft and the tender is open, a read-only page otherwise.
// One form holds the whole bid, attachments included, so every button (save, save and
// continue, delete a file) saves everything typed and nothing is ever lost between them.
// Each save carries the version the page was loaded with: if someone else in the
// organisation saved in between, the save is refused and what was typed comes back.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { getDb } from "../../db/client";
import { BUDGET_CATEGORIES, type BudgetCategory } from "../../db/schema";
import { Button, ErrorSummary, fieldId, Radios, TextInput } from "~/components/forms";
import { WordCountTextarea } from "~/components/word-count";
import { formatDateTime, formatClockOnDate, formatSavedAt } from "~/lib/dates";
import { failure, formValues, type FieldErrors, type FormFailure, type FormValues, fieldErrorsOf } from "~/lib/forms";
import { formatPence } from "~/lib/money";
import { parseUploadForm } from "~/http/uploads.server";
import { checkUpload, cleanFilename, formatBytes, type CheckedFile } from "~/models/files.server";
import { getSettings } from "~/models/admin/settings.server";
import {
  answerField, bidDraftSchema, checkBidComplete, indicatorField, indicatorRows,
  INDICATOR_KIND_LABELS, INDICATOR_KINDS, INDICATOR_UNIT_LABELS, INDICATOR_UNITS, MESSAGES, targetField, type BidDraftInput, BID_STATUS_LABELS, BID_STATUS_TAG_CLASSES } from "~/schemas/bids";
import { auditContext } from "~/http/guards.server";
import { flash } from "~/services/session.server";
import { parsePoundsToPence } from "~/lib/figures";
import { BidLockedError, StaleBidError } from "~/models/errors";
import { can } from "~/policies/index";
import { BUDGET_CATEGORY_LABELS, budgetField } from "~/lib/budget";
import { BudgetTable, BudgetEditor } from "~/components/budget";
import { getTenderDetail } from "~/models/tenders/read.server";
import { notOpenMessage } from "~/models/bids/load.server";
import { bidFormValues, bidView, formContextOf, getBidDetail } from "~/models/bids/read.server";
import { saveBid } from "~/models/bids/save.server";
import { requireBidReader, requireOwnBid } from "~/http/bids/access.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.heading ?? "Bid"} – ${data?.tender.reference ?? "Tender"} – Early help portal` },
];

/** Text fields travel in the same multipart body as the file: never cap them below this. */
const TEXT_FIELDS_CAP_BYTES = 2 * 1024 * 1024;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, bid, own } = await requireBidReader(request, params.bidId);
  const db = getDb();
  const [detail, settings] = await Promise.all([getBidDetail(db, bid.id), getSettings(db)]);
  if (!detail) throw new Response("Bid not found", { status: 404 });
  const mayChange = own && can(user, "bid:edit", bid.record);
  const editable = mayChange && detail.status === "draft";
  const { tender } = detail;
  return json({
    heading: own ? detail.title || "Your bid" : `${detail.organisationName}: ${detail.title || "bid"}`,
    own,
    editable,
    canWithdraw: mayChange && (detail.status === "draft" || detail.status === "submitted"),
    canConfirm: mayChange && detail.status === "submitted" && detail.needsConfirmation,
    canReadOutcome: can(user, "bid:read-outcome", bid.record),
    closedMessage: own && detail.status === "draft" && !mayChange ? notOpenMessage(tender, "changed") : null,
    bid: {
      id: detail.id,
      reference: detail.reference,
      title: detail.title,
      organisationName: detail.organisationName,
      status: detail.status,
      statusLabel: BID_STATUS_LABELS[detail.status],
      statusClass: BID_STATUS_TAG_CLASSES[detail.status],
      needsConfirmation: detail.needsConfirmation,
      version: detail.version,
      updated: formatDateTime(detail.updatedAt),
      lastChangedBy: detail.lastChangedBy,
      submitted: detail.submittedAt ? formatDateTime(detail.submittedAt) : null,
      submittedBy: detail.submittedBy?.name ?? null,
      withdrawn: detail.withdrawnAt ? formatDateTime(detail.withdrawnAt) : null,
      fingerprint: detail.fingerprint,
    },
    tender: {
      id: tender.id,
      reference: tender.reference,
      title: tender.title,
      closes: formatClockOnDate(tender.closesAt),
      maxBudget: formatPence(tender.maxBudgetPence),
      districts: tender.districts,
      questions: tender.questions.map((q) => ({
        id: q.id, position: q.position, text: q.text, wordLimit: q.wordLimit,
        criterion: tender.criteria.find((c) => c.id === q.criterionId)?.name ?? null,
      })),
      quarters: detail.quarters,
    },
    view: bidView(detail),
    defaults: editable ? bidFormValues(detail) : null,
    maxUpload: formatBytes(settings.max_upload_bytes),
  });
}

type SaveFailure = FormFailure & { current?: { savedAt: string; savedBy: string | null } };

function isMultipart(request: Request): boolean {
  return (request.headers.get("Content-Type") ?? "").toLowerCase().startsWith("multipart/form-data");
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const now = new Date();
  const { user, bid } = await requireOwnBid(request, params.bidId, now);
  const db = getDb();
  const settings = await getSettings(db);
  const maxBytes = settings.max_upload_bytes;
  const upload = isMultipart(request)
    ? await parseUploadForm(request, Math.max(maxBytes, TEXT_FIELDS_CAP_BYTES))
    : { form: await request.formData(), files: [], oversize: [] };
  const values = formValues(upload.form);

  if (!can(user, "bid:edit", bid.record)) {
    return json<SaveFailure>(failure(values, {}, notOpenMessage(bid.tender, "changed")), { status: 400 });
  }
  const version = Number(values.version);
  if (!Number.isInteger(version) || version < 1) return json<SaveFailure>(failure(values, {}, MESSAGES.version), { status: 400 });

  const tender = await getTenderDetail(db, bid.tenderId, now);
  if (!tender) throw new Response("Bid not found", { status: 404 });
  const ctx = formContextOf(tender);
  const errors: FieldErrors = {};
  const parsed = bidDraftSchema(ctx, values).safeParse(values);
  if (!parsed.success) {
    Object.assign(errors, fieldErrorsOf(parsed.error.issues));
  }

  // The attachment: refused for its size or for content that is not what its name says.
  let file: CheckedFile | null = null;
  const oversize = upload.oversize.find((f) => f.field === "attachment");
  const chosen = upload.files.find((f) => f.field === "attachment");
  if (oversize) {
    errors.attachment = `The selected file "${cleanFilename(oversize.filename)}" must be smaller than ${formatBytes(maxBytes)}`;
  } else if (chosen) {
    const checked = await checkUpload(chosen.file, maxBytes);
    if (checked.ok) file = checked.file;
    else errors.attachment = checked.error;
  }

  const intent = values.intent === "continue" ? "continue" : "save";
  const deleteFileId = typeof values.deleteFile === "string" && values.deleteFile ? values.deleteFile : null;
  const input = parsed.success ? (parsed.data as BidDraftInput) : null;
  if (input && intent === "continue" && !deleteFileId) {
    for (const [field, message] of Object.entries(checkBidComplete(input, ctx))) errors[field] ??= message;
  }

  if (!input || Object.keys(errors).length) {
    // A browser cannot be given a file back: say so when a good one was lost with the rest.
    const formError = file ? `Your file "${file.filename}" has not been uploaded. Choose it again when you have fixed the other problems.` : undefined;
    return json<SaveFailure>(failure(values, errors, formError), { status: 400 });
  }

  try {
    await db.transaction().execute((trx) =>
      saveBid(trx, auditContext(user, context), { bidId: bid.id, version, input, upload: file, deleteFileId, userId: user.id }, now),
    );
  } catch (error) {
    if (error instanceof StaleBidError) {
      const last = await getBidDetail(db, bid.id, now);
      return json<SaveFailure>(
        { ...failure(values, {}, error.message), current: { savedAt: formatSavedAt(error.savedAt, now), savedBy: last?.lastChangedBy ?? null } },
        { status: 409 },
      );
    }
    if (error instanceof BidLockedError) return json<SaveFailure>(failure(values, {}, error.message), { status: 409 });
    throw error;
  }

  if (intent === "continue" && !deleteFileId) return redirect(`/bids/${bid.id}/submit`);
  const text = deleteFileId
    ? "The file has been deleted and your bid saved."
    : file
      ? `Your bid has been saved and "${file.filename}" uploaded.`
      : "Your bid has been saved as a draft.";
  return redirect(`/bids/${bid.id}${deleteFileId || file ? "#attachments" : ""}`, {
    headers: { "Set-Cookie": await flash(request, { kind: "success", text }) },
  });
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function text(values: FormValues, name: string): string {
  const v = values[name];
  return typeof v === "string" ? v : "";
}

/** The spare row and every posted or stored row, so a new indicator can be added without JavaScript. */
function rowsToShow(values: FormValues, quarters: string[]): number[] {
  const rows = indicatorRows(values);
  const last = rows.length ? rows[rows.length - 1] : -1;
  const lastUsed = last >= 0 && [text(values, indicatorField(last, "name")), text(values, indicatorField(last, "definition")), ...quarters.map((q) => text(values, targetField(last, q)))].some((v) => v.trim());
  return last < 0 || lastUsed ? [...rows, last + 1] : rows;
}

export default function BidPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { bid, tender } = data;
  return (
    <>
      {data.own ? (
        <Link to="/bids" className="govuk-back-link">Your bids</Link>
      ) : (
        <Link to={`/tenders/${tender.id}`} className="govuk-back-link">Back to the tender</Link>
      )}
      <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
      <h1 className="govuk-heading-l">
        <span className="govuk-caption-l">{tender.reference} – {tender.title}</span>
        {data.heading}
      </h1>

      {bid.needsConfirmation && bid.status === "submitted" ? (
        <div className="govuk-notification-banner" role="region" aria-labelledby="confirm-title" data-module="govuk-notification-banner">
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="confirm-title">Important</h2>
          </div>
          <div className="govuk-notification-banner__content">
            {data.own ? (
              <>
                <p className="govuk-notification-banner__heading">The tender changed after you submitted: confirm your bid</p>
                <p className="govuk-body">
                  The council made a material change to the tender. Check your bid still answers it, then confirm it
                  before {tender.closes}.
                </p>
                {data.canConfirm ? (
                  <p className="govuk-body">
                    <Link className="govuk-notification-banner__link" to={`/bids/${bid.id}/submit`}>Check and confirm your bid</Link>
                  </p>
                ) : null}
              </>
            ) : (
              <p className="govuk-notification-banner__heading">
                The tender changed after this bid was submitted and the provider has not confirmed it since.
              </p>
            )}
          </div>
        </div>
      ) : null}

      <StatusSummary data={data} />

      {data.canReadOutcome ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`/bids/${bid.id}/outcome`}>See the outcome of your bid and the panel's feedback</Link>
        </p>
      ) : null}

      {data.closedMessage ? <div className="govuk-inset-text">{data.closedMessage} This draft was not submitted.</div> : null}

      {data.editable && data.defaults ? (
        <BidForm data={data} result={result} defaults={data.defaults} />
      ) : (
        <ReadOnlyBid data={data} />
      )}

      {data.own && bid.status === "submitted" ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`/bids/${bid.id}/receipt`}>View your receipt</Link>
        </p>
      ) : null}
      {data.canWithdraw ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`/bids/${bid.id}/withdraw`}>
            Withdraw this {bid.status === "draft" ? "draft" : "bid"}
          </Link>
          {bid.status === "submitted" ? " – to change a submitted bid, withdraw it and start again: your answers are copied into the new draft." : null}
        </p>
      ) : null}
    </>
  );
}

function StatusSummary({ data }: { data: LoaderData }) {
  const { bid, tender } = data;
  const rows: [string, ReactNode][] = [
    ["Status", <strong key="s" className={bid.statusClass}>{bid.statusLabel}</strong>],
    ["Reference", bid.reference],
  ];
  if (!data.own) rows.push(["Organisation", bid.organisationName]);
  rows.push(["Tender closes", tender.closes]);
  if (bid.submitted) rows.push(["Submitted", `${bid.submitted}${bid.submittedBy ? ` by ${bid.submittedBy}` : ""}`]);
  if (bid.withdrawn) rows.push(["Withdrawn", bid.withdrawn]);
  if (bid.status === "draft") rows.push(["Last saved", `${bid.updated}${bid.lastChangedBy ? ` by ${bid.lastChangedBy}` : ""}`]);
  if (bid.fingerprint && bid.status !== "draft") rows.push(["Fingerprint", <code key="f">{bid.fingerprint}</code>]);
  return (
    <dl className="govuk-summary-list govuk-!-margin-bottom-6">
      {rows.map(([key, value]) => (
        <div className="govuk-summary-list__row" key={key}>
          <dt className="govuk-summary-list__key">{key}</dt>
          <dd className="govuk-summary-list__value" style={key === "Fingerprint" ? { wordBreak: "break-all" } : undefined}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function ReadOnlyBid({ data }: { data: LoaderData }) {
  const { view, bid } = data;
  return (
    <>
      <h2 className="govuk-heading-m">About the project</h2>
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">District</dt>
          <dd className="govuk-summary-list__value">{view.district ?? "Not chosen"}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Project title</dt>
          <dd className="govuk-summary-list__value">{view.title || "Not given"}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Amount requested</dt>
          <dd className="govuk-summary-list__value">{view.amount ?? "Not given"}</dd>
        </div>
      </dl>

      <h2 className="govuk-heading-m">Answers</h2>
      {view.answers.map((a) => (
        <div key={a.questionId} className="govuk-!-margin-bottom-6">
          <h3 className="govuk-heading-s">Question {a.position}: {a.text}</h3>
          <p className="govuk-hint">
            {a.words} of {a.wordLimit} words{a.criterion ? `. Scored under ${a.criterion}` : ""}
          </p>
          <p className="govuk-body" style={{ whiteSpace: "pre-wrap" }}>{a.answer || "Not answered"}</p>
        </div>
      ))}

      <h2 className="govuk-heading-m">Budget</h2>
      <BudgetTable lines={view.budget.lines} quarters={view.budget.quarters} caption="Budget by quarter" />
      <IndicatorTable view={view} />

      <h2 className="govuk-heading-m" id="attachments">Attachments</h2>
      {view.attachments.length ? (
        <ul className="govuk-list">
          {view.attachments.map((f) => (
            <li key={f.id}>
              <a className="govuk-link" href={`/bids/${bid.id}/files/${f.id}`} download>
                {f.filename}
              </a>{" "}
              ({f.size})
            </li>
          ))}
        </ul>
      ) : (
        <p className="govuk-body">No attachments.</p>
      )}
    </>
  );
}


function IndicatorTable({ view }: { view: LoaderData["view"] }) {
  return (
    <>
      <h2 className="govuk-heading-m">Indicators</h2>
      {view.indicators.length ? (
        view.indicators.map((i) => (
          <div key={i.position} className="govuk-!-margin-bottom-6">
            <h3 className="govuk-heading-s">{i.kind}: {i.name || "No name"}</h3>
            <p className="govuk-body">{i.definition}</p>
            <p className="govuk-body-s">Unit: {i.unit}</p>
            <table className="govuk-table govuk-table--small-text-until-tablet">
              <caption className="govuk-table__caption govuk-visually-hidden">Targets for {i.name}</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  {i.targets.map((t) => (
                    <th key={t.quarter} scope="col" className="govuk-table__header govuk-table__header--numeric">{t.quarter}</th>
                  ))}
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                <tr className="govuk-table__row">
                  {i.targets.map((t) => (
                    <td key={t.quarter} className="govuk-table__cell govuk-table__cell--numeric">{t.value || "–"}</td>
                  ))}
                </tr>
              </tbody>
            </table>
          </div>
        ))
      ) : (
        <p className="govuk-body">No indicators.</p>
      )}
    </>
  );
}

function BidForm({ data, result, defaults }: { data: LoaderData; result: SaveFailure | undefined; defaults: FormValues }) {
  const { tender, bid } = data;
  const values = result?.values ?? defaults;
  const errors = result?.errors ?? {};
  const current = result && "current" in result ? result.current : undefined;
  const rows = rowsToShow(values, tender.quarters);
  const indicatorErrors = (row: number) => Object.entries(errors).filter(([k]) => k.startsWith(`indicators.${row}.target.`));

  return (
    <>
      {current ? (
        <div className="govuk-inset-text">
          Saved at {current.savedAt}{current.savedBy ? ` by ${current.savedBy}` : ""}.{" "}
          <a className="govuk-link" href={`/bids/${bid.id}`} target="_blank" rel="noreferrer">
            Open the saved bid in a new tab (opens in new tab)
          </a>{" "}
          to compare. The form below still has what you typed: saving it replaces their changes.
        </div>
      ) : null}
      <p className="govuk-body">
        You can save a draft at any time with parts missing. To submit, every question needs an answer, the budget must add up to
        the amount you ask for, and each indicator needs a target for every quarter.
      </p>
      <Form method="post" encType="multipart/form-data" noValidate>
        <input type="hidden" name="version" value={bid.version} />
        {/* Pressing Enter in a field saves the draft: the form's first button decides, so it is this one. */}
        <button type="submit" name="intent" value="save" className="govuk-visually-hidden" tabIndex={-1} aria-hidden="true">
          Save as draft
        </button>

        <h2 className="govuk-heading-m">1. About the project</h2>
        <Radios
          name="district_id"
          legend="Which district will the project serve?"
          options={tender.districts.map((d) => ({ value: d.id, label: d.name }))}
          defaultValue={text(values, "district_id")}
          error={errors.district_id}
        />
        <TextInput name="title" label="Project title" defaultValue={text(values, "title")} error={errors.title} />

        <h2 className="govuk-heading-m">2. Your answers</h2>
        {tender.questions.map((q) => (
          <WordCountTextarea
            key={q.id}
            name={answerField(q.id)}
            label={<strong>Question {q.position}: {q.text}</strong>}
            hint={q.criterion ? `Scored under ${q.criterion}.` : undefined}
            wordLimit={q.wordLimit}
            defaultValue={text(values, answerField(q.id))}
            error={errors[answerField(q.id)]}
          />
        ))}

        <h2 className="govuk-heading-m">3. Money</h2>
        <TextInput
          name="amount"
          label="Amount you are asking for"
          hint={`In pounds, up to ${tender.maxBudget}.`}
          prefix="£"
          width="10"
          inputMode="decimal"
          spellCheck={false}
          defaultValue={text(values, "amount")}
          error={errors.amount}
        />
        <BudgetEditor
          quarters={tender.quarters}
          values={values}
          errors={errors}
          hint="In pounds. The budget must add up to the amount you ask for. Totals are worked out when you save."
        />

        <h2 className="govuk-heading-m" id={fieldId("indicators")} tabIndex={-1}>4. Proposed indicators</h2>
        <p className="govuk-body">
          What the project will deliver (outputs) and the difference it will make (outcomes), with a target for each quarter.
          To add an indicator, fill in the empty one at the end and save: another empty one appears.
        </p>
        {errors.indicators ? (
          <p className="govuk-error-message"><span className="govuk-visually-hidden">Error:</span> {errors.indicators}</p>
        ) : null}
        {rows.map((row, index) => {
          const kindName = indicatorField(row, "kind");
          const unitName = indicatorField(row, "unit");
          const removeName = indicatorField(row, "remove");
          const targetErrors = indicatorErrors(row);
          return (
            <fieldset key={row} className="govuk-fieldset govuk-!-margin-bottom-6">
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Indicator {row + 1}</legend>
              <div className={`govuk-form-group${errors[kindName] ? " govuk-form-group--error" : ""}`}>
                <label className="govuk-label" htmlFor={fieldId(kindName)}>Output or outcome</label>
                {errors[kindName] ? <p className="govuk-error-message">{errors[kindName]}</p> : null}
                <select className="govuk-select" id={fieldId(kindName)} name={kindName} defaultValue={text(values, kindName) || "output"}>
                  {INDICATOR_KINDS.map((k) => <option key={k} value={k}>{INDICATOR_KIND_LABELS[k]}</option>)}
                </select>
              </div>
              <TextInput name={indicatorField(row, "name")} label="Name" defaultValue={text(values, indicatorField(row, "name"))} error={errors[indicatorField(row, "name")]} />
              <TextInput
                name={indicatorField(row, "definition")}
                label="Definition"
                hint="What counts, and how you will count it."
                defaultValue={text(values, indicatorField(row, "definition"))}
                error={errors[indicatorField(row, "definition")]}
              />
              <div className={`govuk-form-group${errors[unitName] ? " govuk-form-group--error" : ""}`}>
                <label className="govuk-label" htmlFor={fieldId(unitName)}>Unit</label>
                {errors[unitName] ? <p className="govuk-error-message">{errors[unitName]}</p> : null}
                <select className="govuk-select" id={fieldId(unitName)} name={unitName} defaultValue={text(values, unitName) || "count"}>
                  {INDICATOR_UNITS.map((u) => <option key={u} value={u}>{INDICATOR_UNIT_LABELS[u]}</option>)}
                </select>
              </div>
              <div className={`govuk-form-group${targetErrors.length ? " govuk-form-group--error" : ""}`}>
                <fieldset className="govuk-fieldset">
                  <legend className="govuk-fieldset__legend">Targets by quarter</legend>
                  {targetErrors.map(([k, message]) => (
                    <p key={k} className="govuk-error-message"><span className="govuk-visually-hidden">Error:</span> {message}</p>
                  ))}
                  <div className="govuk-date-input">
                    {tender.quarters.map((quarter) => {
                      const name = targetField(row, quarter);
                      return (
                        <div className="govuk-date-input__item" key={quarter}>
                          <div className="govuk-form-group">
                            <label className="govuk-label govuk-date-input__label" htmlFor={fieldId(name)}>{quarter}</label>
                            <input
                              className={`govuk-input govuk-date-input__input govuk-input--width-4${errors[name] ? " govuk-input--error" : ""}`}
                              id={fieldId(name)}
                              name={name}
                              type="text"
                              inputMode="decimal"
                              spellCheck={false}
                              defaultValue={text(values, name)}
                            />
                          </div>
                        </div>
                      );
                    })}
                  </div>
                </fieldset>
              </div>
              {index < rows.length - 1 || text(values, indicatorField(row, "name")) ? (
                <div className="govuk-checkboxes govuk-checkboxes--small">
                  <div className="govuk-checkboxes__item">
                    <input
                      className="govuk-checkboxes__input"
                      id={fieldId(removeName)}
                      name={removeName}
                      type="checkbox"
                      value="yes"
                      defaultChecked={text(values, removeName) === "yes"}
                    />
                    <label className="govuk-label govuk-checkboxes__label" htmlFor={fieldId(removeName)}>
                      Remove indicator {row + 1} when I save
                    </label>
                  </div>
                </div>
              ) : null}
            </fieldset>
          );
        })}

        <h2 className="govuk-heading-m" id="attachments">5. Attachments</h2>
        {data.view.attachments.length ? (
          <dl className="govuk-summary-list">
            {data.view.attachments.map((f) => (
              <div className="govuk-summary-list__row" key={f.id}>
                <dt className="govuk-summary-list__key">
                  <a className="govuk-link" href={`/bids/${bid.id}/files/${f.id}`} download>{f.filename}</a>
                </dt>
                <dd className="govuk-summary-list__value">{f.size}</dd>
                <dd className="govuk-summary-list__actions">
                  <button type="submit" name="deleteFile" value={f.id} className="govuk-button govuk-button--warning govuk-!-margin-bottom-0" data-module="govuk-button">
                    Delete<span className="govuk-visually-hidden"> {f.filename}</span>
                  </button>
                </dd>
              </div>
            ))}
          </dl>
        ) : (
          <p className="govuk-body">No attachments yet.</p>
        )}
        <div className={`govuk-form-group${errors.attachment ? " govuk-form-group--error" : ""}`}>
          <label className="govuk-label" htmlFor="attachment">Upload a file (optional)</label>
          <div id="attachment-hint" className="govuk-hint">
            PDF, DOCX, XLSX or ODT, smaller than {data.maxUpload}. It is uploaded when you save.
          </div>
          {errors.attachment ? (
            <p id="attachment-error" className="govuk-error-message"><span className="govuk-visually-hidden">Error:</span> {errors.attachment}</p>
          ) : null}
          <input
            className={`govuk-file-upload${errors.attachment ? " govuk-file-upload--error" : ""}`}
            id="attachment"
            name="attachment"
            type="file"
            accept=".pdf,.docx,.xlsx,.odt"
            aria-describedby={`attachment-hint${errors.attachment ? " attachment-error" : ""}`}
          />
        </div>

        <div className="govuk-button-group">
          <Button name="intent" value="continue">Save and continue</Button>
          <Button name="intent" value="save" secondary>Save as draft</Button>
        </div>
      </Form>
    </>
  );
}
