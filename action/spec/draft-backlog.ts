/**
 * Asks the agent for a backlog and checks its answer with the importer's own validation
 * (cli/backlog/parse-backlog.ts) and the spec's bound on size. A bad answer is asked again once,
 * with its problems; a second bad answer is reported with them. Shared by `drover spec` (the CLI,
 * on the user's machine) and the action's `spec` mode (in a read-only job).
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseBacklog, type Backlog, type LineProblem } from '../../cli/backlog/parse-backlog.js';
import { SPEC_BACKLOG_FILE, SPEC_MAX_BACKLOG_BYTES, SPEC_MAX_ITEMS } from '../../core/spec-artifact.js';
import { detectAgentHost } from '../agent-host.js';
import type { AgentAdapter } from '../agents/agent-adapter.js';
import type { AgentSettings } from '../inputs.js';
import type { Logger } from '../logger.js';
import type { ProcessRunner } from '../process-runner.js';
import { runAgent } from '../run-agent.js';
import { addUsage, NO_USAGE, type UsageTotal } from '../usage-total.js';
import type { SpecDocument } from './spec-documents.js';
import { buildSpecPrompt } from './spec-prompt.js';

/** Where the agent writes the backlog, relative to its working directory (Drover's scratch area, never committed). */
export const BACKLOG_OUTPUT = `.drover/${SPEC_BACKLOG_FILE}`;

export interface DraftRequest {
  adapter: AgentAdapter;
  settings: Pick<AgentSettings, 'model' | 'maxTurns' | 'agentArgs' | 'agentCommand' | 'timeoutMinutes'>;
  repoName: string;
  /** The agent's working directory (the checkout). */
  workspace: string;
  /** A private directory outside the workspace for the prompt file. */
  scratchDir: string;
  documents: SpecDocument[];
  /** The agent's environment source (with its CLI on PATH). */
  agentEnv: NodeJS.ProcessEnv;
  /** DROVER_* variables for the agent (DROVER_ATTEMPT, DROVER_ISSUE …). */
  droverVars?: Record<string, string>;
  runProcess: ProcessRunner;
  now: () => number;
  log: Logger;
}

export type DraftResult =
  | {
      status: 'valid';
      text: string;
      backlog: Backlog;
      warnings: LineProblem[];
      calls: number;
      usage: UsageTotal;
    }
  | { status: 'invalid'; text: string | null; problems: string[]; calls: number; usage: UsageTotal }
  | { status: 'failed'; reason: string; calls: number; usage: UsageTotal };

type Answer =
  | { ok: true; text: string; backlog: Backlog; warnings: LineProblem[] }
  | { ok: false; text: string | null; problems: string[] };

export async function draftBacklog(request: DraftRequest): Promise<DraftResult> {
  const output = join(request.workspace, BACKLOG_OUTPUT);
  await mkdir(dirname(output), { recursive: true });
  await rm(output, { force: true });
  const deadline = request.now() + request.settings.timeoutMinutes * 60_000;
  let usage = NO_USAGE;
  let problems: string[] | null = null;
  let last: Answer | null = null;
  for (let call = 1; call <= 2; call++) {
    const remainingMs = deadline - request.now();
    if (remainingMs <= 0)
      return {
        status: 'failed',
        reason: `timed out after ${request.settings.timeoutMinutes} minutes`,
        calls: call - 1,
        usage,
      };
    const prompt = buildSpecPrompt({
      repo: request.repoName,
      documents: request.documents,
      outputPath: BACKLOG_OUTPUT,
      maxItems: SPEC_MAX_ITEMS,
      problems,
    });
    const run = await request.log.group(
      call === 1 ? 'Agent: write the backlog' : 'Agent: fix the backlog',
      () =>
        runAgent(
          {
            adapter: request.adapter,
            prompt,
            workspace: request.workspace,
            scratchDir: request.scratchDir,
            model: request.settings.model,
            maxTurns: request.settings.maxTurns,
            extraArgs: request.settings.agentArgs,
            command: request.settings.agentCommand,
            timeoutMs: remainingMs,
            droverVars: {
              ...request.droverVars,
              DROVER_MODE: 'spec',
              DROVER_SPEC_OUTPUT: BACKLOG_OUTPUT,
              DROVER_SPEC_TRY: String(call),
            },
            host: detectAgentHost(request.agentEnv),
          },
          request.runProcess,
          request.log,
        ),
    );
    usage = addUsage(usage, run.usage);
    if (run.failure) return { status: 'failed', reason: run.failure, calls: call, usage };
    last = await readAnswer(output);
    if (last.ok)
      return {
        status: 'valid',
        text: last.text,
        backlog: last.backlog,
        warnings: last.warnings,
        calls: call,
        usage,
      };
    problems = last.problems;
    request.log.info(
      `The backlog has ${problems.length} problem(s)${call === 1 ? ': asking the agent again' : ''}`,
    );
  }
  return {
    status: 'invalid',
    text: last?.ok === false ? last.text : null,
    problems: problems ?? [],
    calls: 2,
    usage,
  };
}

async function readAnswer(output: string): Promise<Answer> {
  let bytes: Buffer;
  try {
    bytes = await readFile(output);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return {
      ok: false,
      text: null,
      problems: [`no backlog was written: the file ${BACKLOG_OUTPUT} does not exist`],
    };
  }
  if (bytes.length > SPEC_MAX_BACKLOG_BYTES)
    return {
      ok: false,
      text: null,
      problems: [`${BACKLOG_OUTPUT} is ${bytes.length} bytes; a backlog may have ${SPEC_MAX_BACKLOG_BYTES}`],
    };
  const text = bytes.toString('utf8');
  const parsed = parseBacklog(text);
  const line = (problem: LineProblem) => `${BACKLOG_OUTPUT}:${problem.line}: ${problem.message}`;
  if (!parsed.ok) return { ok: false, text, problems: parsed.problems.map(line) };
  const items = parsed.backlog.stories.length + parsed.backlog.tasks.length;
  if (items > SPEC_MAX_ITEMS)
    return {
      ok: false,
      text,
      problems: [
        `the backlog has ${items} stories and tasks; at most ${SPEC_MAX_ITEMS} are allowed: merge the smallest ones`,
      ],
    };
  return { ok: true, text, backlog: parsed.backlog, warnings: parsed.warnings };
}
