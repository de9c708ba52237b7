// The forms officers enter context figures through: the grid's fields, and what the import
// page says about a file. Client-safe, so the page and its action name fields the same way.

/** How many quarters the grid shows, ending with the chosen one. */
export const GRID_QUARTERS = 8;

/** The form field of one cell: value_<indicator id>_2026-27_Q1. */
export const contextField = (indicatorId: string, quarter: string): string => `value_${indicatorId}_${quarter.replace(/\s+/g, "_")}`;

// Messages only: the size limit comes from a .server module, so it goes into its message
// when the action runs.
export const IMPORT_MESSAGES = {
  noFile: "Select a CSV file to import",
  tooBig: (size: string) => `The selected file must be smaller than ${size}`,
  notText: "The selected file is not a CSV file: in your spreadsheet, use Save as and choose CSV UTF-8",
  notUtf8: "The selected file is not saved as UTF-8 text: in your spreadsheet, use Save as and choose CSV UTF-8",
  problems: (n: number) => `The file has ${n === 1 ? "a problem" : `${n.toLocaleString("en-GB")} problems`}: nothing has been imported. Fix ${n === 1 ? "it" : "them"} and import the file again.`,
};
