// The CSV download of the visits page beside it: a resource route, so the browser gets a file.
// `?list=actions` gives the open actions; otherwise the projects due a visit.
export { loader } from "./visits._index";
