#!/usr/bin/env node
/**
 * The @iot demo: starts the embedded emulator, runs the bare core session and one device per vendor SDK against
 * it, and prints each story plus the wire trace the emulator recorded. Exits 0 when every scenario worked, 1 otherwise.
 */
import { runDemo } from './run-demo.js';
import { scenarios } from './scenarios/index.js';

const results = await runDemo(scenarios);
process.exit(results.every((r) => r.ok) ? 0 : 1);
