// Linking an outcome indicator to a unit cost, so that each outcome achieved counts towards
// the district's estimated costs avoided. The page says how the figure is worked out and
// shows it with the figures chosen; "Show the worked example" posts the form back without
// saving, so it works without JavaScript.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb, type Executor } from "../../db/client";
import { Button, ErrorSummary, Select, TextInput } from "~/components/forms";
import { financialYearLabel, financialYearOf } from "~/lib/financial-year";
import { failure, fieldValue, formValues, parseForm, type FieldErrors, type FormFailure, type FormValues, readVersion } from "~/lib/forms";
import { formatPence } from "~/lib/money";
import { getSettings } from "~/models/admin/settings.server";
import {
  getUnitCost, listActiveUnitCosts
} from "~/models/unit-costs/unit-costs.server";
import { auditContext, notFound } from "~/http/guards.server";
import { refusedForm } from "~/http/errors.server";
import { dispatchIntent } from "~/http/intents.server";
import { requireProjectManager } from "~/http/projects/access.server";
import { flash } from "~/services/session.server";
import { DomainError } from "~/models/errors";
import { costAvoidedPence, getUpratingRates, upratedPence, type CostLink } from "~/models/unit-costs/uprating.server";
import { LINK_MESSAGES, perUnit } from "~/schemas/unit-costs";
import { indicatorLinkSchema } from "~/schemas/unit-costs.server";
import { getIndicatorCostLinks, getProjectIndicator, linkIndicatorToUnitCost, unlinkIndicator } from "~/models/unit-costs/links.server";
import { Form } from "~/components/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `${data.indicator.name}: ` : ""}Link to a unit cost – Early help portal` },
];

const REFUSED = "Only a commissioning officer covering the project's district can link its outcomes to a unit cost.";
/** How many outcomes the worked example counts: enough to show the arithmetic plainly. */
const EXAMPLE_OUTCOMES = 10;
const BEARER_LABELS: Record<string, string> = { council: "the council", partners: "partners" };

const access = (request: Request, projectId: string | undefined) => requireProjectManager(request, projectId, REFUSED, "indicator-value:link");

interface Uprating {
  year: number;
  rates: Map<number, number>;
  defaultPercent: number;
}

async function uprating(db: Executor): Promise<Uprating> {
  const [rates, settings] = await Promise.all([getUpratingRates(db), getSettings(db)]);
  return { year: financialYearOf(new Date()), rates, defaultPercent: settings.uprating_default_percent };
}

interface WorkedExample {
  outcomes: number;
  code: string;
  item: string;
  per: string;
  bearer: string;
  valuePence: number;
  priceYearLabel: string;
  yearLabel: string;
  upratedPence: number;
  grossPence: number;
  deadweightPercent: number;
  afterDeadweightPence: number;
  attributionPercent: number;
  afterAttributionPence: number;
  optimismBiasPercent: number;
  perOutcomePence: number;
  totalPence: number;
}

function workedExample(
  unitCost: { code: string; item: string; per: string; bearer: string; valuePence: number; priceYear: number },
  link: CostLink,
  u: Uprating,
): WorkedExample {
  const uprated = upratedPence(unitCost.valuePence, unitCost.priceYear, u.year, u.rates, u.defaultPercent);
  const gross = EXAMPLE_OUTCOMES * uprated;
  // The steps are shown to the penny; the total is the one the profile counts.
  const afterDeadweight = gross * (1 - link.deadweightPercent / 100);
  return {
    outcomes: EXAMPLE_OUTCOMES,
    code: unitCost.code,
    item: unitCost.item,
    per: unitCost.per,
    bearer: BEARER_LABELS[unitCost.bearer] ?? unitCost.bearer,
    valuePence: unitCost.valuePence,
    priceYearLabel: financialYearLabel(unitCost.priceYear),
    yearLabel: financialYearLabel(u.year),
    upratedPence: uprated,
    grossPence: gross,
    deadweightPercent: link.deadweightPercent,
    afterDeadweightPence: Math.round(afterDeadweight),
    attributionPercent: link.attributionPercent,
    afterAttributionPence: Math.round(afterDeadweight * (1 - link.attributionPercent / 100)),
    optimismBiasPercent: link.optimismBiasPercent,
    perOutcomePence: costAvoidedPence(1, uprated, link),
    totalPence: costAvoidedPence(EXAMPLE_OUTCOMES, uprated, link),
  };
}

