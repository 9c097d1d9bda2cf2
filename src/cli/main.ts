import { Command, CommanderError } from 'commander';
import { RevloopsError, toRevloopsError } from '../kernel/index.js';
import { startTelemetry, type Telemetry } from '../runtime/telemetry.js';
import { registerConfig } from './commands/config.js';
import { registerDecisions } from './commands/decisions.js';
import { registerDemo } from './commands/demo.js';
import { registerEmit } from './commands/emit.js';
import { registerEvents } from './commands/events.js';
import { registerExpand } from './commands/expand.js';
import { registerExplain } from './commands/explain.js';
import { registerFeedback } from './commands/feedback.js';
import { registerImport } from './commands/import.js';
import { registerIngest } from './commands/ingest.js';
import { registerInit } from './commands/init.js';
import { registerMcp } from './commands/mcp.js';
import { registerMetrics } from './commands/metrics.js';
import { registerModel } from './commands/model.js';
import { registerPlan } from './commands/plan.js';
import { registerProposals } from './commands/proposals.js';
import { registerQualify } from './commands/qualify.js';
import { registerReplay } from './commands/replay.js';
import { registerReview } from './commands/review.js';
import { registerRoute } from './commands/route.js';
import { registerRun } from './commands/run.js';
import { registerSampleData } from './commands/sample-data.js';
import { registerScenario } from './commands/scenario.js';
import { registerSchema } from './commands/schema.js';
import { registerServe } from './commands/serve.js';
import { registerSimulate } from './commands/simulate.js';
import { registerStart } from './commands/start.js';
import { registerToken } from './commands/token.js';
import { registerValidate } from './commands/validate.js';
import { registerWhatIf } from './commands/whatif.js';
import { registerWorker } from './commands/worker.js';
import type { CliSetup } from './context.js';
import { type CliIo, EXIT, exitCodeOf, printError, processIo } from './io.js';
import type { CliRuntime } from './program.js';

/** Every command, registered in the order `--help` lists them. */
const COMMANDS = [
  registerInit,
  registerValidate,
  registerSchema,
  registerRun,
  registerEmit,
  registerIngest,
  registerImport,
  registerEvents,
  registerWorker,
  registerServe,
  registerToken,
  registerMcp,
  registerDecisions,
  registerExplain,
  registerReplay,
  registerConfig,
  registerReview,
  registerProposals,
  registerFeedback,
  registerMetrics,
  registerPlan,
  registerModel,
  registerScenario,
  registerWhatIf,
  registerQualify,
  registerExpand,
  registerRoute,
  registerSimulate,
  registerSampleData,
  registerDemo,
  registerStart,
];

/** Runs the CLI on `argv` (without node and script) and returns the exit code. */
export async function runCli(
  argv: readonly string[],
  setup: CliSetup = {},
  io: CliIo = processIo,
): Promise<number> {
  let code: number = EXIT.ok;
  const rt: CliRuntime = { io, setup, exit: (c) => (code = Math.max(code, c)) };
  const program = new Command('revloops')
    .description('run a revenue system as loops: versioned config, explainable decisions, replayable runs')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError();
  for (const register of COMMANDS) register(program, rt);
  const json = argv.includes('--json');
  let telemetry: Telemetry | undefined;
  try {
    // Traces when OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT is set; flushed when the command returns.
    telemetry = await startTelemetry(setup.env ?? process.env);
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? EXIT.ok : EXIT.error;
    }
    const e = err instanceof RevloopsError ? err : toRevloopsError(err);
    printError(io, e, json);
    return exitCodeOf(e.code);
  } finally {
    await telemetry
      ?.shutdown()
      .catch((err: Error) => io.err(`telemetry: the last spans were not exported: ${err.message}`));
  }
}
