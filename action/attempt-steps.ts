/**
 * The agent calls of one attempt: each sub-issue in order, then the task itself; or, for a
 * resolve attempt, one call that resolves the conflicted merge.
 */
import type { PromptStep } from './build-prompt.js';
import type { TaskContext } from './task-context.js';

export interface Step {
  /** The issue this call works on (DROVER_ISSUE, and the commit's issue). */
  issue: number;
  /** Subject of the commit that records the call's work. */
  subject: string;
  prompt: PromptStep;
}

export interface ConflictToResolve {
  pullRequest: number;
  baseRef: string;
  conflictedPaths: string[];
}

/** The one agent call of an attempt on a pull request: resolve its conflict, fix its checks, revise it. */
export type FollowUpStep = Extract<PromptStep, { kind: 'resolve' | 'fix' | 'revise' }>;

export function attemptSteps(context: TaskContext, followUp: FollowUpStep | null): Step[] {
  const task = context.task;
  if (followUp?.kind === 'resolve') {
    const subject = `Merge ${followUp.baseRef} into #${followUp.pullRequest}: ${task.title}`;
    return [{ issue: task.number, subject, prompt: followUp }];
  }
  if (followUp?.kind === 'fix')
    return [
      {
        issue: task.number,
        subject: `Fix the checks of #${followUp.pullRequest}: ${task.title}`,
        prompt: followUp,
      },
    ];
  if (followUp?.kind === 'revise')
    return [
      { issue: task.number, subject: `Revise #${followUp.pullRequest}: ${task.title}`, prompt: followUp },
    ];
  const count = context.subIssues.length;
  const children: Step[] = context.subIssues.map((sub, index) => ({
    issue: sub.number,
    subject: sub.title,
    prompt: { kind: 'sub-issue', issue: sub, index: index + 1, count },
  }));
  return [...children, { issue: task.number, subject: task.title, prompt: { kind: 'parent' } }];
}