async function loadIndicator(db: Executor, projectId: string, indicatorId: string | undefined) {
  const indicator = indicatorId ? await getProjectIndicator(db, projectId, indicatorId) : null;
  if (!indicator) notFound("Indicator not found");
  return indicator;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { project } = await access(request, params.projectId);
  const db = getDb();
  const indicator = await loadIndicator(db, project.id, params.indicatorId);
  const [links, active, u] = await Promise.all([getIndicatorCostLinks(db, [indicator.id]), listActiveUnitCosts(db), uprating(db)]);
  const link = links.get(indicator.id) ?? null;
  const yearLabel = financialYearLabel(u.year);
  const options = active.map((c) => ({
    value: c.id,
    label: `${c.code}: ${c.item} (${formatPence(upratedPence(c.valuePence, c.priceYear, u.year, u.rates, u.defaultPercent))} ${perUnit(c.per)} at ${yearLabel} prices)`,
  }));
  // A cost retired since it was linked stays on the list for this indicator only.
  if (link && !active.some((c) => c.id === link.unitCost.id)) {
    const c = link.unitCost;
    options.unshift({
      value: c.id,
      label: `${c.code}: ${c.item} (${formatPence(upratedPence(c.valuePence, c.priceYear, u.year, u.rates, u.defaultPercent))} ${perUnit(c.per)}; no longer offered for new links)`,
    });
  }
  return json({
    project: { id: project.id, reference: project.reference, title: project.title },
    indicator,
    link: link
      ? {
          version: link.version,
          unitCost: { ...link.unitCost, priceYearLabel: financialYearLabel(link.unitCost.priceYear) },
          deadweightPercent: link.deadweightPercent,
          attributionPercent: link.attributionPercent,
          optimismBiasPercent: link.optimismBiasPercent,
        }
      : null,
    example: link ? workedExample(link.unitCost, link, u) : null,
    options,
    yearLabel,
    // The page needs the message to render; .server values do not reach the browser.
    notLinkableMessage: LINK_MESSAGES.notLinkable,
    form: {
      unit_cost_id: link?.unitCost.id ?? "",
      deadweight_percent: link ? String(link.deadweightPercent) : "",
      attribution_percent: link ? String(link.attributionPercent) : "",
      optimism_bias_percent: link ? String(link.optimismBiasPercent) : "",
      version: link ? String(link.version) : "",
    } as FormValues,
  });
}

/** What the action sends back: a problem, or (for "Show the worked example") the example. */
interface LinkFormData extends FormFailure {
  example?: WorkedExample;
}

