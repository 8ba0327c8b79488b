// TlsOptions.verifyHostname / minVersion / maxVersion on mqtts:// and wss:// (Mosquitto) and on the HTTP helpers
// (node https), with a throwaway CA whose server certificate names another host than the one connected to.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { connect as tcpConnect } from 'node:net';
import { createServer as createTlsServer, type Server as TlsServer, type TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, startMosquitto, type MosquittoBroker } from '@iot/emulator';
import { httpRequest } from '../../src/http/request.js';
import { MqttSession, type MqttSessionOptions } from '../../src/session/mqtt-session.js';
import { uid } from './harness.js';

interface Certs {
  ca: Buffer;
  otherCa: Buffer;
  cert: string;
  key: string;
  certPem: string;
  keyPem: string;
}

/** A CA, a server certificate it signed for `iot.example.com` only, and a second, unrelated CA. */
function makeCerts(dir: string): Certs {
  const p = (f: string) => path.join(dir, f);
  const ossl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  ossl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('ca.key'), '-out', p('ca.crt'), '-days', '1', '-subj', '/CN=iot-test-ca');
  ossl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('other.key'), '-out', p('other.crt'), '-days', '1', '-subj', '/CN=other-ca');
  ossl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('server.key'), '-out', p('server.csr'), '-subj', '/CN=iot.example.com');
  writeFileSync(p('ext.cnf'), 'subjectAltName=DNS:iot.example.com\n');
  ossl('x509', '-req', '-in', p('server.csr'), '-CA', p('ca.crt'), '-CAkey', p('ca.key'), '-CAcreateserial', '-out', p('server.crt'), '-days', '1', '-extfile', p('ext.cnf'));
  // Mosquitto started as root drops to its own user: let it read the files
  chmodSync(dir, 0o755);
  for (const f of readdirSync(dir)) chmodSync(p(f), 0o644);
  return {
    ca: readFileSync(p('ca.crt')),
    otherCa: readFileSync(p('other.crt')),
    cert: p('server.crt'),
    key: p('server.key'),
    certPem: readFileSync(p('server.crt'), 'utf8'),
    keyPem: readFileSync(p('server.key'), 'utf8'),
  };
}

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

let dir: string;
let certs: Certs;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'iot-tlsopt-'));
  certs = makeCerts(dir);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A TLS terminator in front of a plain port that records the TLS version each connection negotiated. */
