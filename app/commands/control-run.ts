/**
 * `/drover pause`, `resume` and `cancel`: flip the active run's flags in the control record. The
 * planner starts nothing for a paused or cancelled run; for a cancelled one it also cancels the
 * attempts under way (their runs end without an artifact; work already written stays).
 */
import type { RunRecord } from '../../core/types.js';
import { changeControl } from '../reconcile/control-store.js';
import type { CommandContext, CommandOutcome } from './command-context.js';

const NO_RUN = 'There is no active run. Start one with `/drover run`.';

function active(run: RunRecord | null): run is RunRecord {
  return run !== null && !run.cancelled && !run.endedAt;
}

async function setFlags(context: CommandContext, runId: string, flags: Partial<RunRecord>): Promise<void> {
  await changeControl(
    context.gateway,
    context.session,
    (record) => (record.run?.id === runId ? { ...record, run: { ...record.run, ...flags } } : null),
    { command: context.commentId },
  );
}

export async function pauseRun(context: CommandContext): Promise<CommandOutcome> {
  const run = context.state.control.run;
  if (!active(run)) return { reply: NO_RUN, reconcile: false };
  if (run.paused)
    return {
      reply: `Run \`${run.id}\` is already paused; \`/drover resume\` continues it.`,
      reconcile: false,
    };
  await setFlags(context, run.id, { paused: true });
  return {
    reply: `Paused run \`${run.id}\`: no new attempts start; running ones finish. \`/drover resume\` continues.`,
    reconcile: true,
  };
}

export async function resumeRun(context: CommandContext): Promise<CommandOutcome> {
  const run = context.state.control.run;
  if (!active(run)) return { reply: NO_RUN, reconcile: false };
  if (!run.paused) return { reply: `Run \`${run.id}\` is not paused.`, reconcile: false };
  await setFlags(context, run.id, { paused: false });
  return { reply: `Resumed run \`${run.id}\`.`, reconcile: true };
}

export async function cancelRun(context: CommandContext): Promise<CommandOutcome> {
  const run = context.state.control.run;
  if (!active(run)) return { reply: NO_RUN, reconcile: false };
  await setFlags(context, run.id, { cancelled: true, paused: false });
  const running = [...context.plan.progress.values()]
    .filter((entry) => entry.phase === 'running')
    .map((entry) => entry.task);
  const stopped =
    running.length === 0
      ? 'no attempt was running'
      : `cancelling the attempts of ${running.map((t) => `#${t}`).join(', ')}`;
  return {
    reply: `Cancelled run \`${run.id}\`: no new attempts start, ${stopped}. Work already written stays on its branches.`,
    reconcile: true,
  };
}
