import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect as tcpConnect } from 'node:net';
import path from 'node:path';
import { freePort, startMosquitto, type MosquittoBroker } from '@iot/emulator';
import { MqttSession, type MqttSessionOptions } from '../../src/session/mqtt-session.js';
import { uid, until } from './harness.js';

/** A throwaway CA and a server certificate for 127.0.0.1 / localhost. */
function makeCerts(dir: string): { ca: string; cert: string; key: string } {
  const p = (f: string) => path.join(dir, f);
  const ossl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  ossl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('ca.key'), '-out', p('ca.crt'), '-days', '1', '-subj', '/CN=iot-test-ca');
  ossl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('server.key'), '-out', p('server.csr'), '-subj', '/CN=localhost');
  writeFileSync(p('ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  ossl('x509', '-req', '-in', p('server.csr'), '-CA', p('ca.crt'), '-CAkey', p('ca.key'), '-CAcreateserial', '-out', p('server.crt'), '-days', '1', '-extfile', p('ext.cnf'));
  // Mosquitto started as root drops to its own user: let it read the files
  chmodSync(dir, 0o755);
  for (const f of readdirSync(dir)) chmodSync(p(f), 0o644);
  return { ca: p('ca.crt'), cert: p('server.crt'), key: p('server.key') };
}

/** Waits until something accepts TCP connections on the port (Mosquitto opens its extra listeners last). */
async function portOpen(port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const sock = tcpConnect(port, '127.0.0.1', () => {
        sock.destroy();
        resolve(true);
      });
      sock.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('MqttSession transports on Mosquitto (ws, mqtts, wss)', () => {
  let dir: string;
  let broker: MosquittoBroker;
  let certs: { ca: string; cert: string; key: string };
  let wsPort: number;
  let tlsPort: number;
  let wssPort: number;
  const sessions: MqttSession[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'iot-tls-'));
    certs = makeCerts(dir);
    wsPort = await freePort();
    tlsPort = await freePort();
    wssPort = await freePort();
    const tls = [`cafile ${certs.ca}`, `certfile ${certs.cert}`, `keyfile ${certs.key}`];
    broker = await startMosquitto({
      extraConfig: [
        `listener ${wsPort} 127.0.0.1`,
        'protocol websockets',
        `listener ${tlsPort} 127.0.0.1`,
        ...tls,
        `listener ${wssPort} 127.0.0.1`,
        'protocol websockets',
        ...tls,
      ],
    });
    await Promise.all([wsPort, tlsPort, wssPort].map(portOpen));
  });
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.destroy()));
  });
  afterAll(async () => {
    await broker?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  function session(opts: Partial<MqttSessionOptions> & Pick<MqttSessionOptions, 'url'>): MqttSession {
    const s = new MqttSession({ credentials: { clientId: uid('tr') }, reconnect: false, connectTimeoutMs: 10_000, ...opts });
    sessions.push(s);
    return s;
  }

  async function loopback(s: MqttSession): Promise<void> {
    const t = uid('loop');
    const got: string[] = [];
    await s.subscribe(t, { qos: 1 }, (_topic, p) => got.push(p.toString())).done;
    await s.publish(t, 'ping', { qos: 1 }).done;
    await until(() => got.length === 1, 5000, 'loopback message');
    expect(got).toEqual(['ping']);
  }

  it('works over ws:// with extra upgrade headers', async () => {
    const s = session({ url: `ws://127.0.0.1:${wsPort}/mqtt`, wsHeaders: { 'x-device': 'd1' } });
    await s.connect();
    await loopback(s);
  });

  it('verifies the server certificate by default on mqtts:// and accepts it with the CA', async () => {
    const strict = session({ url: `mqtts://127.0.0.1:${tlsPort}` });
    await expect(strict.connect()).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);
    const trusted = session({ url: `mqtts://127.0.0.1:${tlsPort}`, tls: { ca: readFileSync(certs.ca) } });
    await trusted.connect();
    await loopback(trusted);
    const wrongName = session({ url: `mqtts://127.0.0.1:${tlsPort}`, tls: { ca: readFileSync(certs.ca), servername: 'other.example' } });
    await expect(wrongName.connect()).rejects.toThrow(/altnames|does not match|hostname/i);
    const insecure = session({ url: `mqtts://127.0.0.1:${tlsPort}`, tls: { rejectUnauthorized: false } });
    await insecure.connect();
  });

  it('works over wss:// with the CA', async () => {
    const s = session({ url: `wss://127.0.0.1:${wssPort}/mqtt`, tls: { ca: readFileSync(certs.ca) } });
    await s.connect();
    await loopback(s);
  });
});