async function tlsProxy(target: number): Promise<{ port: number; versions: Array<string | null>; close: () => Promise<void> }> {
  const versions: Array<string | null> = [];
  const sockets = new Set<TLSSocket>();
  const server: TlsServer = createTlsServer({ cert: certs.certPem, key: certs.keyPem, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' }, (sock) => {
    sockets.add(sock);
    versions.push(sock.getProtocol());
    const up = tcpConnect(target, '127.0.0.1');
    sock.pipe(up).pipe(sock);
    const end = (): void => {
      sockets.delete(sock);
      sock.destroy();
      up.destroy();
    };
    sock.on('error', end).on('close', end);
    up.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    versions,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('MqttSession TLS options (Mosquitto)', () => {
  let broker: MosquittoBroker;
  let tlsPort: number;
  let wssPort: number;
  let wsPort: number;
  let mqttProxy: Awaited<ReturnType<typeof tlsProxy>>;
  let wsProxy: Awaited<ReturnType<typeof tlsProxy>>;
  const sessions: MqttSession[] = [];

  beforeAll(async () => {
    tlsPort = await freePort();
    wssPort = await freePort();
    wsPort = await freePort();
    const tls = [`cafile ${dir}/ca.crt`, `certfile ${certs.cert}`, `keyfile ${certs.key}`];
    broker = await startMosquitto({
      extraConfig: [
        `listener ${tlsPort} 127.0.0.1`,
        ...tls,
        `listener ${wssPort} 127.0.0.1`,
        'protocol websockets',
        ...tls,
        `listener ${wsPort} 127.0.0.1`,
        'protocol websockets',
      ],
    });
    await Promise.all([tlsPort, wssPort, wsPort].map(portOpen));
    mqttProxy = await tlsProxy(broker.port);
    wsProxy = await tlsProxy(wsPort);
  });
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.destroy()));
  });
  afterAll(async () => {
    await mqttProxy?.close();
    await wsProxy?.close();
    await broker?.stop();
  });

  function session(opts: Partial<MqttSessionOptions> & Pick<MqttSessionOptions, 'url'>): MqttSession {
    const s = new MqttSession({ credentials: { clientId: uid('tls') }, reconnect: false, connectTimeoutMs: 10_000, ...opts });
    sessions.push(s);
    return s;
  }

  async function roundTrip(s: MqttSession): Promise<void> {
    const t = uid('rt');
    const got: string[] = [];
    await s.subscribe(t, { qos: 1 }, (_topic, p) => got.push(p.toString())).done;
    await s.publish(t, 'ping', { qos: 1 }).done;
    for (let i = 0; i < 100 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(got).toEqual(['ping']);
  }

  for (const scheme of ['mqtts', 'wss'] as const) {
    const url = (): string => (scheme === 'mqtts' ? `mqtts://127.0.0.1:${tlsPort}` : `wss://127.0.0.1:${wssPort}/mqtt`);

    it(`${scheme}: the host name is checked by default; verifyHostname false accepts the CA-signed certificate of another host`, async () => {
      await expect(session({ url: url(), tls: { ca: certs.ca } }).connect()).rejects.toThrow(/altnames|does not match|hostname/i);
      await expect(session({ url: url(), tls: { ca: certs.ca, verifyHostname: true } }).connect()).rejects.toThrow(/altnames|does not match|hostname/i);
      const relaxed = session({ url: url(), tls: { ca: certs.ca, verifyHostname: false } });
      await relaxed.connect();
      await roundTrip(relaxed);
    });

    it(`${scheme}: verifyHostname false still verifies the certificate chain`, async () => {
      await expect(session({ url: url(), tls: { ca: certs.otherCa, verifyHostname: false } }).connect()).rejects.toThrow(/unable to verify|self[- ]signed|certificate/i);
      await expect(session({ url: url(), tls: { verifyHostname: false } }).connect()).rejects.toThrow(/unable to verify|self[- ]signed|certificate/i);
    });

    it(`${scheme}: minVersion / maxVersion decide the negotiated TLS version`, async () => {
      const proxy = scheme === 'mqtts' ? mqttProxy : wsProxy;
      const proxied = (): string => (scheme === 'mqtts' ? `mqtts://127.0.0.1:${proxy.port}` : `wss://127.0.0.1:${proxy.port}/mqtt`);
      proxy.versions.length = 0;
      await session({ url: proxied(), tls: { ca: certs.ca, verifyHostname: false } }).connect();
      const pinned = session({ url: proxied(), tls: { ca: certs.ca, verifyHostname: false, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' } });
      await pinned.connect();
      await roundTrip(pinned);
      await session({ url: proxied(), tls: { ca: certs.ca, verifyHostname: false, minVersion: 'TLSv1.3' } }).connect();
      expect(proxy.versions).toEqual(['TLSv1.3', 'TLSv1.2', 'TLSv1.3']);
      // impossible range: the handshake cannot even start
      await expect(session({ url: proxied(), tls: { ca: certs.ca, minVersion: 'TLSv1.3', maxVersion: 'TLSv1.2' } }).connect()).rejects.toThrow();
    });
  }
});

describe('HTTP TLS options', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    // TLS 1.3 only, so maxVersion 'TLSv1.2' must fail
    server = createServer({ cert: certs.certPem, key: certs.keyPem, minVersion: 'TLSv1.3' }, (_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const codeOf = (e: unknown): string => String((e as { code?: string }).code ?? (e as Error).message);

  test('the host name is checked by default; verifyHostname false accepts it, the chain is still verified', async () => {
    const wrongHost = await httpRequest(url, { method: 'GET', tls: { ca: certs.ca } }).catch((e: unknown) => e);
    expect(codeOf(wrongHost)).toMatch(/ERR_TLS_CERT_ALTNAME_INVALID|altnames/);
    const ok = await httpRequest(url, { method: 'GET', tls: { ca: certs.ca, verifyHostname: false } });
    expect(ok).toMatchObject({ status: 200, body: 'ok' });
    const untrusted = await httpRequest(url, { method: 'GET', tls: { ca: certs.otherCa, verifyHostname: false } }).catch((e: unknown) => e);
    expect(codeOf(untrusted)).toMatch(/UNABLE_TO_VERIFY|SELF_SIGNED|UNABLE_TO_GET_ISSUER/);
  });

  test('minVersion / maxVersion reach the connection', async () => {
    const ok = await httpRequest(url, { method: 'GET', tls: { ca: certs.ca, verifyHostname: false, minVersion: 'TLSv1.3' } });
    expect(ok.status).toBe(200);
    const tooOld = await httpRequest(url, { method: 'GET', tls: { ca: certs.ca, verifyHostname: false, maxVersion: 'TLSv1.2' } }).catch((e: unknown) => e);
    expect(codeOf(tooOld)).toMatch(/VERSION|protocol|alert/i);
  });
});
