/**
 * `/drover pause`, `resume` and `cancel`: flip the active run's flags. The planner dispatches
 * nothing for a paused or cancelled run; `cancel` also cancels the attempts in flight (their
 * runs end without an artifact, which the reconciler records as failed attempts, keeping any
 * work already written to WIP branches).
 */
import type { RunRecord } from '../../core/types.js';
import type { CommandContext, CommandOutcome } from './command-context.js';

const NO_RUN = 'There is no active run. Start one with `/drover run`.';

export async function pauseRun(context: CommandContext): Promise<CommandOutcome> {
  const run = await context.gateway.readRun();
  if (run === null || run.cancelled) return { reply: NO_RUN, reconcile: false };
  if (run.paused)
    return {
      reply: `Run \`${run.id}\` is already paused; \`/drover resume\` continues it.`,
      reconcile: false,
    };
  await context.gateway.writeRun({ ...run, paused: true });
  return {
    reply: `Paused run \`${run.id}\`: no new attempts start; running ones finish. \`/drover resume\` continues.`,
    reconcile: true,
  };
}

export async function resumeRun(context: CommandContext): Promise<CommandOutcome> {
  const run = await context.gateway.readRun();
  if (run === null || run.cancelled) return { reply: NO_RUN, reconcile: false };
  if (!run.paused) return { reply: `Run \`${run.id}\` is not paused.`, reconcile: false };
  await context.gateway.writeRun({ ...run, paused: false });
  return { reply: `Resumed run \`${run.id}\`.`, reconcile: true };
}

export async function cancelRun(context: CommandContext): Promise<CommandOutcome> {
  const snapshot = await context.loadSnapshot();
  const run: RunRecord | null = snapshot.run;
  // Stop dispatching first, so no new attempt starts while the running ones are cancelled.
  if (run !== null && !run.cancelled)
    await context.gateway.writeRun({ ...run, cancelled: true, paused: false });
  const failures: string[] = [];
  for (const inFlight of snapshot.inFlight) {
    try {
      await context.gateway.cancelRun(inFlight.runId);
    } catch (error) {
      // One failed cancel must not leave the others running: report it and go on.
      failures.push(
        `#${inFlight.task} (workflow run ${inFlight.runId}): ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  if ((run === null || run.cancelled) && snapshot.inFlight.length === 0)
    return { reply: NO_RUN, reconcile: false };
  return {
    reply: cancelledText(
      run,
      snapshot.inFlight.map((r) => r.task),
      failures,
    ),
    reconcile: true,
  };
}

function cancelledText(run: RunRecord | null, tasks: number[], failures: string[]): string {
  const which = run === null ? 'Cancelled' : `Cancelled run \`${run.id}\``;
  const stopped =
    tasks.length === 0
      ? 'no attempt was running'
      : `cancelling the attempts of ${tasks.map((t) => `#${t}`).join(', ')}`;
  const failed =
    failures.length === 0
      ? ''
      : `\n\nCould not cancel: ${failures.join('; ')}. Cancel those in the Actions tab.`;
  return `${which}: no new attempts start, ${stopped}. Work already written stays on its branches.${failed}`;
}
