// Case studies: anonymised stories that show the work. Added, changed and removed one at a
// time (?add=1, ?edit=<id>), then the section is marked complete on the list page.
//
// A case study can reach the partnership board, so before one is saved its title and story
// are checked for personal data (personal-data.server.ts). What was found is shown exactly,
// each finding quoted with its kind, so the provider can take it out. A false positive (a
// story about "Dr Foster's surgery" in a town called Foster) can be kept by ticking "I have
// checked: this is not personal data" with a reason, which is stored with the case study.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, Checkboxes, ErrorSummary, fieldId, Radios, Textarea, TextInput } from "~/components/forms";
import { fieldValues, type FieldErrors, type FormFailure, type FormValues, fieldErrorsOf } from "~/lib/forms";
import { describePersonalData, findPersonalData, PERSONAL_DATA_LABELS, type PersonalDataKind } from "~/models/returns/personal-data.server";
import { CASE_STUDY_STORY_MAX, CASE_STUDY_TITLE_MAX } from "~/schemas/returns";
import { caseStudySchema } from "~/schemas/returns.server";
import { notFound } from "~/http/guards.server";
import { dispatchIntent } from "~/http/intents.server";
import { requireFilingPage } from "~/http/returns/access.server";
import {
  commitSectionSave, completeItemsSection, missingVersion, requireSectionPost, saveSectionForm, sectionDetail, sectionFailure,
} from "~/http/returns/section-action.server";
import { queryLabel } from "~/models/returns/detail.server";
import { caseStudyThemeOptions, removeCaseStudy, saveCaseStudy } from "~/models/returns/case-studies.server";
import { Form } from "~/components/form";
import { ReturnSectionHeader } from "~/components/returns/section-header";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: `${data?.mode === "add" ? "Add a case study" : data?.mode === "edit" ? "Change a case study" : "Case studies"} – ${data?.summary.quarter ?? "Quarterly"} return – Early help portal`,
  },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { detail, statuses } = await requireFilingPage(request, params.returnId, { editOnly: true });
  const url = new URL(request.url);
  const editId = url.searchParams.get("edit");
  const editing = editId ? detail.caseStudies.find((c) => c.id === editId) : undefined;
  if (editId && !editing) notFound("Case study not found");
  const mode = editing ? ("edit" as const) : url.searchParams.get("add") ? ("add" as const) : ("list" as const);
  const status = statuses.find((s) => s.section === "case_studies")!;
  const themes = await caseStudyThemeOptions(getDb(), detail);
  const formDefaults: FormValues = editing
    ? {
      caseStudyId: editing.id,
      title: editing.title,
      story: editing.story,
      themes: editing.themes.map((t) => t.id),
      indicators: editing.indicators.map((i) => i.id),
      consent: editing.consentConfirmed ? "yes" : "",
      override_reason: editing.personalDataOverride ?? "",
    }
    : {};
  return json({
    mode,
    summary: { id: detail.id, quarter: detail.quarter, projectReference: detail.projectReference, version: detail.version },
    caseStudies: detail.caseStudies.map((c) => ({
      id: c.id,
      title: c.title,
      story: c.story,
      themes: c.themes.map((t) => t.name).join(", ") || "None",
      indicators: c.indicators.map((i) => i.name).join(", ") || "None",
      override: c.personalDataOverride,
    })),
    themes: themes.map((t) => ({ value: t.id, label: t.name })),
    indicators: detail.indicators.filter((i) => i.kind === "outcome").map((i) => ({ value: i.id, label: i.name })),
    storedOverride: editing?.personalDataOverride ?? null,
    queries: status.queries.map((q) => ({ id: q.id, label: queryLabel(q, detail.indicators), comment: q.comment })),
    formDefaults,
    completeDefault: detail.complete.case_studies ? "yes" : status.state === "in_progress" ? "no" : "",
  });
}

interface Finding {
  field: "title" | "story";
  kind: PersonalDataKind;
  label: string;
  text: string;
  index: number;
}

