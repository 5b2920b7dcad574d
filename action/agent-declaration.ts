/**
 * The protocol by which an agent says it cannot or need not change anything: it writes
 * `.drover/outcome.json` in the workspace, e.g.
 *   {"status": "blocked", "reason": "Which OAuth provider? The issue does not say."}
 *   {"status": "nothing-to-change", "reason": "Already implemented by #12."}
 * The action reads the file after each agent call and removes it; `.drover/` is never committed.
 */
import { rm, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { DROVER_DIR } from './workspace.js';

export const DECLARATION_PATH = `${DROVER_DIR}/outcome.json`;

const declarationSchema = z.object({
  status: z.enum(['blocked', 'nothing-to-change']),
  reason: z.string().trim().min(1).max(2000),
});

export type AgentDeclaration = z.infer<typeof declarationSchema>;

export type DeclarationRead =
  | { kind: 'none' }
  | { kind: 'declared'; declaration: AgentDeclaration }
  | { kind: 'invalid'; problem: string };

/** Read and remove the agent's declaration, if it wrote one. */
export async function takeAgentDeclaration(workspace: string): Promise<DeclarationRead> {
  const file = join(workspace, DECLARATION_PATH);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    throw error;
  }
  await rm(join(workspace, DROVER_DIR), { recursive: true, force: true });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    if (error instanceof SyntaxError)
      return { kind: 'invalid', problem: `${DECLARATION_PATH} is not JSON: ${error.message}` };
    throw error;
  }
  const parsed = declarationSchema.safeParse(json);
  if (!parsed.success) {
    return {
      kind: 'invalid',
      problem: `${DECLARATION_PATH} must be {"status": "blocked" | "nothing-to-change", "reason": "…"}`,
    };
  }
  return { kind: 'declared', declaration: parsed.data };
}
