// Access to a project, for every project page: the project page and its documents, the plan,
// variations, visits and unit-cost links. One rule for all of them (requireRecord): a project
// this user may not see ("project:view": its own provider, officers covering its district)
// answers 404, whoever they are, so nobody learns that a project outside their reach exists;
// one they may see but not change answers 403 with the reason.
import { getDb } from "../../../db/client";
import type { SignedInUser } from "~/models/accounts/users.server";
import { loadProject, type LoadedProject } from "~/models/projects/projects.server";
import { can } from "~/policies/index";
import { requireRecord } from "../guards.server";

export interface ProjectAccess {
  user: SignedInUser;
  project: LoadedProject;
}

/** What an officer covering the district may do to a project beyond seeing it. */
export type ProjectAct = "project:manage" | "indicator-value:link";

const MANAGE_REFUSAL = "Only a commissioning officer covering the project's district can change it.";

function projectGuard(projectId: string | undefined) {
  return {
    load: () => (projectId ? loadProject(getDb(), projectId) : Promise.resolve(null)),
    see: (user: SignedInUser, project: LoadedProject) => can(user, "project:view", project.record),
    notFoundMessage: "Project not found",
  };
}

/** The project, for someone who may see it ("project:view"). */
export async function requireProjectViewer(request: Request, projectId: string | undefined): Promise<ProjectAccess> {
  const { user, record } = await requireRecord(request, projectGuard(projectId));
  return { user, project: record };
}

/**
 * The project, for an officer who may change it ("project:manage", or `act`); 403 with
 * `refusal` to anyone else who may see it.
 */
export async function requireProjectManager(
  request: Request,
  projectId: string | undefined,
  refusal = MANAGE_REFUSAL,
  act: ProjectAct = "project:manage",
): Promise<ProjectAccess> {
  const { user, record } = await requireRecord(request, {
    ...projectGuard(projectId),
    act: (u, project) => can(u, act, project.record),
    refusal,
  });
  return { user, project: record };
}