/** Which of the page's forms an answer is to (none: an unknown intent), with what the check found. */
interface CaseStudyAnswer {
  intent?: "save" | "remove" | "complete";
  personalData?: Finding[];
}
type CaseStudyFailure = FormFailure & CaseStudyAnswer;
const answerTo = (intent: CaseStudyAnswer["intent"]): CaseStudyAnswer => ({ intent });

function findingsMessage(where: string, findings: Finding[]): string {
  const list = findings.map((f) => describePersonalData(f)).join("; ");
  return `The ${where} contains what looks like personal data: ${list}. Take it out, or if it is not personal data, tick “I have checked: this is not personal data” and say why`;
}

export async function action(args: ActionFunctionArgs) {
  const post = await requireSectionPost(args);
  const { ret, values, version } = post;
  const list = `/returns/${ret.id}/case-studies`;
  return dispatchIntent(post.form, {
    complete: () => saveSectionForm(post, completeItemsSection("case_studies", "Case studies", "them"), answerTo("complete")),
    remove: async () => {
      const extra = answerTo("remove");
      if (version === null) return missingVersion(post, extra);
      const caseStudyId = typeof values.caseStudyId === "string" && values.caseStudyId ? values.caseStudyId : null;
      if (!caseStudyId) return sectionFailure(post, {}, 400, "Choose a case study to remove.", extra);
      return commitSectionSave(post, (trx, audit) => removeCaseStudy(trx, audit, { returnId: ret.id, version, caseStudyId }),
        { to: list, text: "The case study has been removed." }, { extra });
    },
    save: async () => {
      const extra = answerTo("save");
      if (version === null) return missingVersion(post, extra);
      const caseStudyId = typeof values.caseStudyId === "string" && values.caseStudyId ? values.caseStudyId : null;
      const detail = await sectionDetail(post);
      const themes = await caseStudyThemeOptions(getDb(), detail);
      const parsed = caseStudySchema({
        themeIds: themes.map((t) => t.id),
        indicatorIds: detail.indicators.filter((i) => i.kind === "outcome").map((i) => i.id),
      }).safeParse(values);
      const errors: FieldErrors = parsed.success ? {} : fieldErrorsOf(parsed.error.issues);
      // The check runs on what was typed, even when other fields need fixing, so every problem shows at once.
      const title = typeof values.title === "string" ? values.title : "";
      const story = typeof values.story === "string" ? values.story : "";
      const findings: Finding[] = [
        ...findPersonalData(title).map((m) => ({ field: "title" as const, ...m, label: PERSONAL_DATA_LABELS[m.kind] })),
        ...findPersonalData(story).map((m) => ({ field: "story" as const, ...m, label: PERSONAL_DATA_LABELS[m.kind] })),
      ];
      const overridden = parsed.success ? parsed.data.overrideConfirmed : values.override === "yes";
      if (findings.length && !overridden) {
        const inTitle = findings.filter((f) => f.field === "title");
        const inStory = findings.filter((f) => f.field === "story");
        if (inTitle.length) errors.title ??= findingsMessage("title", inTitle);
        if (inStory.length) errors.story ??= findingsMessage("story", inStory);
      }
      if (!parsed.success || Object.keys(errors).length) return sectionFailure(post, errors, 400, undefined, { ...extra, personalData: findings });
      const input = parsed.data;
      return commitSectionSave(
        post,
        (trx, audit) => saveCaseStudy(trx, audit, {
          returnId: ret.id, version, caseStudyId, input, personalDataOverride: findings.length ? input.overrideReason : null,
        }),
        { to: list, text: caseStudyId ? `The case study “${input.title}” has been changed.` : `The case study “${input.title}” has been added.` },
        { extra },
      );
    },
  });
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function CaseStudies() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<CaseStudyFailure>();
  const { summary } = data;
  const showForm = data.mode !== "list" || result?.intent === "save";
  const editing = showForm && (result?.intent === "save" ? !!result.values.caseStudyId : data.mode === "edit");
  return (
    <>
      <ReturnSectionHeader
        summary={summary}
        heading={showForm ? (editing ? "Change a case study" : "Add a case study") : "Case studies"}
        result={result}
        errors={result?.errors}
        queries={data.queries}
        back={showForm ? { to: `/returns/${summary.id}/case-studies`, text: "Back to case studies" } : undefined}
      />
      {showForm ? <CaseStudyForm data={data} result={result?.intent === "save" ? result : undefined} /> : <CaseStudyList data={data} result={result} />}
    </>
  );
}

