/**
 * Class 6 of issue #10, end to end: the agent's summary (and its other fields, and its commit
 * messages) tries to close other issues on merge, the dashboard among them, and to ping people.
 * The task's pull request merges (the work itself is harmless); every other issue stays open.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { defaultBranchUntouched, runHostile, type HostileCase, type HostileRun } from './hostile-world.js';

/** Every closing keyword GitHub knows, at every issue number the repository will have. */
const closeAll = (numbers: number[], owner: string, repo: string) =>
  numbers
    .flatMap((n, i) => {
      const keyword = ['Closes', 'fixes', 'RESOLVED', 'close:', 'Fixed', 'resolves'][i % 6];
      return [
        `${keyword} #${n}`,
        `${keyword} ${owner}/${repo}#${n}`,
        `${keyword} https://github.com/${owner}/${repo}/issues/${n}`,
      ];
    })
    .join('\n');

const NUMBERS = Array.from({ length: 12 }, (_, i) => i + 1);

describe('class 6: the agent’s text closes no issue', () => {
  let run: HostileRun;
  let bystander = 0;

  beforeAll(async () => {
    const text = closeAll(NUMBERS, 'owner1', 'backlog1');
    const cases: HostileCase[] = [
      {
        name: 'summary, agent name and commit message close every issue',
        outcome: {
          summary: `Done.\n\n${text}\n\ncc @owner1 @bystander`,
          agent: 'Closes #1',
          model: 'fixes #2',
        },
        patch: {
          commits: [
            {
              issue: '$TASK',
              message: `Do the task\n\n${text}`,
              changes: [
                {
                  action: 'write',
                  path: 'notes/done.md',
                  mode: '100644',
                  contentBase64: Buffer.from('done\n').toString('base64'),
                },
              ],
            },
          ],
        },
      },
    ];
    run = await runHostile(cases, {
      setup: async (repo) => {
        bystander = await repo.createIssue('An unrelated bug', []);
        return {};
      },
    });
  }, 150_000);

  afterAll(async () => {
    await run?.world.close();
  });

  it('the task itself merged, with only its own change', () => {
    const number = [...run.tasks.values()][0] as number;
    expect(run.repo.isClosed(number)).toBe(true);
    expect(run.repo.isClosed(run.healthy)).toBe(true);
    expect(defaultBranchUntouched(run, ['notes/done.md'])).toEqual([]);
  });

  it('no other issue was closed: the bystander and the dashboard stay open', () => {
    const task = [...run.tasks.values()][0] as number;
    const closed = run.world.sim.state.issues
      .list(run.repo.fullName, { state: 'all' })
      .filter(
        (issue) => issue.state === 'closed' && run.repo.pulls().every((pr) => pr.number !== issue.number),
      )
      .map((issue) => issue.number)
      .sort((a, b) => a - b);
    expect(closed).toEqual([task, run.healthy].sort((a, b) => a - b));
    expect(run.repo.isClosed(bystander)).toBe(false);
    expect(run.repo.isClosed(run.repo.dashboardIssue())).toBe(false);
  });

  it('the pull request body closes only the task, and shows the agent’s text as inert code', () => {
    const task = [...run.tasks.values()][0] as number;
    const pr = run.repo.pulls().find((pull) => pull.headRef.startsWith(`drover/${task}/`));
    const body = run.repo.issue(pr?.number as number).body ?? '';
    const outsideCode = body.replace(/(`{3,}|~{3,})[\s\S]*?\1/g, '').replace(/`[^`\n]*`/g, '');
    expect(outsideCode.match(/\b(close[sd]?|fix(e[sd])?|resolve[sd]?)\b:?\s+\S*#\d+/gi)).toEqual([
      `Closes #${task}`,
    ]);
    expect(outsideCode).not.toContain('@bystander');
  });
});
