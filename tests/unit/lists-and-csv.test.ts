import { describe, expect, it } from "vitest";
import { pageNumbers } from "~/components/lists";
import { toCsv } from "~/lib/csv.server";
import { likePattern, toListPage } from "~/lib/lists";
import { parseListParams } from "~/lib/lists.server";

describe("list parameters from the URL", () => {
  const sorts = ["name", "created_at"] as const;

  it("reads page, sort, direction, search and format", () => {
    const params = parseListParams(new URL("http://x/?page=3&sort=created_at&dir=desc&q=%20red%20rose%20&format=csv"), sorts, "name");
    expect(params).toEqual({ page: 3, sort: "created_at", dir: "desc", q: "red rose", format: "csv" });
  });

  it("falls back to safe defaults for anything odd, never an error", () => {
    const params = parseListParams(new URL("http://x/?page=-2&sort=password_hash&dir=sideways&format=exe"), sorts, "name");
    expect(params).toEqual({ page: 1, sort: "name", dir: "asc", q: "", format: "html" });
  });

  it("counts pages", () => {
    expect(toListPage([], 0, { page: 1, format: "html" }).pageCount).toBe(1);
    expect(toListPage([], 26, { page: 1, format: "html" }).pageCount).toBe(2);
  });

  it("escapes LIKE wildcards typed into a search", () => {
    expect(likePattern("50%_off")).toBe("%50\\%\\_off%");
  });

  it("shows a window of page numbers with gaps", () => {
    expect(pageNumbers(1, 1)).toEqual([1]);
    expect(pageNumbers(5, 10)).toEqual([1, null, 4, 5, 6, null, 10]);
    expect(pageNumbers(2, 3)).toEqual([1, 2, 3]);
  });
});

describe("CSV", () => {
  it("quotes commas and quotes, and keeps numbers as numbers", () => {
    expect(toCsv(["Name", "Amount"], [["Red Rose, \"Family\"", 8000000]])).toBe('Name,Amount\r\n"Red Rose, ""Family""",8000000\r\n');
  });

  it("stops a cell being run as a spreadsheet formula", () => {
    expect(toCsv(["x"], [["=HYPERLINK(\"http://evil\")"], ["+1"], ["-2"], ["@SUM(A1)"]])).toBe(
      "x\r\n\"'=HYPERLINK(\"\"http://evil\"\")\"\r\n'+1\r\n'-2\r\n'@SUM(A1)\r\n",
    );
  });

  it("writes empty cells for missing values and Yes/No for flags", () => {
    expect(toCsv(["a", "b", "c"], [[null, undefined, true]])).toBe("a,b,c\r\n,,Yes\r\n");
  });
});
