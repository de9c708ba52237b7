// The profile's tables and RAG tags, shared by its sections (profile-view.tsx,
// profile-projects.tsx) and the project's performance page.
import type { ReactNode } from "react";
import { TableWrapper } from "~/components/lists";
import { RAG_WORDS } from "~/profiles/labels";
import type { Rag } from "~/profiles/types";

const RAG_TAG: Record<Rag, string> = {
  green: "govuk-tag govuk-tag--green",
  amber: "govuk-tag govuk-tag--yellow",
  red: "govuk-tag govuk-tag--red",
};

/** A profile table: its caption, and cells styled from the table's class (.profile-table), not each its own. */
export function Table({ caption, children }: { caption: string; children: ReactNode }) {
  return (
    <TableWrapper caption={caption}>
      <table className="govuk-table profile-table">
        <caption>{caption}</caption>
        {children}
      </table>
    </TableWrapper>
  );
}

export function RagTag({ rag }: { rag: Rag | null }) {
  if (!rag) return <span>–</span>;
  return <strong className={`${RAG_TAG[rag]} profile-rag`}>{RAG_WORDS[rag]}</strong>;
}
