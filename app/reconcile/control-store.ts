/**
 * The control record in `refs/drover/state` (core/control-record.ts): read it, and change it by
 * compare-and-swap. A change writes a commit whose parent is the record it was computed from and
 * moves the ref without force; if another controller moved it first GitHub refuses (422) and the
 * change is computed again from the newer record. A change is a function of the record, so
 * applying it again is safe: a swap that failed with a server fault is tried again too.
 */
import {
  CONTROL_REF,
  appliedCommand,
  emptyControlRecord,
  withAppliedCommand,
  parseControlRecord,
  type ControlRecord,
} from '../../core/control-record.js';
import { isGitHubError } from '../../core/gateway/github-error.js';
import type { RepoGateway } from '../../core/gateway/index.js';
import type { RepoSession } from './repo-session.js';

export interface ControlRead {
  record: ControlRecord;
  /** The record's commit, null when there is none yet. */
  sha: string | null;
  problem: string | null;
}

/** Attempts of a compare-and-swap before giving up (each loses only to another writer's success). */
const CAS_ATTEMPTS = 5;

export async function readControl(gateway: RepoGateway, session: RepoSession): Promise<ControlRead> {
  const sha = await gateway.refs.get(CONTROL_REF);
  if (sha === null) return { record: emptyControlRecord(), sha: null, problem: null };
  let message = session.commitMessages.get(sha);
  if (message === undefined) {
    message = (await gateway.commits.get(sha)).message;
    session.commitMessages.set(sha, message);
  }
  return { sha, ...parseControlRecord(message) };
}

/**
 * Applies `change` to the current record until the swap succeeds. `change` returns null to
 * leave the record as it is. Returns the record now in force.
 *
 * A command's change names its comment (`command`): the swap notes the comment as applied in
 * the record, and a record that already notes it is left as it is, so a command taken up again
 * (its controller died before answering) changes the record once (docs/control-loop.md §4).
 */
export async function changeControl(
  gateway: RepoGateway,
  session: RepoSession,
  requested: (record: ControlRecord) => ControlRecord | null,
  options: { command?: number } = {},
): Promise<ControlRecord> {
  const { command } = options;
  const change =
    command === undefined
      ? requested
      : (record: ControlRecord) => {
          if (appliedCommand(record, command)) return null;
          const next = requested(record);
          return next === null ? null : withAppliedCommand(next, command);
        };
  let fault: unknown = null;
  for (let attempt = 1; attempt <= CAS_ATTEMPTS; attempt++) {
    try {
      const next = await swapOnce(gateway, session, change);
      if (next !== 'lost') return next;
    } catch (error) {
      // A 5xx or no answer on the commit or the ref write: whether or not GitHub performed it,
      // trying again is safe (it re-reads the record and applies the change to what it finds),
      // and giving up would lose a person's command to one fault (the chaos benchmark's 10 %).
      if (!isGitHubError(error, 'server') && !isGitHubError(error, 'network')) throw error;
      fault = error;
    }
  }
  if (fault !== null) throw fault;
  throw new Error(`${CONTROL_REF} kept changing under ${CAS_ATTEMPTS} attempts to update it; try again`);
}

/** One compare-and-swap: the record now in force, or `lost` when another writer moved the ref first. */
async function swapOnce(
  gateway: RepoGateway,
  session: RepoSession,
  change: (record: ControlRecord) => ControlRecord | null,
): Promise<ControlRecord | 'lost'> {
  const current = await readControl(gateway, session);
  const next = change(current.record);
  if (next === null) return current.record;
  const message = JSON.stringify(next);
  const tree = await defaultBranchTree(gateway);
  const sha = await gateway.commits.createCommit(message, tree, current.sha === null ? [] : [current.sha]);
  session.commitMessages.set(sha, message);
  const swapped =
    current.sha === null
      ? (await gateway.refs.create(CONTROL_REF, sha)) === 'created'
      : (await gateway.refs.update(CONTROL_REF, sha, { force: false })) === 'updated';
  return swapped ? next : 'lost';
}

/**
 * A record commit needs a tree: the default branch's current one. GitHub refuses an app token
 * (without the `workflows` permission) a ref whose commit's `.github/workflows/` differs from the
 * default branch's, so an older tree would be refused once the workflows changed.
 */
async function defaultBranchTree(gateway: RepoGateway): Promise<string> {
  const settings = await gateway.repository.settings();
  const head = await gateway.repository.branchHead(settings.defaultBranch);
  if (head === null) throw new Error(`The default branch ${settings.defaultBranch} has no commit yet`);
  return (await gateway.commits.get(head)).treeSha;
}