function CaseStudyList({ data, result }: { data: LoaderData; result: CaseStudyFailure | undefined }) {
  const { summary } = data;
  const completeError = result?.intent === "complete" ? result.errors.complete : undefined;
  return (
    <>
      <p className="govuk-body">
        A case study tells the story of one family or young person the project helped, without anything that could identify them:
        no names, addresses, dates of birth or contact details. You need their consent (or their parent's or carer's) to share it.
      </p>
      {data.caseStudies.length ? (
        data.caseStudies.map((c) => (
          <div className="govuk-summary-card" key={c.id}>
            <div className="govuk-summary-card__title-wrapper">
              <h2 className="govuk-summary-card__title">{c.title}</h2>
              <ul className="govuk-summary-card__actions">
                <li className="govuk-summary-card__action">
                  <Link className="govuk-link" to={`/returns/${summary.id}/case-studies?edit=${c.id}`}>
                    Change<span className="govuk-visually-hidden"> {c.title}</span>
                  </Link>
                </li>
                <li className="govuk-summary-card__action">
                  <Form method="post" noValidate>
                    <input type="hidden" name="version" value={summary.version} />
                    <input type="hidden" name="caseStudyId" value={c.id} />
                    <button type="submit" name="intent" value="remove" className="govuk-button govuk-button--warning govuk-!-margin-bottom-0" data-module="govuk-button">
                      Remove<span className="govuk-visually-hidden"> {c.title}</span>
                    </button>
                  </Form>
                </li>
              </ul>
            </div>
            <div className="govuk-summary-card__content">
              <dl className="govuk-summary-list">
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">Story</dt>
                  <dd className="govuk-summary-list__value portal-pre-wrap">{c.story}</dd>
                </div>
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">Themes</dt>
                  <dd className="govuk-summary-list__value">{c.themes}</dd>
                </div>
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">Outcomes it shows</dt>
                  <dd className="govuk-summary-list__value">{c.indicators}</dd>
                </div>
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">Consent</dt>
                  <dd className="govuk-summary-list__value">Confirmed</dd>
                </div>
                {c.override ? (
                  <div className="govuk-summary-list__row">
                    <dt className="govuk-summary-list__key">Checked as not personal data</dt>
                    <dd className="govuk-summary-list__value">{c.override}</dd>
                  </div>
                ) : null}
              </dl>
            </div>
          </div>
        ))
      ) : (
        <p className="govuk-body">No case studies yet.</p>
      )}
      <p className="govuk-body">
        <Link className="govuk-button govuk-button--secondary" to={`/returns/${summary.id}/case-studies?add=1`}>
          {data.caseStudies.length ? "Add another case study" : "Add a case study"}
        </Link>
      </p>

      <Form method="post" noValidate>
        <input type="hidden" name="version" value={summary.version} />
        <input type="hidden" name="intent" value="complete" />
        <Radios
          name="complete"
          legend="Have you completed this section?"
          options={[
            { value: "yes", label: "Yes, I've completed this section" },
            { value: "no", label: "No, I'll come back to it later" },
          ]}
          defaultValue={data.completeDefault}
          error={completeError}
        />
        <Button>Save and continue</Button>
      </Form>
    </>
  );
}

