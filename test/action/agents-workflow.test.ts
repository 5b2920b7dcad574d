/**
 * What the shipped workflow gives the agents: a checkout on the Node 24 runtime, and the model
 * keys each adapter reads, under their own secret names, all of them redacted from logs.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';
import { parse as parseYaml } from 'yaml';
import { findAgentAdapter } from '../../action/agents/registry.js';
import { MODEL_KEY_VARS } from '../../action/model-keys.js';

const workflow = parseYaml(
  readFileSync(new URL('../../.github/workflows/drover.yml', import.meta.url), 'utf8'),
) as {
  jobs: Record<string, { steps: Array<{ uses?: string; env?: Record<string, string> }> }>;
};
const steps = Object.values(workflow.jobs)[0]!.steps;
const droverEnv = steps.find((step) => step.uses?.startsWith('drover-dev/drover@'))!.env ?? {};

describe('the attempt workflow and the agents', () => {
  test('checks out with actions/checkout v5 or later: the first majors that run on node24', () => {
    const checkout = steps.find((step) => step.uses?.startsWith('actions/checkout@'))!;
    const major = Number(/^actions\/checkout@v(\d+)/.exec(checkout.uses!)?.[1]);
    expect(major).toBeGreaterThanOrEqual(5);
  });

  test('each key variable is its own secret, and is one the action redacts', () => {
    // Besides the model keys, only OpenTelemetry's settings (docs/observability.md): its headers
    // may carry a collector's credentials, so they are a secret too.
    const telemetry = {
      DROVER_OTEL: '${{ vars.DROVER_OTEL }}',
      OTEL_EXPORTER_OTLP_ENDPOINT: '${{ vars.OTEL_EXPORTER_OTLP_ENDPOINT }}',
      OTEL_EXPORTER_OTLP_HEADERS: '${{ secrets.OTEL_EXPORTER_OTLP_HEADERS }}',
    };
    for (const [name, value] of Object.entries(droverEnv)) {
      if (name in telemetry) {
        expect(value).toBe(telemetry[name as keyof typeof telemetry]);
        continue;
      }
      expect(value).toBe(`\${{ secrets.${name} }}`);
      expect(MODEL_KEY_VARS).toContain(name);
    }
  });

  test("passes every agent's credential: claude, codex (CODEX_API_KEY or OPENAI_API_KEY), amp, opencode", () => {
    const credentials: Record<string, string[]> = {
      claude: ['ANTHROPIC_API_KEY', 'CLAUDE_CODE_OAUTH_TOKEN'],
      codex: ['CODEX_API_KEY', 'OPENAI_API_KEY'],
      amp: ['AMP_API_KEY'],
      opencode: ['ANTHROPIC_API_KEY', 'OPENAI_API_KEY', 'OPENROUTER_API_KEY'],
    };
    for (const [agent, names] of Object.entries(credentials)) {
      for (const name of names) {
        expect(droverEnv).toHaveProperty(name);
        expect(findAgentAdapter(agent).keyVars).toContain(name);
      }
    }
  });
});
