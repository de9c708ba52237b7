// The CSV download of the list page beside it: a resource route, so the browser gets a file.
export { loader } from "./admin.unit-costs._index";
