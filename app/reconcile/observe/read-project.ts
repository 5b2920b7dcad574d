/**
 * The Projects (v2) board, when `project:` is configured: its Status field is looked up once per
 * configuration, and the cards' current options are read on a full read (people move cards too);
 * between full reads the session knows what Drover itself wrote.
 */
import type { DroverConfig } from '../../../core/config.js';
import type { RepoGateway } from '../../../core/gateway/index.js';
import type { RepoSession } from '../repo-session.js';

type ProjectConfig = NonNullable<DroverConfig['project']>;

export function projectKey(project: ProjectConfig): string {
  return `${project.owner}/${project.number}/${project.field}`;
}

export async function readProject(
  gateway: RepoGateway,
  session: RepoSession,
  config: DroverConfig,
  full: boolean,
): Promise<void> {
  const project = config.project;
  if (project === null) {
    session.project = null;
    return;
  }
  const key = projectKey(project);
  if (session.project?.key !== key) {
    const field = await gateway.projects.findStatusField(project.owner, project.number, project.field);
    session.project = { key, field, statuses: new Map() };
    full = true;
  }
  const field = session.project.field;
  if (!full || field === null) return;
  const nodeIds = [...session.issues.values()].flatMap((issue) =>
    issue.nodeId === undefined || issue.labels.length === 0 ? [] : [issue.nodeId],
  );
  session.project.statuses = new Map(await gateway.projects.readStatuses(field, nodeIds));
}

export function missingFieldText(project: ProjectConfig): string {
  return (
    `The Projects board is not updated: project ${project.number} of \`${project.owner}\` was not found, ` +
    `or it has no single-select field "${project.field}" (or the app cannot read it). ` +
    'Check `project:` in .github/drover.yml and that the app has the Projects permission.'
  );
}
