import { Aedes } from 'aedes';
import { createServer, type Server, type Socket } from 'node:net';
import { freePort } from './free-port.js';

/** A bare embedded aedes broker on loopback, for tests and benchmarks. */
export interface AedesBroker {
  /** `mqtt://host:port` */
  readonly url: string;
  /** Interface the broker listens on. */
  readonly host: string;
  /** TCP port the broker listens on. */
  readonly port: number;
  /** The aedes instance of the current run. */
  readonly aedes: Aedes;
  /** Closes the listener, drops every client (abruptly, like a crash) and the broker state. */
  stop(): Promise<void>;
  /** Starts a fresh broker on the same port after {@link AedesBroker.stop}. */
  restart(): Promise<void>;
}

/**
 * Starts aedes on a TCP port (free one unless given).
 * @returns the broker handle
 */
export async function startAedesBroker(opts: { port?: number; host?: string } = {}): Promise<AedesBroker> {
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ?? (await freePort(host));
  let aedes: Aedes;
  let server: Server | undefined;
  const sockets = new Set<Socket>();

  async function start(): Promise<void> {
    aedes = await Aedes.createBroker({ maxClientsIdLength: 256 });
    const srv = createServer((sock) => {
      sockets.add(sock);
      sock.once('close', () => sockets.delete(sock));
      aedes.handle(sock);
    });
    await new Promise<void>((resolve, reject) => {
      srv.once('error', reject);
      srv.listen(port, host, () => resolve());
    });
    server = srv;
  }

  await start();
  const handle: AedesBroker = {
    url: `mqtt://${host}:${port}`,
    host,
    port,
    get aedes() {
      return aedes;
    },
    async stop() {
      const srv = server;
      if (!srv) return;
      server = undefined;
      const closed = new Promise<void>((resolve) => srv.close(() => resolve()));
      for (const s of sockets) s.destroy();
      sockets.clear();
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      await closed;
    },
    async restart() {
      if (server) await handle.stop();
      await start();
    },
  };
  return handle;
}
