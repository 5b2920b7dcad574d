/**
 * One agent call: the adapter's argv, the agent's own environment, output streamed to the
 * log and read for usage, the deadline enforced on the whole process tree.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AgentAdapter, AgentUsage } from './agents/agent-adapter.js';
import { buildAgentEnv } from './agent-env.js';
import type { Logger } from './logger.js';
import type { ProcessRunner } from './process-runner.js';

export interface AgentRunRequest {
  adapter: AgentAdapter;
  prompt: string;
  workspace: string;
  scratchDir: string;
  model: string | null;
  maxTurns: number | null;
  extraArgs: string[];
  command: string | null;
  timeoutMs: number;
  /** DROVER_TASK, DROVER_ISSUE, DROVER_ATTEMPT, DROVER_MODE. */
  droverVars: Record<string, string>;
  env: NodeJS.ProcessEnv;
}

export interface AgentRunResult {
  exitCode: number | null;
  timedOut: boolean;
  usage: AgentUsage;
  durationMs: number;
  outputTail: string;
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
    extraArgs: request.extraArgs,
    command: request.command,
    scratchDir: request.scratchDir,
  });
  for (const warning of invocation.warnings) log.warning(warning);
  const parser = request.adapter.createUsageParser();
  const env = buildAgentEnv(request.env, request.adapter.keyVars, {
    ...request.droverVars,
    DROVER_PROMPT: request.prompt,
    DROVER_PROMPT_FILE: promptFile,
  });
  const result = await run({
    command: invocation.command,
    args: invocation.args,
    cwd: request.workspace,
    env,
    ...(invocation.stdin === undefined ? {} : { stdin: invocation.stdin }),
    timeoutMs: request.timeoutMs,
    onLine: (line, stream) => {
      if (stream === 'stdout') parser.pushLine(line);
      log.info(line);
    },
  });
  return {
    exitCode: result.exitCode,
    timedOut: result.timedOut,
    usage: parser.result(),
    durationMs: result.durationMs,
    outputTail: result.outputTail,
  };
}
