import { describe, expect, it } from '@jest/globals';
import { defaultConfig, parseConfig } from '../../core/config.js';

describe('parseConfig', () => {
  it('gives every default for an empty file', () => {
    expect(parseConfig('')).toEqual({ ok: true, config: defaultConfig() });
    expect(defaultConfig()).toMatchObject({
      workers: 3,
      workflow: 'drover.yml',
      agent: { name: 'claude', command: null, model: null, max_turns: null, args: [] },
      verify: null,
      timeout_minutes: 60,
      max_attempts: 3,
      backoff: { base_seconds: 60, factor: 2, max_seconds: 3600 },
      merge: { mode: 'auto', method: 'squash' },
      not_planned_satisfies: false,
      patch: { max_bytes: 5_000_000, max_files: 500, allow_workflow_changes: false },
      labels: {
        task: 'drover',
        running: 'drover:running',
        review: 'drover:review',
        blocked: 'drover:blocked',
        failed: 'drover:failed',
      },
      trust: { min_permission: 'write' },
      resync_minutes: 5,
      project: null,
      budget_usd: null,
    });
  });

  it('fills the defaults of a section given in part', () => {
    const result = parseConfig('merge:\n  method: rebase\nproject:\n  owner: octo-org\n  number: 3\n');
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.config.merge).toEqual({ mode: 'auto', method: 'rebase', checks: 'all' });
    expect(result.config.project).toEqual({
      owner: 'octo-org',
      number: 3,
      field: 'Status',
      statuses: {
        todo: 'Todo',
        ready: 'Ready',
        in_progress: 'In progress',
        in_review: 'In review',
        done: 'Done',
        blocked: 'Blocked',
        failed: 'Failed',
      },
    });
  });

  it('accepts a command agent with its command', () => {
    const result = parseConfig('agent:\n  name: command\n  command: ./agent.sh\n');
    expect(result.ok && result.config.agent.command).toBe('./agent.sh');
  });

  it.each([
    ['merge: { mode: fast }', 'merge.mode: "fast" is not one of auto, direct, manual'],
    ['merge: { method: ff }', 'merge.method: "ff" is not one of merge, squash, rebase'],
    ['agent: { name: gpt }', 'agent.name: "gpt" is not one of claude, codex, amp, opencode, command'],
    ['trust: { min_permission: read }', 'trust.min_permission: "read" is not one of write, maintain, admin'],
    ['workers: 0', 'workers: 0 is too small (allowed: 1..64)'],
    ['workers: 65', 'workers: 65 is too big (allowed: 1..64)'],
    ['workers: 2.5', 'workers: expected an integer, got 2.5'],
    ['workers: three', 'workers: expected an integer, got "three"'],
    ['timeout_minutes: 361', 'timeout_minutes: 361 is too big (allowed: 1..360)'],
    ['max_attempts: 21', 'max_attempts: 21 is too big (allowed: 1..20)'],
    ['agent: { max_turns: 0 }', 'agent.max_turns: 0 is too small (must be at least 1)'],
    ['verify: 3', 'verify: expected a string or null, got 3'],
    ['not_planned_satisfies: maybe', 'not_planned_satisfies: expected a boolean, got "maybe"'],
    ['budget_usd: -1', 'budget_usd: -1 is too small (must be greater than 0)'],
    ['project: { owner: octo-org }', 'project.number: is required (an integer)'],
    [
      'agent: { name: command }',
      'agent.command: is required when agent.name is "command" (a shell command, e.g. "./scripts/agent.sh")',
    ],
    ['- workers', '(top level): expected an object, got ["workers"]'],
  ])('%s → %s', (yaml, problem) => {
    expect(parseConfig(yaml)).toEqual({ ok: false, problems: [problem] });
  });

  it('names unknown keys with the keys allowed there', () => {
    const result = parseConfig('wokers: 3\nmerge:\n  strategy: squash\n');
    expect(result).toEqual({
      ok: false,
      problems: [
        'merge.strategy: unknown key (allowed: mode, method, checks)',
        'wokers: unknown key (allowed: workers, workflow, agent, verify, timeout_minutes, max_attempts, max_fix_attempts, backoff, merge, not_planned_satisfies, patch, labels, trust, resync_minutes, claim_grace_seconds, status_interval_seconds, project, budget_usd, epic_budgets_usd, instructions)',
      ],
    });
  });

  it('reports every problem at once', () => {
    const result = parseConfig('workers: 0\nmerge: { mode: fast }\n');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toHaveLength(2);
  });

  it('reports YAML that does not parse, with its position', () => {
    const result = parseConfig('workers: [3\n');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems[0]).toMatch(/^drover\.yml is not valid YAML: .*line/s);
  });
});
