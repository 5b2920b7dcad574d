/**
 * The open pull requests of tasks in review, re-read every pass in one GraphQL query: checks
 * finishing and GitHub's mergeability computation change a PR without touching its issue, so the
 * incremental issue read does not see them, and a dropped webhook must not stall a merge.
 */
import type { RepoGateway } from '../../../core/gateway/index.js';
import type { RepoSession } from '../repo-session.js';

export async function refreshPullRequests(gateway: RepoGateway, session: RepoSession): Promise<void> {
  const open = [...session.pulls.values()].flat().filter((pr) => pr.state === 'open');
  if (open.length === 0) return;
  const fresh = await gateway.pulls.getMany(open.map((pr) => pr.nodeId));
  const byNode = new Map(fresh.map((pr) => [pr.nodeId, pr]));
  for (const [task, prs] of session.pulls)
    session.pulls.set(
      task,
      prs.map((pr) => byNode.get(pr.nodeId) ?? pr),
    );
}
