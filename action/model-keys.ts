/**
 * Model keys: where they come from (the job's environment, set from repository secrets), and
 * how they are kept out of everything but the agent process: logs and the artifact get them
 * redacted, and a patch that contains one is refused (core/secret-scan.ts).
 */
import { MIN_SECRET_LENGTH } from '../core/secret-scan.js';

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
  // May carry the collector's credentials (docs/observability.md).
  'OTEL_EXPORTER_OTLP_HEADERS',
] as const;

// Values shorter than MIN_SECRET_LENGTH are not secrets (redacting "1" would mangle every log line).

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
