// Port 8883 (TLS with the platform CA, secret and X.509 client certificate) and a real Mosquitto broker.
import { X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer, type Server, type TLSSocket } from 'node:tls';
import { freePort, generateSelfSignedCert, startAedesBroker, startMosquitto, type AedesBroker, type MosquittoBroker, type TlsKeyPair } from '@iot/emulator';
import { ConnectActionListener, CommandListener, CommandRsp, IotDevice, RawMessage, RawMessageListener, ServiceProperty, type JsonDict } from '../src/index.js';
import { authInfo, makeDevice, waitFor } from './helpers.js';

describe('TLS on 8883', () => {
  let server: Server;
  let plain: AedesBroker;
  let port: number;
  let dir: string;
  let serverPair: TlsKeyPair;
  let clientPair: TlsKeyPair;
  const peers: string[] = [];
  const passwords: Array<string | undefined> = [];
  const devices: IotDevice[] = [];

  beforeAll(async () => {
    serverPair = generateSelfSignedCert();
    clientPair = generateSelfSignedCert();
    dir = mkdtempSync(path.join(tmpdir(), 'hw-tls-'));
    writeFileSync(path.join(dir, 'root.pem'), serverPair.cert);
    writeFileSync(path.join(dir, 'other.pem'), clientPair.cert);
    writeFileSync(path.join(dir, 'client.pem'), clientPair.cert);
    writeFileSync(path.join(dir, 'client.key'), clientPair.key);
    plain = await startAedesBroker();
    const aedes = plain.aedes;
    aedes.authenticate = (_c, _u, pw, done) => {
      passwords.push(pw?.toString());
      done(null, true);
    };
    port = await freePort('127.0.0.1');
    server = createServer({ key: serverPair.key, cert: serverPair.cert, requestCert: true, rejectUnauthorized: false, ca: [clientPair.cert] }, (sock: TLSSocket) => {
      const peer = sock.getPeerCertificate();
      peers.push(peer && peer.fingerprint256 ? peer.fingerprint256 : 'none');
      aedes.handle(sock);
    });
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  });
  afterEach(async () => {
    for (const d of devices.splice(0)) await d.destroy();
    peers.length = 0;
    passwords.length = 0;
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await plain.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('secret auth verifies the broker against iot_cert_path and sends no client certificate', async () => {
    const d = IotDevice.create_by_secret('127.0.0.1', 8883, 'productId_nodeId', '12345678', path.join(dir, 'root.pem'), { broker_port: port });
    devices.push(d);
    expect(await d.connect()).toBe(0);
    expect(peers).toEqual(['none']);
    expect(passwords[0]).toMatch(/^[0-9a-f]{64}$/);
  });

  test('X.509: client certificate sent, no password (create_by_certificate sets X509_AUTH)', async () => {
    const d = IotDevice.create_by_certificate('127.0.0.1', 8883, 'productId_nodeId', path.join(dir, 'client.pem'), path.join(dir, 'client.key'), path.join(dir, 'root.pem'), { broker_port: port });
    devices.push(d);
    expect(await d.connect()).toBe(0);
    expect(peers).toEqual([new X509Certificate(clientPair.cert).fingerprint256]);
    expect(passwords).toEqual([undefined]);
  });

  test('a missing CA file gives -1 at once and reaches the connect action listener; an untrusted broker gives -1', async () => {
    const info = authInfo(null);
    info.port = 8883;
    info.iot_cert_path = path.join(dir, 'missing.pem');
    const d = makeDevice(null, info, { broker_port: port });
    devices.push(d);
    const failures: string[] = [];
    // as in Python, device.connect() installs the device-log action listener over a user one unless logging is off
    d.get_device_log_service().log_switch = false;
    d.get_client().set_connect_action_listener(
      new (class extends ConnectActionListener {
        on_success(): void {}
        on_failure(token: number, err: Error | null): void {
          failures.push(`${token}:${err?.message}`);
        }
      })(),
    );
    expect(await d.connect()).toBe(-1);
    await waitFor(() => failures.length === 1);
    expect(failures).toEqual(['-1:ssl certification path error']);
    const untrusted = authInfo(null);
    untrusted.port = 8883;
    untrusted.iot_cert_path = path.join(dir, 'other.pem');
    untrusted.reconnect_on_failure = false;
    const d2 = makeDevice(null, untrusted, { broker_port: port });
    devices.push(d2);
    expect(await d2.connect()).toBe(-1);
  });
});

describe('TLS as Python sets it up (ssl.PROTOCOL_TLSv1_2, tls_insecure_set(True))', () => {
  let dir: string;
  let caPath: string;
  let plain: AedesBroker;
  const servers: Server[] = [];
  const devices: IotDevice[] = [];

  /** A TLS front for aedes with a certificate that names another host only; records the negotiated version. */
  async function front(opts: { minVersion?: 'TLSv1.2' | 'TLSv1.3' } = {}): Promise<{ port: number; versions: Array<string | null> }> {
    const versions: Array<string | null> = [];
    const server = createServer({ key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(caPath), minVersion: opts.minVersion ?? 'TLSv1.2' }, (sock: TLSSocket) => {
      versions.push(sock.getProtocol());
      plain.aedes.handle(sock);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    servers.push(server);
    return { port: (server.address() as AddressInfo).port, versions };
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'hw-tls12-'));
    caPath = path.join(dir, 'cert.pem');
    // self-signed (it is its own CA), issued for the cloud's host name, not for 127.0.0.1
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-keyout', path.join(dir, 'key.pem'), '-out', caPath, '-subj', '/CN=iot-mqtts.example.com', '-addext', 'subjectAltName=DNS:iot-mqtts.example.com'],
      { stdio: 'ignore' },
    );
    plain = await startAedesBroker();
  });
  afterEach(async () => {
    for (const d of devices.splice(0)) await d.destroy();
  });
  afterAll(async () => {
    for (const s of servers) await new Promise<void>((r) => s.close(() => r()));
    await plain.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the certificate chain is verified, the host name is not, and TLS 1.2 is negotiated even when 1.3 is offered', async () => {
    const f = await front();
    const d = IotDevice.create_by_secret('127.0.0.1', 8883, 'productId_nodeId', '12345678', caPath, { broker_port: f.port });
    devices.push(d);
    expect(await d.connect()).toBe(0);
    expect(f.versions).toEqual(['TLSv1.2']);
  });

  test('a broker that speaks TLS 1.3 only is refused (Python: PROTOCOL_TLSv1_2), like one whose certificate is untrusted', async () => {
    const f = await front({ minVersion: 'TLSv1.3' });
    const info = authInfo(null);
    info.port = 8883;
    info.iot_cert_path = caPath;
    info.reconnect_on_failure = false;
    const d = makeDevice(null, info, { broker_port: f.port });
    devices.push(d);
    expect(await d.connect()).toBe(-1);
    expect(f.versions).toEqual([]);
  });
});

