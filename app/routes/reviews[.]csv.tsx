// The CSV download of the review queue beside it: a resource route, so the browser gets a file.
export { loader } from "./reviews._index";
