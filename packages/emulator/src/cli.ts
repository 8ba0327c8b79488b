#!/usr/bin/env node
/**
 * The `iot-emulator` command. See {@link main} in cli-main.ts.
 * @packageDocumentation
 */
import { CLI_USAGE, CliUsageError, main } from './cli-main.js';

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof CliUsageError) process.stderr.write(`iot-emulator: ${err.message}\n\n${CLI_USAGE}`);
  else process.stderr.write(`iot-emulator: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
