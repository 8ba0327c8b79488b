import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.js';

/** Options of {@link startMosquitto}. */
export interface MosquittoOptions {
  /** Port to listen on; a free port when omitted. Reuse a port to restart "the same" broker. */
  port?: number;
  /** Interface to bind, `127.0.0.1` by default. */
  host?: string;
  /** Extra lines appended to the generated mosquitto.conf. */
  extraConfig?: string[];
  /** Path of the mosquitto binary; `MOSQUITTO_BIN`, then the usual install locations, then `PATH`. */
  bin?: string;
}

/** A running Mosquitto process started by {@link startMosquitto}. */
export interface MosquittoBroker {
  /** `mqtt://host:port` */
  readonly url: string;
  /** Interface the broker listens on. */
  readonly host: string;
  /** TCP port the broker listens on. */
  readonly port: number;
  /** Kills the process (SIGKILL when `hard`, which simulates a crash) and waits for it to exit. */
  stop(opts?: { hard?: boolean }): Promise<void>;
}

/** Raised when no Mosquitto binary can be found: tests that need one must fail, not skip. */
export class MosquittoNotFoundError extends Error {
  /** @param tried - the paths that were looked at */
  constructor(tried: string[]) {
    super(
      `mosquitto binary not found (tried ${tried.join(', ')}). Install it (apt-get install -y mosquitto) or set MOSQUITTO_BIN.`,
    );
    this.name = 'MosquittoNotFoundError';
  }
}

/**
 * Locates the mosquitto executable.
 * @returns the absolute path
 * @throws MosquittoNotFoundError when it is not installed
 */
export function findMosquitto(bin?: string): string {
  const candidates = [bin, process.env['MOSQUITTO_BIN'], '/usr/sbin/mosquitto', '/usr/local/sbin/mosquitto', '/usr/bin/mosquitto', '/opt/homebrew/sbin/mosquitto']
    .filter((c): c is string => typeof c === 'string' && c.length > 0);
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    if (dir) candidates.push(path.join(dir, 'mosquitto'));
  }
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new MosquittoNotFoundError(candidates.slice(0, 6));
  return found;
}

async function waitForPort(host: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const sock = connect({ host, port }, () => {
        sock.destroy();
        resolve(true);
      });
      sock.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`mosquitto did not listen on ${host}:${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Spawns a real Mosquitto broker (anonymous access, no persistence) for tests and benchmarks.
 * @returns the running broker; call `stop()` when done
 */
export async function startMosquitto(opts: MosquittoOptions = {}): Promise<MosquittoBroker> {
  const bin = findMosquitto(opts.bin);
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ?? (await freePort(host));
  const dir = mkdtempSync(path.join(tmpdir(), 'iot-mosquitto-'));
  const conf = path.join(dir, 'mosquitto.conf');
  writeFileSync(
    conf,
    [`listener ${port} ${host}`, 'allow_anonymous true', 'persistence false', 'max_inflight_messages 0', 'max_queued_messages 100000', ...(opts.extraConfig ?? [])].join('\n') + '\n',
  );
  const child: ChildProcess = spawn(bin, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await Promise.race([
      waitForPort(host, port, 10_000),
      exited.then(() => {
        throw new Error(`mosquitto exited at start: ${stderr.trim()}`);
      }),
    ]);
  } catch (err) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: `mqtt://${host}:${port}`,
    host,
    port,
    async stop(o = {}) {
      if (child.exitCode === null && child.signalCode === null) child.kill(o.hard ? 'SIGKILL' : 'SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