const refused = (values: FormValues, errors: FieldErrors, formError: string | undefined, status: number) =>
  json<LinkFormData>(failure(values, errors, formError), { status });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, project } = await access(request, params.projectId);
  const db = getDb();
  const indicator = await loadIndicator(db, project.id, params.indicatorId);
  const form = await request.formData();
  const values = formValues(form);
  const audit = auditContext(user, context);
  const back = `/projects/${project.id}#indicators`;

  // What "link" and "preview" both read: the chosen unit cost and the three percentages.
  const linkForm = () => {
    if (!indicator.linkable) return { ok: false as const, refusal: refused(values, {}, LINK_MESSAGES.notLinkable, 400) };
    const parsed = parseForm(indicatorLinkSchema, form);
    return parsed.ok ? parsed : { ok: false as const, refusal: json<LinkFormData>(parsed, { status: 400 }) };
  };
  const done = async (text: string) => redirect(back, { headers: { "Set-Cookie": await flash(request, { kind: "success", text }) } });

  return dispatchIntent(form, {
    unlink: async () => {
      const version = readVersion(values.version);
      try {
        await db.transaction().execute((trx) => unlinkIndicator(trx, audit, indicator.id, version));
      } catch (error) {
        // Unlinked already, or changed since the page was loaded: someone else's change either way.
        if (error instanceof DomainError) return refused(values, {}, error.message, 409);
        throw error;
      }
      return done(`${indicator.name} no longer counts towards estimated costs avoided`);
    },
    preview: async () => {
      const result = linkForm();
      if (!result.ok) return result.refusal;
      const unitCost = await getUnitCost(db, result.data.unit_cost_id);
      if (!unitCost) return refused(values, { unit_cost_id: LINK_MESSAGES.unitCost }, undefined, 400);
      const example = workedExample(unitCost, {
        deadweightPercent: result.data.deadweight_percent,
        attributionPercent: result.data.attribution_percent,
        optimismBiasPercent: result.data.optimism_bias_percent,
      }, await uprating(db));
      return json<LinkFormData>({ ...failure(values, {}), example });
    },
    link: async () => {
      const result = linkForm();
      if (!result.ok) return result.refusal;
      try {
        await db.transaction().execute((trx) => linkIndicatorToUnitCost(trx, audit, indicator.id, result.data));
      } catch (error) {
        return refusedForm(error, values);
      }
      return done(`${indicator.name} now counts towards estimated costs avoided`);
    },
  });
}

const percent = (n: number): string => `${Number(n.toFixed(2))}%`;

function Example({ e }: { e: WorkedExample }) {
  return (
    <div className="govuk-inset-text" aria-labelledby="example-heading">
      <h3 className="govuk-heading-s" id="example-heading">Worked example: {e.outcomes} outcomes achieved</h3>
      <ol className="govuk-list govuk-list--number">
        <li>
          {e.code} is {formatPence(e.valuePence)} {perUnit(e.per)} at {e.priceYearLabel} prices, which is {formatPence(e.upratedPence)} at{" "}
          {e.yearLabel} prices.
        </li>
        <li>{e.outcomes} outcomes × {formatPence(e.upratedPence)} = {formatPence(e.grossPence)}.</li>
        <li>Less deadweight of {percent(e.deadweightPercent)}: {formatPence(e.afterDeadweightPence)}.</li>
        <li>Less attribution of {percent(e.attributionPercent)}: {formatPence(e.afterAttributionPence)}.</li>
        <li>
          Less optimism bias of {percent(e.optimismBiasPercent)}: <strong>{formatPence(e.totalPence)} estimated costs avoided</strong>,
          falling to {e.bearer}.
        </li>
      </ol>
      <p className="govuk-body govuk-!-margin-bottom-0">
        So each outcome achieved counts {formatPence(e.perOutcomePence)} of estimated costs avoided.
      </p>
    </div>
  );
}

