/** The agents the action can run, by the name the `agent` input takes. */
import type { AgentAdapter } from './agent-adapter.js';
import { ampAdapter } from './amp.js';
import { claudeAdapter } from './claude.js';
import { codexAdapter } from './codex.js';
import { commandAdapter } from './command.js';
import { opencodeAdapter } from './opencode.js';

const ADAPTERS: ReadonlyMap<string, AgentAdapter> = new Map(
  [claudeAdapter, codexAdapter, ampAdapter, opencodeAdapter, commandAdapter].map((adapter) => [
    adapter.name,
    adapter,
  ]),
);

export const AGENT_NAMES: readonly string[] = [...ADAPTERS.keys()];

export function findAgentAdapter(name: string): AgentAdapter {
  const adapter = ADAPTERS.get(name);
  if (!adapter) throw new Error(`unknown agent "${name}": use one of ${AGENT_NAMES.join(', ')}`);
  return adapter;
}
