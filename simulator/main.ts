/**
 * `npm run simulator -- [options]` (see `--help` and docs/simulator.md): starts one simulator
 * for manual poking, creates the users and repositories the options ask for (files, default
 * branch, people's permissions, the app installed), and prints the URLs, tokens and the app's
 * credentials. Stops (and removes its temp dirs) on Ctrl-C.
 */
import { startSimulator } from './index.js';
import { applySetup, formatSummary } from './cli/apply-setup.js';
import { parseSimulatorArgs, SIMULATOR_USAGE, SimulatorArgsError } from './cli/simulator-args.js';

async function main(): Promise<void> {
  const setup = parseSimulatorArgs(process.argv.slice(2));
  if (setup === 'help') {
    process.stdout.write(SIMULATOR_USAGE);
    return;
  }
  const sim = await startSimulator({
    port: setup.port,
    ...(setup.webhookUrl !== null && { webhookUrl: setup.webhookUrl }),
    ...(setup.webhookSecret !== null && { webhookSecret: setup.webhookSecret }),
    log: (message) => console.error(`[simulator] ${message}`),
  });
  const stop = (code: number) => {
    sim.close().then(
      () => process.exit(code),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop(0));
  process.once('SIGTERM', () => stop(0));
  try {
    const summary = await applySetup(sim, setup);
    console.log(setup.json ? JSON.stringify(summary) : formatSummary(summary));
  } catch (error) {
    console.error(`simulator: ${error instanceof Error ? error.message : String(error)}`);
    stop(1);
  }
}

main().catch((error: unknown) => {
  // A bad option is one line; anything else keeps its stack.
  console.error(
    error instanceof SimulatorArgsError || isParseArgsError(error)
      ? `simulator: ${(error as Error).message}`
      : error,
  );
  process.exit(1);
});

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}