export default function LinkIndicatorToUnitCost() {
  const { project, indicator, link, example, options, yearLabel, notLinkableMessage, form } = useLoaderData<typeof loader>();
  // Every answer is the form again, with the worked example when one was asked for.
  const result = useActionData<LinkFormData>();
  const values = result?.values ?? form;
  const errors = result?.errors;
  const shown = result?.example ?? example;
  const stale = result?.formError !== undefined && result.formError !== notLinkableMessage && !errors?.unit_cost_id;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to={`/projects/${project.id}#indicators`}>Back to {project.reference}</Link>
        <ErrorSummary errors={errors} formError={result?.formError} submissionId={result?.submissionId} />
        <span className="govuk-caption-l">{project.reference}: {project.title}</span>
        <h1 className="govuk-heading-l">{link ? "Change the unit cost for" : "Link to a unit cost:"} {indicator.name}</h1>
        <p className="govuk-body">{indicator.definition}</p>

        <h2 className="govuk-heading-m">How estimated costs avoided are counted</h2>
        <p className="govuk-body">
          Each outcome achieved counts the unit cost, uprated to this year's prices, less deadweight (would have happened
          anyway), attribution (down to others) and optimism bias.
        </p>
        <p className="govuk-body">
          The result is an estimate of costs that public services are likely to have avoided, not money the council can take
          back out of a budget. Only outcomes from approved returns are counted.
        </p>

        {!indicator.linkable ? (
          <div className="govuk-warning-text">
            <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
            <strong className="govuk-warning-text__text">
              <span className="govuk-visually-hidden">Warning</span>
              {notLinkableMessage}. This is {indicator.kind === "output" ? "an output" : "an outcome where lower is better"}.
            </strong>
          </div>
        ) : null}

        {link ? (
          <>
            <h2 className="govuk-heading-m">Linked now</h2>
            <dl className="govuk-summary-list">
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Unit cost</dt>
                <dd className="govuk-summary-list__value">
                  {link.unitCost.code}: {link.unitCost.item}, {formatPence(link.unitCost.valuePence)} {perUnit(link.unitCost.per)} at{" "}
                  {link.unitCost.priceYearLabel} prices
                  <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">Source: {link.unitCost.source}</span>
                </dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Deadweight</dt>
                <dd className="govuk-summary-list__value">{percent(link.deadweightPercent)}</dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Attribution</dt>
                <dd className="govuk-summary-list__value">{percent(link.attributionPercent)}</dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Optimism bias</dt>
                <dd className="govuk-summary-list__value">{percent(link.optimismBiasPercent)}</dd>
              </div>
            </dl>
          </>
        ) : null}

        {shown ? <Example e={shown} /> : null}

        {indicator.linkable ? (
          <>
            <h2 className="govuk-heading-m" id="link-form">{link ? "Change the link" : "Choose the unit cost"}</h2>
            {stale && link ? (
              <div className="govuk-inset-text">The link saved now is shown above. Saving again replaces it with what is in the form below.</div>
            ) : null}
            <Form method="post" noValidate aria-labelledby="link-form">
              <input type="hidden" name="version" value={stale ? (link ? String(link.version) : "") : fieldValue(values, "version")} />
              <Select
                name="unit_cost_id"
                label="Unit cost each outcome avoids"
                hint={`Values are shown at ${yearLabel} prices.`}
                options={options}
                emptyLabel="Choose a unit cost"
                defaultValue={fieldValue(values, "unit_cost_id")}
                error={errors?.unit_cost_id}
              />
              <TextInput
                name="deadweight_percent"
                label="Deadweight, per cent"
                hint="The share of these outcomes that would have happened anyway, without the project. Like 20 or 12.5."
                defaultValue={fieldValue(values, "deadweight_percent")}
                error={errors?.deadweight_percent}
                width="4"
                inputMode="decimal"
              />
              <TextInput
                name="attribution_percent"
                label="Attribution, per cent"
                hint="The share of the outcomes down to others: other services and people working with the same families."
                defaultValue={fieldValue(values, "attribution_percent")}
                error={errors?.attribution_percent}
                width="4"
                inputMode="decimal"
              />
              <TextInput
                name="optimism_bias_percent"
                label="Optimism bias, per cent"
                hint="A further allowance for the unit cost or the outcomes being overstated."
                defaultValue={fieldValue(values, "optimism_bias_percent")}
                error={errors?.optimism_bias_percent}
                width="4"
                inputMode="decimal"
              />
              <div className="govuk-button-group">
                <Button name="intent" value="link">{link ? "Save the link" : "Link to this unit cost"}</Button>
                <Button name="intent" value="preview" secondary preventDoubleClick={false}>Show the worked example</Button>
              </div>
            </Form>
          </>
        ) : null}

        {link ? (
          <Form method="post">
            <input type="hidden" name="version" value={String(link.version)} />
            <p className="govuk-body">Unlinking stops this indicator's outcomes counting towards estimated costs avoided on live profiles.</p>
            <Button name="intent" value="unlink" warning>Unlink from {link.unitCost.code}</Button>
          </Form>
        ) : null}
      </div>
    </div>
  );
}
