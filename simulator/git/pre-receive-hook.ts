/**
 * The `pre-receive` hook every simulated repository gets: what GitHub checks before it accepts
 * a push over git, beyond git's own fsck (`receive.fsckObjects`, which refuses `.git` entries
 * and their HFS/NTFS look-alikes).
 *
 * - The default branch cannot be deleted: "refusing to delete the current branch: refs/heads/main".
 * - A GitHub App or Actions token without `workflows: write` cannot create or update a ref so
 *   that anything under `.github/workflows/` changes: "refusing to allow a GitHub App to create
 *   or update workflow `<path>` without `workflows` permission". An update is compared with the
 *   ref's old commit; a new ref with the default branch (GitHub evaluates a new ref's workflow
 *   files against the current default branch).
 *
 * Who is restricted: `SIM_WORKFLOWS_PERMISSION` (`write`, or `read`/`none`) when the smart-HTTP
 * layer passes it for the token (see `workflowsPermissionEnv`); otherwise the logins baked in
 * here (the app's bot when the app lacks `workflows: write`, and `github-actions[bot]`, whose
 * token can never have it), matched against `REMOTE_USER`.
 *
 * git prints the refusal as `remote: …` and rejects the refs with "pre-receive hook declined";
 * GitHub puts the same sentence in the per-ref reason instead.
 */
import type { SimAuth } from '../host.js';
import { WORKFLOWS_DIR } from './workflow-paths.js';

const ZERO = '0'.repeat(40);

/** Environment for `git http-backend` that tells the hook what this push's token may do. */
export function workflowsPermissionEnv(auth: SimAuth): Record<string, string> {
  if (auth.kind !== 'installation' && auth.kind !== 'job') return { SIM_WORKFLOWS_PERMISSION: 'write' };
  return { SIM_WORKFLOWS_PERMISSION: auth.permissions.workflows === 'write' ? 'write' : 'none' };
}

/** The hook script; `restrictedLogins` push without `workflows: write` unless told otherwise. */
export function preReceiveHook(restrictedLogins: readonly string[]): string {
  const patterns = restrictedLogins.map((login) => `'${login.replace(/'/g, '')}'`).join('|') || "''";
  return `#!/bin/sh
# Installed by the Drover GitHub simulator (simulator/git/pre-receive-hook.ts).
zero=${ZERO}
head=$(git symbolic-ref -q HEAD)
case "\${SIM_WORKFLOWS_PERMISSION:-}" in
  write) restricted=no ;;
  read|none) restricted=yes ;;
  *) case "$REMOTE_USER" in
       ${patterns}) restricted=yes ;;
       *) restricted=no ;;
     esac ;;
esac
status=0
while read -r old new ref; do
  if [ "$new" = "$zero" ]; then
    if [ "$ref" = "$head" ]; then
      echo "refusing to delete the current branch: $ref" >&2
      status=1
    fi
    continue
  fi
  [ "$restricted" = yes ] || continue
  base=$old
  if [ "$base" = "$zero" ]; then base=$(git rev-parse -q --verify "$head^{commit}"); fi
  if [ -n "$base" ]; then
    changed=$(git diff-tree -r --no-renames --name-only "$base" "$new" -- ${WORKFLOWS_DIR} | head -n 1)
  else
    changed=$(git ls-tree -r --name-only "$new" -- ${WORKFLOWS_DIR} | head -n 1)
  fi
  if [ -n "$changed" ]; then
    echo "refusing to allow a GitHub App to create or update workflow \\\`$changed\\\` without \\\`workflows\\\` permission" >&2
    status=1
  fi
done
exit $status
`;
}
