// Any address no route claims: the friendly 404 from the root error boundary.
import { notFound } from "~/http/guards.server";

export async function loader() {
  notFound();
}

export async function action() {
  notFound();
}

export default function NotFound() {
  return null;
}
