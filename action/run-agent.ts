/**
 * One agent call: the adapter's argv (never the prompt: it goes on standard input, and in a
 * file), the agent's own environment, output streamed to the log and read for usage, the
 * deadline enforced on the whole process tree, and one line saying why the call failed.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AgentAdapter, AgentHost, AgentUsage } from './agents/agent-adapter.js';
import { buildAgentEnv } from './agent-env.js';
import type { Logger } from './logger.js';
import { lastLine, oneLine } from './one-line.js';
import type { ProcessResult, ProcessRunner } from './process-runner.js';

export interface AgentRunRequest {
  adapter: AgentAdapter;
  prompt: string;
  workspace: string;
  scratchDir: string;
  model: string | null;
  maxTurns: number | null;
  /** What is left of the run's budget for this call (null: no cap). */
  maxBudgetUsd?: number | null;
  extraArgs: string[];
  command: string | null;
  timeoutMs: number;
  /** DROVER_TASK, DROVER_ISSUE, DROVER_ATTEMPT, DROVER_MODE. */
  droverVars: Record<string, string>;
  /** The job's environment (with the agent CLI's PATH) and who runs the agent. */
  host: AgentHost;
}

export interface AgentRunResult {
  exitCode: number | null;
  timedOut: boolean;
  usage: AgentUsage;
  durationMs: number;
  outputTail: string;
  /** Why the call failed, in one line naming the issue (DROVER_ISSUE); null if it did not. */
  failure: string | null;
}

/**
 * The agent's own verdict first: its exit code and its reported error, in the agent's words.
 * `where` names what it worked on (" on #12").
 */
export function judgeAgentRun(
  exit: Pick<ProcessResult, 'exitCode' | 'timedOut' | 'outputTail'>,
  usage: AgentUsage,
  where = '',
): string | null {
  if (exit.timedOut) return `the agent timed out${where}`;
  if (exit.exitCode !== 0) {
    const why = usage.errorMessage ?? usage.lastWarning ?? lastLine(exit.outputTail);
    return `the agent exited with code ${exit.exitCode ?? 'null'}${where}: ${oneLine(why)}`;
  }
  if (usage.errorMessage) return `the agent reported an error${where}: ${usage.errorMessage}`;
  return null;
}

export async function runAgent(
  request: AgentRunRequest,
  run: ProcessRunner,
  log: Logger,
): Promise<AgentRunResult> {
  const promptFile = join(request.scratchDir, `prompt-${request.droverVars.DROVER_ISSUE ?? 'task'}.md`);
  await writeFile(promptFile, request.prompt);
  const invocation = request.adapter.buildInvocation({
    prompt: request.prompt,
    promptFile,
    workspace: request.workspace,
    model: request.model,
    maxTurns: request.maxTurns,
    maxBudgetUsd: request.maxBudgetUsd ?? null,
    extraArgs: request.extraArgs,
    command: request.command,
    scratchDir: request.scratchDir,
    host: request.host,
  });
  for (const warning of invocation.warnings) log.warning(warning);
  const parser = request.adapter.createUsageParser();
  const env = buildAgentEnv(request.host.env, invocation.env, {
    ...request.droverVars,
    DROVER_PROMPT_FILE: promptFile,
  });
  const result = await run({
    command: invocation.command,
    args: invocation.args,
    cwd: request.workspace,
    env,
    ...(invocation.stdin === undefined ? {} : { stdin: invocation.stdin }),
    timeoutMs: request.timeoutMs,
    killDescendants: true,
    onLine: (line, stream) => {
      if (stream === 'stdout') parser.pushLine(line);
      log.info(line);
    },
  });
  const usage = parser.result();
  const issue = request.droverVars.DROVER_ISSUE;
  return {
    exitCode: result.exitCode,
    timedOut: result.timedOut,
    usage,
    durationMs: result.durationMs,
    outputTail: result.outputTail,
    failure: judgeAgentRun(result, usage, issue ? ` on #${issue}` : ''),
  };
}
