import { parseArgs } from 'node:util';
import { startEmulator, type Emulator, type EmulatorOptions } from './emulator.js';
import type { TraceEntry } from './trace.js';
import { vendorPlugins } from './vendors/index.js';

/** Where the CLI writes. */
export interface CliIo {
  /** Banner and trace lines. */
  out(line: string): void;
  /** Errors and warnings. */
  err(line: string): void;
}

/** A CLI run: the emulator and a way to stop it. */
export interface CliRun {
  /** The running emulator. */
  readonly emulator: Emulator;
  /** Closes the emulator and detaches the trace printer and signal handlers. */
  stop(): Promise<void>;
}

/** Usage text of `iot-emulator`. */
export const CLI_USAGE = `Usage: iot-emulator [options]

  --vendors <a,b>       vendor plugins to load (default: all built-in: ${Object.keys(vendorPlugins).join(', ')})
  --host <addr>         interface to bind (default 127.0.0.1)
  --mqtt-port <n>       MQTT TCP port (default 1883, 0 = any free port)
  --mqtts-port <n>      also listen for MQTT over TLS (self-signed certificate via openssl)
  --ws-port <n>         MQTT over WebSocket on its own port (default: /mqtt on the HTTP port)
  --http-port <n>       HTTP port: control API, files, vendor endpoints (default 8080)
  --registry <file>     device registry JSON file (loaded, and saved on every change)
  --files <dir>         directory served under /files (default: in memory)
  --attach <url>        attach to an existing broker instead of embedding one
  --attach-username <u> --attach-password <p>   credentials for --attach
  --quiet               no live trace lines
  --help                this text
`;

/** Raised for bad command-line arguments. */
export class CliUsageError extends Error {
  /** @param message - what is wrong with the arguments */
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

function port(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) > 65535) throw new CliUsageError(`--${name} must be a port number (0-65535), got ${JSON.stringify(v)}`);
  return Number(v);
}

/**
 * Formats one trace entry as a single line, without payload contents or secrets.
 * @returns the line
 */
export function formatTraceLine(e: TraceEntry): string {
  const parts = [e.time.slice(11, 23), e.kind.toUpperCase().padEnd(11), e.clientId || '-'];
  if (e.vendor) parts.push(`[${e.vendor}]`);
  if (e.method) parts.push(`${e.method} ${e.path ?? ''} → ${e.status ?? ''}`);
  if (e.topic !== undefined) parts.push(e.topic);
  if (e.qos !== undefined) parts.push(`qos${e.qos}`);
  if (e.retain) parts.push('retain');
  if (e.payload !== undefined) parts.push(`${e.payload.startsWith('base64:') ? Buffer.from(e.payload.slice(7), 'base64').length : Buffer.byteLength(e.payload)} B`);
  if (e.kind === 'connect') parts.push(`v${e.protocolVersion ?? '?'}${e.tls ? ' tls' : ''} user=${e.username ?? '-'} password=${e.passwordPresent ? 'yes' : 'no'}`);
  if (e.returnCode !== undefined) parts.push(`rc=${e.returnCode}`);
  if (e.auto) parts.push('(server-side)');
  if (e.reason) parts.push(`(${e.reason})`);
  return parts.join(' ');
}

/**
 * Parses `iot-emulator` arguments into emulator options.
 * @returns the options and flags, or `help: true`
 * @throws CliUsageError on bad input
 */
export function parseCliArgs(argv: string[]): { help: boolean; quiet: boolean; options: EmulatorOptions } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        vendors: { type: 'string' },
        host: { type: 'string' },
        'mqtt-port': { type: 'string' },
        'mqtts-port': { type: 'string' },
        'ws-port': { type: 'string' },
        'http-port': { type: 'string' },
        registry: { type: 'string' },
        files: { type: 'string' },
        attach: { type: 'string' },
        'attach-username': { type: 'string' },
        'attach-password': { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }));
  } catch (err) {
    throw new CliUsageError((err as Error).message);
  }
  const options: EmulatorOptions = {
    host: values.host ?? '127.0.0.1',
    mqttPort: port('mqtt-port', values['mqtt-port']) ?? 1883,
    httpPort: port('http-port', values['http-port']) ?? 8080,
    mqttTlsPort: port('mqtts-port', values['mqtts-port']),
    wsPort: port('ws-port', values['ws-port']),
  };
  if (values.vendors !== undefined) {
    const vendors = values.vendors.split(',').map((v) => v.trim()).filter((v) => v !== '');
    for (const v of vendors) if (!vendorPlugins[v]) throw new CliUsageError(`unknown vendor ${JSON.stringify(v)} (available: ${Object.keys(vendorPlugins).join(', ')})`);
    options.vendors = vendors;
  }
  if (values.registry !== undefined) options.registry = values.registry;
  if (values.files !== undefined) options.files = values.files;
  if (values.attach !== undefined) {
    options.attach = { url: values.attach };
    if (values['attach-username'] !== undefined) options.attach.username = values['attach-username'];
    if (values['attach-password'] !== undefined) options.attach.password = values['attach-password'];
  }
  return { help: values.help === true, quiet: values.quiet === true, options };
}

/**
 * Runs `iot-emulator`: starts the emulator, prints a banner and a live trace line per event,
 * and stops cleanly on SIGINT/SIGTERM.
 * @param argv - arguments without `node` and the script
 * @param io - output sinks (stdout/stderr by default)
 * @param signals - install SIGINT/SIGTERM handlers that stop and exit (default true)
 * @returns the run, or undefined after `--help`
 */
export async function main(argv: string[], io: CliIo = { out: (l) => process.stdout.write(l + '\n'), err: (l) => process.stderr.write(l + '\n') }, signals = true): Promise<CliRun | undefined> {
  const { help, quiet, options } = parseCliArgs(argv);
  if (help) {
    io.out(CLI_USAGE);
    return undefined;
  }
  options.logger = { info: () => undefined, warn: (m) => io.err(`warn: ${m}`), debug: () => undefined };
  const emu = await startEmulator(options);
  const lines = [
    `iot-emulator ${emu.mode === 'attach' ? `attached to ${emu.mqttUrl}` : 'running'}`,
    `  vendors   ${emu.vendors.join(', ') || '(none)'}`,
    `  registry  ${emu.registry.size} device(s)${typeof options.registry === 'string' ? ` from ${options.registry}` : ''}`,
    `  mqtt      ${emu.mqttUrl}`,
  ];
  if (emu.mqttsUrl) lines.push(`  mqtts     ${emu.mqttsUrl} (self-signed certificate)`);
  if (emu.wsUrl) lines.push(`  ws        ${emu.wsUrl}`);
  lines.push(`  http      ${emu.httpUrl}  (GET /trace, POST /control/publish, /control/registry/<vendor>/<key>, /files/<name>)`);
  for (const l of lines) io.out(l);
  const onEntry = (e: TraceEntry): void => io.out(formatTraceLine(e));
  if (!quiet) emu.trace.on('entry', onEntry);
  let stopped = false;
  const onSignal = (sig: NodeJS.Signals): void => {
    io.out(`received ${sig}, stopping`);
    void run.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        io.err(`stop failed: ${(err as Error).message}`);
        process.exit(1);
      },
    );
  };
  const run: CliRun = {
    emulator: emu,
    async stop() {
      if (stopped) return;
      stopped = true;
      emu.trace.off('entry', onEntry);
      if (signals) {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      await emu.close();
    },
  };
  if (signals) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  return run;
}
