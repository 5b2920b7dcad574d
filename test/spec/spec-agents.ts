/**
 * `command` agents standing in for a model in spec tests: shell scripts that write a fixed
 * backlog to the file the prompt names ($DROVER_SPEC_OUTPUT), one valid, one invalid, one that is
 * invalid the first time and fixed when asked again. Each keeps a copy of every prompt it got
 * (in $SPEC_PROMPTS_DIR) so a test can read what the agent was told.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const VALID_BACKLOG = [
  { id: 'core', type: 'epic', title: 'The core' },
  { id: 'S1', type: 'story', epic_id: 'core', title: 'A parser', priority: 'high' },
  { id: 'T1', type: 'task', story_id: 'S1', title: 'Tokenize the input', description: 'Split on spaces.' },
  { id: 'T2', type: 'task', story_id: 'S1', title: 'Build the tree', blocked_by: ['T0'] },
  { id: 'T0', type: 'task', epic_id: 'core', title: 'Set up the project', priority: 'critical' },
  { id: 'T3', type: 'task', epic_id: 'core', title: 'Document the parser', blocked_by: ['S1'] },
]
  .map((line) => JSON.stringify(line))
  .join('\n');

/** Two problems: an unknown field, and a story that is no line's id. */
export const INVALID_BACKLOG = [
  { id: 'T1', type: 'task', title: 'Tokenize', estimate: 3 },
  { id: 'T2', type: 'task', story_id: 'NOPE', title: 'Build the tree' },
]
  .map((line) => JSON.stringify(line))
  .join('\n');

/** A valid backlog that carries a token (a key the agent found and wrote down). */
export const LEAKY_BACKLOG = JSON.stringify({
  id: 'T1',
  type: 'task',
  title: 'Call the API',
  description: `Use the token ghp_${'A1b2C3d4E5'.repeat(3)}abcdef to call it.`,
});

export interface SpecAgents {
  valid: string;
  invalid: string;
  fixedOnRetry: string;
  leaky: string;
  /** Writes the valid backlog when asked for one; as a task's agent, works (sleeps) for 8 s and fails. */
  validOrBusy: string;
  promptsDir: string;
}

/** Writes the scripts into `dir`; their commands (for `agent.command`) are returned. */
export function writeSpecAgents(dir: string): SpecAgents {
  const promptsDir = join(dir, 'prompts');
  mkdirSync(promptsDir, { recursive: true });
  const script = (name: string, body: string) => {
    const path = join(dir, `${name}.sh`);
    writeFileSync(
      path,
      [
        '#!/usr/bin/env bash',
        'set -euo pipefail',
        `cp "$DROVER_PROMPT_FILE" "${promptsDir}/${name}-\${DROVER_SPEC_TRY:-task}.md"`,
        'mkdir -p "$(dirname "${DROVER_SPEC_OUTPUT:-.drover/x}")"',
        body,
      ].join('\n'),
    );
    chmodSync(path, 0o755);
    return `bash ${path}`;
  };
  const heredoc = (text: string) => `cat > "$DROVER_SPEC_OUTPUT" <<'BACKLOG'\n${text}\nBACKLOG`;
  return {
    valid: script('valid', heredoc(VALID_BACKLOG)),
    invalid: script('invalid', heredoc(INVALID_BACKLOG)),
    fixedOnRetry: script(
      'fixed',
      `if [ "$DROVER_SPEC_TRY" = 1 ]; then\n${heredoc(INVALID_BACKLOG)}\nelse\n${heredoc(VALID_BACKLOG)}\nfi`,
    ),
    leaky: script('leaky', heredoc(LEAKY_BACKLOG)),
    validOrBusy: script(
      'busy',
      `if [ "$DROVER_MODE" = spec ]; then\n${heredoc(VALID_BACKLOG)}\nelse\nsleep 8; exit 1\nfi`,
    ),
    promptsDir,
  };
}
