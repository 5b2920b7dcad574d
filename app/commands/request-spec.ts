/**
 * `/drover spec PATH…`: record a spec request in the control record (by this comment's id); the
 * planner then starts a spec attempt, which runs the configured agent on the documents as they
 * are on the default branch and hands back a backlog, and the app imports it and answers here
 * (core/plan/plan-specs.ts, app/spec/). Refused when the attempt workflow cannot take the
 * documents (an older template), or when too many requests wait already.
 */
import { parse as parseYaml } from 'yaml';
import { changeControl } from '../reconcile/control-store.js';
import type { CommandContext, CommandOutcome } from './command-context.js';

/** Requests waiting at once: each is one agent run, answered one at a time. */
export const MAX_PENDING_SPECS = 5;

export async function requestSpec(paths: string[], context: CommandContext): Promise<CommandOutcome> {
  const { state } = context;
  const workflowPath = `.github/workflows/${state.config.workflow}`;
  if (!(await declaresSpecInput(context, workflowPath)))
    return {
      reply: `${workflowPath} does not take the \`spec\` input that carries the documents (it predates \`/drover spec\`): update it from \`drover init --force\` (or add the \`spec\` input and pass it to the action, docs/spec.md). Nothing was started.`,
      reconcile: false,
    };
  const pending = Object.keys(state.control.specs ?? {}).length;
  if (pending >= MAX_PENDING_SPECS)
    return {
      reply: `${pending} \`/drover spec\` requests are still being answered; give this one again once they are. Nothing was started.`,
      reconcile: false,
    };
  await changeControl(
    context.gateway,
    context.session,
    (record) => ({
      ...record,
      specs: {
        ...record.specs,
        [String(context.commentId)]: {
          issue: context.issue,
          paths,
          by: context.author,
          at: context.now.toISOString(),
        },
      },
    }),
    { command: context.commentId },
  );
  const documents = paths.map((path) => `\`${path.replace(/`/g, '')}\``).join(', ');
  const branch = state.defaultBranch.name;
  return {
    reply: `the agent (\`${state.config.agent.name}\`) will read ${documents} as ${branch} has them (${state.defaultBranch.sha.slice(0, 7)}) and write a backlog; Drover checks it, imports it, and answers here with the tree and the plan.`,
    reconcile: true,
  };
}

async function declaresSpecInput(context: CommandContext, path: string): Promise<boolean> {
  const text = await context.gateway.repository.readFile(path);
  if (text === null) return false;
  const workflow = parseYaml(text) as {
    on?: { workflow_dispatch?: { inputs?: Record<string, unknown> } };
  } | null;
  return Object.hasOwn(workflow?.on?.workflow_dispatch?.inputs ?? {}, 'spec');
}
