/**
 * Model keys: where they come from (the job's environment, set from repository secrets), and
 * how they are kept out of everything but the agent process: logs and the artifact get them
 * redacted, and a patch that contains one is refused.
 */

/** Every credential variable an agent CLI we support reads (see docs/action.md). */
export const MODEL_KEY_VARS = [
  'ANTHROPIC_API_KEY',
  'CLAUDE_CODE_OAUTH_TOKEN',
  'OPENAI_API_KEY',
  'CODEX_API_KEY',
  'AMP_API_KEY',
  'OPENROUTER_API_KEY',
  'GEMINI_API_KEY',
  'GOOGLE_GENERATIVE_AI_API_KEY',
  'GROQ_API_KEY',
  'MISTRAL_API_KEY',
  'XAI_API_KEY',
  'DEEPSEEK_API_KEY',
] as const;

/** Runner credentials the agent and the repository's code must never see. */
export const RUNNER_SECRET_VARS = [
  'GITHUB_TOKEN',
  'INPUT_GITHUB-TOKEN',
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
] as const;

/** Values shorter than this are not treated as secrets (redacting "1" would mangle every log line). */
const MIN_SECRET_LENGTH = 6;

export function collectSecretValues(env: NodeJS.ProcessEnv, extra: string[] = []): string[] {
  const values = [...MODEL_KEY_VARS, ...RUNNER_SECRET_VARS].map((name) => env[name]).concat(extra);
  return [...new Set(values.filter((value): value is string => (value?.length ?? 0) >= MIN_SECRET_LENGTH))];
}

export type Redactor = (text: string) => string;

export function makeRedactor(secrets: string[]): Redactor {
  // Longest first, so a secret that contains another is replaced whole.
  const ordered = [...secrets].sort((a, b) => b.length - a.length);
  return (text) => ordered.reduce((current, secret) => current.split(secret).join('***'), text);
}

/** The first secret found in `content` (compared byte-wise, so binary files are covered too). */
export function findSecretIn(content: Buffer, secrets: string[]): string | undefined {
  return secrets.find((secret) => content.includes(Buffer.from(secret, 'utf8')));
}
