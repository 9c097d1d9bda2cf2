#!/usr/bin/env node
import { runCli } from '../dist/cli/main.js';

// A reader that stops early (`revloops explain <id> | head`) closes the pipe: end quietly, as Unix tools do.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
process.exitCode = await runCli(process.argv.slice(2));