function CaseStudyForm({ data, result }: { data: LoaderData; result: CaseStudyFailure | undefined }) {
  const { summary } = data;
  const values = result?.values ?? data.formDefaults;
  const errors = result?.errors ?? {};
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : "");
  const findings = result?.personalData ?? [];
  const showOverride = findings.length > 0 || !!data.storedOverride;
  return (
    <Form method="post" noValidate warnUnsaved>
      <input type="hidden" name="version" value={summary.version} />
      <input type="hidden" name="intent" value="save" />
      {text("caseStudyId") ? <input type="hidden" name="caseStudyId" value={text("caseStudyId")} /> : null}

      {findings.length ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
          <div className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            We found what looks like personal data:
            <ul className="govuk-list govuk-list--bullet govuk-!-margin-top-2">
              {findings.map((f, n) => (
                <li key={n}>
                  {f.label} in the {f.field}: <q>{f.text}</q>
                </li>
              ))}
            </ul>
          </div>
        </div>
      ) : null}

      <TextInput
        name="title"
        label="Title"
        hint={`A short title that does not identify anyone, like “A family finds its feet”. Up to ${CASE_STUDY_TITLE_MAX} characters.`}
        defaultValue={text("title")}
        error={errors.title}
      />
      <Textarea
        name="story"
        label="Story"
        hint={`What was happening, what the project did and what changed. Use no names (or a made-up first name you say is made up), addresses, dates of birth, phone numbers or other details that could identify anyone. Up to ${CASE_STUDY_STORY_MAX.toLocaleString("en-GB")} characters.`}
        rows={12}
        defaultValue={text("story")}
        error={errors.story}
      />
      <Checkboxes
        name="themes"
        legend="Which themes does it show?"
        hint="Select all that apply."
        options={data.themes}
        defaultValues={fieldValues(result?.values, "themes", Array.isArray(data.formDefaults.themes) ? data.formDefaults.themes : [])}
        error={errors.themes}
        small
      />
      {data.indicators.length ? (
        <Checkboxes
          name="indicators"
          legend="Which of the project's outcomes does it illustrate? (optional)"
          options={data.indicators}
          defaultValues={fieldValues(result?.values, "indicators", Array.isArray(data.formDefaults.indicators) ? data.formDefaults.indicators : [])}
          error={errors.indicators}
          small
        />
      ) : null}

      <div className={`govuk-form-group${errors.consent ? " govuk-form-group--error" : ""}`}>
        <fieldset className="govuk-fieldset" aria-describedby={errors.consent ? "consent-error" : undefined}>
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Consent</legend>
          {errors.consent ? (
            <p id="consent-error" className="govuk-error-message"><span className="govuk-visually-hidden">Error:</span> {errors.consent}</p>
          ) : null}
          <div className="govuk-checkboxes govuk-checkboxes--small">
            <div className="govuk-checkboxes__item">
              <input className="govuk-checkboxes__input" id="consent" name="consent" type="checkbox" value="yes" defaultChecked={text("consent") === "yes"} />
              <label className="govuk-label govuk-checkboxes__label" htmlFor="consent">
                The person this story is about (or their parent or carer) has agreed to it being shared with the council and its partners
              </label>
            </div>
          </div>
        </fieldset>
      </div>

      {showOverride ? (
        <div className={`govuk-form-group${errors.override_reason ? " govuk-form-group--error" : ""}`}>
          <fieldset className="govuk-fieldset">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">If what was found is not personal data</legend>
            <div className="govuk-checkboxes govuk-checkboxes--small">
              <div className="govuk-checkboxes__item">
                <input className="govuk-checkboxes__input" id="override" name="override" type="checkbox" value="yes" defaultChecked={text("override") === "yes"} />
                <label className="govuk-label govuk-checkboxes__label" htmlFor="override">
                  I have checked: this is not personal data
                </label>
              </div>
            </div>
            {errors.override_reason ? (
              <p id="override_reason-error" className="govuk-error-message">
                <span className="govuk-visually-hidden">Error:</span> {errors.override_reason}
              </p>
            ) : null}
            <label className="govuk-label govuk-!-margin-top-3" htmlFor={fieldId("override_reason")}>
              Why it is not personal data
            </label>
            <textarea
              className={`govuk-textarea${errors.override_reason ? " govuk-textarea--error" : ""}`}
              id={fieldId("override_reason")}
              name="override_reason"
              rows={3}
              defaultValue={text("override_reason")}
              aria-invalid={errors.override_reason ? true : undefined}
            />
          </fieldset>
        </div>
      ) : null}

      <div className="govuk-button-group">
        <Button>Save case study</Button>
        <Link className="govuk-link" to={`/returns/${summary.id}/case-studies`}>Cancel</Link>
      </div>
    </Form>
  );
}
