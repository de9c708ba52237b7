// The filters above a list of tenders (the signed-in list and the public opportunities):
// words, status, district and theme, sent as a bookmarkable GET.
import { FilterForm } from "~/components/lists";
import type { TenderStatus } from "~/models/statuses";
import { TENDER_STATUS_LABELS } from "~/schemas/tenders";

interface Option {
  id: string;
  name: string;
}

export function TenderFilters(props: {
  sort: string;
  dir: string;
  q: string;
  filters: { status: string; districtId: string; themeId: string };
  statuses: readonly TenderStatus[];
  districts: readonly Option[];
  themes: readonly Option[];
}) {
  const { sort, dir, q, filters, statuses, districts, themes } = props;
  return (
    <FilterForm sort={sort} dir={dir}>
      <div className="govuk-form-group">
        <label className="govuk-label" htmlFor="q">Reference or title</label>
        <input className="govuk-input govuk-input--width-20" id="q" name="q" type="search" defaultValue={q} spellCheck={false} />
      </div>
      <div className="govuk-form-group">
        <label className="govuk-label" htmlFor="status">Status</label>
        <select className="govuk-select" id="status" name="status" defaultValue={filters.status}>
          <option value="">Any status</option>
          {statuses.map((s) => <option key={s} value={s}>{TENDER_STATUS_LABELS[s]}</option>)}
        </select>
      </div>
      <div className="govuk-form-group">
        <label className="govuk-label" htmlFor="district">District</label>
        <select className="govuk-select" id="district" name="district" defaultValue={filters.districtId}>
          <option value="">Any district</option>
          {districts.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
        </select>
      </div>
      <div className="govuk-form-group">
        <label className="govuk-label" htmlFor="theme">Theme</label>
        <select className="govuk-select" id="theme" name="theme" defaultValue={filters.themeId}>
          <option value="">Any theme</option>
          {themes.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
        </select>
      </div>
    </FilterForm>
  );
}
