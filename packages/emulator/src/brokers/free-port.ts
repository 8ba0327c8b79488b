import { createServer } from 'node:net';

/**
 * Asks the OS for a TCP port that is free on `host` right now.
 * @param host - interface to probe, loopback by default
 * @returns the port number
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return await new Promise<number>((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