describe('real Mosquitto broker', () => {
  let broker: MosquittoBroker;
  beforeAll(async () => {
    broker = await startMosquitto();
  });
  afterAll(async () => {
    await broker.stop();
  });

  test('a command from another client reaches the CommandListener; the response and a property report go out', async () => {
    const a = makeDevice(null, authInfo(null, 'prod_a'), { broker_port: broker.port });
    const b = makeDevice(null, authInfo(null, 'prod_b'), { broker_port: broker.port, subscribe_system_topics: false });
    try {
      a.get_client().set_command_listener(
        new (class extends CommandListener {
          on_command(request_id: string, _s: string, command_name: string, paras: JsonDict): void {
            a.get_client().respond_command(request_id, new CommandRsp({ response_name: command_name, paras }));
            a.get_client().report_properties([new ServiceProperty('smokeDetector', { alarm: 1 })]);
          }
        })(),
      );
      expect(await a.connect()).toBe(0);
      expect(await b.connect()).toBe(0);
      const got: RawMessage[] = [];
      const l = new (class extends RawMessageListener {
        on_message_received(m: RawMessage): void {
          got.push(m);
        }
      })();
      b.get_client().subscribe_topic('$oc/devices/prod_a/sys/commands/response/request_id=42', 1, l);
      b.get_client().subscribe_topic('$oc/devices/prod_a/sys/properties/report', 1, l);
      await new Promise((r) => setTimeout(r, 100));
      b.get_client().publish_raw_message(new RawMessage('$oc/devices/prod_a/sys/commands/request_id=42', '{"service_id": "s", "command_name": "ring", "paras": {"d": 1}}'));
      await waitFor(() => got.length === 2);
      const texts = got.map((m) => [m.topic, (m.payload as Buffer).toString()]).sort();
      expect(texts).toEqual([
        ['$oc/devices/prod_a/sys/commands/response/request_id=42', '{"result_code": 0, "response_name": "ring", "paras": {"d": 1}}'],
        ['$oc/devices/prod_a/sys/properties/report', '{"services": [{"service_id": "smokeDetector", "properties": {"alarm": 1}, "event_time": null}]}'],
      ]);
    } finally {
      await a.destroy();
      await b.destroy();
    }
  });
});

