import { Aedes, type AuthenticateError, type Client, type PublishPacket, type Subscription } from 'aedes';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { createServer as createTlsServer, type Server as TlsServer, type TLSSocket } from 'node:tls';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, createWebSocketStream, type WebSocket } from 'ws';
import type { AuthResult, ClientInfo, ConnectInfo, VendorPlugin } from '../plugin.js';
import type { MqttTransport, Platform } from '../platform.js';
import { topicMatches } from '../topic.js';
import { DownlinkPacer, type DownlinkPacerOptions } from './downlink-pacer.js';
import type { TlsKeyPair } from './self-signed.js';

/** Listener settings of the embedded broker. */
export interface EmbeddedBrokerOptions {
  /** Interface to bind. */
  host: string;
  /** MQTT TCP port (0 = free port). */
  mqttPort: number;
  /** TLS listener port (0 = free port); none when undefined. */
  mqttTlsPort?: number;
  /** Key pair of the TLS listener (required with `mqttTlsPort`). */
  tls?: TlsKeyPair;
  /** Own port for MQTT over WebSocket; otherwise `/mqtt` on `httpServer`. */
  wsPort?: number;
  /** The emulator's HTTP server, for `/mqtt` WebSocket upgrades. */
  httpServer: HttpServer;
  /** Resolves when plugins are set up; CONNECTs wait for it. */
  ready: Promise<void>;
  /** Downlink pacing limits. */
  downlink?: DownlinkPacerOptions;
}

/** The embedded broker as seen by the emulator. */
export interface EmbeddedBroker extends MqttTransport {
  /** `mqtts://host:port` when the TLS listener runs. */
  readonly mqttsUrl: string | undefined;
  /** `ws://host:port/mqtt`. */
  readonly wsUrl: string;
}

interface Transport {
  tls: boolean;
  socket?: TLSSocket;
}

interface ClientState {
  plugin: VendorPlugin;
  info: ClientInfo;
  client: Client;
  /** Topics the platform subscribed server-side. */
  auto: Set<string>;
  registered: boolean;
  closeReason?: string;
}

/** Topic a denied PUBLISH is diverted to so aedes acknowledges and drops it instead of disconnecting. */
const DENIED_SINK = '$iot-emulator/denied';

function errorWithCode(code: number, message: string): AuthenticateError {
  const err = new Error(message) as AuthenticateError;
  (err as { returnCode: number }).returnCode = code;
  return err;
}

async function listen(server: NetServer | TlsServer | HttpServer, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  return typeof addr === 'object' && addr ? addr.port : port;
}

function closeServer(server: NetServer | TlsServer | HttpServer): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Starts aedes with the plugin hooks on TCP (and TLS / WebSocket when asked).
 * @internal
 */
export async function startEmbeddedBroker(platform: Platform, opts: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const { trace, log } = platform;
  const pacer = new DownlinkPacer(opts.downlink);
  const transports = new WeakMap<Client, Transport>();
  const states = new WeakMap<Client, ClientState>();
  const byId = new Map<string, ClientState>();
  const connackTraced = new WeakSet<Client>();
  /** Traces the CONNACK before it is written (the device may act on it before aedes reports the write). */
  const traceConnack = (client: Client, returnCode: number, vendor: string | undefined, reason?: string): void => {
    connackTraced.add(client);
    trace.record({ kind: 'connack', clientId: client.id, vendor, returnCode, reason });
  };
  /** Subscriptions made server-side (by their objects: aedes copies a multi-topic array when it removes duplicates). */
  const autoSubs = new WeakSet<Subscription>();
  /** Who published a payload (aedes hands the same Buffer to every delivery), for the no-echo rule below. */
  const publisherOf = new WeakMap<object, Client>();
  const sockets = new Set<Socket | Duplex>();
  const webSockets = new Set<WebSocket>();

  const aedes = await Aedes.createBroker({
    heartbeatInterval: 60_000,
    // MQTT 3.1 capped client ids at 23 characters; vendor ids (Tencent: product id + device name) are longer,
    // and the real clouds accept them, so the local cloud does too.
    maxClientsIdLength: 256,
    preConnect(client, packet, cb) {
      const t = transports.get(client);
      trace.record({
        kind: 'connect',
        clientId: packet.clientId,
        username: packet.username,
        passwordPresent: packet.password !== undefined,
        protocolVersion: packet.protocolVersion,
        tls: t?.tls ?? false,
      });
      cb(null, true);
    },
    authenticate(client, username, password, done) {
      (async () => {
        await opts.ready;
        const t = transports.get(client);
        const conn: ConnectInfo = { clientId: client.id, protocolVersion: client.version, tls: t?.tls ?? false };
        if (username !== undefined) conn.username = username;
        if (password !== undefined) conn.password = Buffer.from(password);
        if (t?.socket) {
          const cert = t.socket.getPeerCertificate();
          if (cert && typeof cert.fingerprint256 === 'string' && cert.fingerprint256) {
            const cn = cert.subject?.CN;
            conn.peerCertificate = { fingerprint256: cert.fingerprint256, subject: Array.isArray(cn) ? cn.join(',') : cn };
          }
        }
        let plugin: VendorPlugin | undefined;
        for (const p of platform.plugins) {
          let claimed = false;
          platform.guard(p.name, 'claims', client.id, () => {
            claimed = p.claims(conn) === true;
          });
          if (claimed) {
            plugin = p;
            break;
          }
        }
        if (!plugin) {
          traceConnack(client, 5, undefined, 'no vendor plugin claims this client id');
          return done(errorWithCode(5, 'not authorized'), false);
        }
        let result: AuthResult;
        try {
          result = await plugin.authenticate(conn, platform.contextFor(plugin.name));
        } catch (err) {
          const reason = `${plugin.name}.authenticate failed: ${err instanceof Error ? err.message : String(err)}`;
          trace.record({ kind: 'error', clientId: client.id, vendor: plugin.name, reason });
          log.warn(reason);
          traceConnack(client, 3, plugin.name, reason);
          return done(errorWithCode(3, 'server unavailable'), false);
        }
        if (!result || result.ok !== true) {
          const code = result && [2, 4, 5].includes(result.returnCode) ? result.returnCode : 5;
          traceConnack(client, code, plugin.name, `${plugin.name}: ${result?.reason ?? 'refused'}`);
          return done(errorWithCode(code, result?.reason ?? 'refused'), false);
        }
        const state: ClientState = {
          plugin,
          info: { clientId: client.id, session: result.session ?? {}, vendor: plugin.name },
          client,
          auto: new Set(),
          registered: true,
        };
        states.set(client, state);
        byId.set(client.id, state);
        traceConnack(client, 0, plugin.name);
        done(null, true);
      })().catch((err: unknown) => {
        traceConnack(client, 3, undefined, `emulator not ready: ${err instanceof Error ? err.message : String(err)}`);
        done(errorWithCode(3, 'server unavailable'), false);
      });
    },
    authorizePublish(client, packet, cb) {
      const state = client ? states.get(client) : undefined;
      if (!client || !state) return cb(null);
      const p = state.plugin;
      let allowed = true;
      if (p.authorizePublish) {
        allowed = false;
        platform.guard(p.name, 'authorizePublish', client.id, () => {
          allowed = p.authorizePublish?.(state.info, packet.topic) === true;
        });
      }
      if (!allowed) {
        trace.record({ kind: 'denied', clientId: client.id, vendor: p.name, topic: packet.topic, qos: packet.qos, payload: packet.payload, reason: 'publish not authorized' });
        packet.topic = DENIED_SINK;
        packet.retain = false;
        return cb(null);
      }
      trace.record({ kind: 'publish', clientId: client.id, vendor: p.name, topic: packet.topic, qos: packet.qos, retain: packet.retain, payload: packet.payload });
      if (typeof packet.payload === 'object' && state.auto.size > 0) publisherOf.set(packet.payload, client);
      cb(null);
    },
    authorizeSubscribe(client, sub, cb) {
      const state = states.get(client);
      if (!state || state.auto.has(sub.topic)) return cb(null, sub);
      const p = state.plugin;
      let allowed = true;
      if (p.authorizeSubscribe) {
        allowed = false;
        platform.guard(p.name, 'authorizeSubscribe', client.id, () => {
          allowed = p.authorizeSubscribe?.(state.info, sub.topic) === true;
        });
      }
      if (!allowed) {
        trace.record({ kind: 'denied', clientId: client.id, vendor: p.name, topic: sub.topic, qos: sub.qos, reason: 'subscribe not authorized' });
        return cb(null, null);
      }
      cb(null, sub);
    },
    authorizeForward(client, packet) {
      if (packet.topic === DENIED_SINK) return null;
      const state = states.get(client);
      let subQos = 0;
      const subscriptions = (client as Client & { subscriptions?: Record<string, { qos?: number }> }).subscriptions ?? {};
      // A cloud never sends a device its own uplink back. A server-side subscription (say `.../sys/#`) also matches
      // the device's uplinks on a generic broker, so those are only forwarded to the publisher when one of its own
      // SUBSCRIBEs matches too (MQTT 3.1.1 has no no-local: a device that subscribes to what it publishes gets it).
      const own = state !== undefined && typeof packet.payload === 'object' && publisherOf.get(packet.payload) === client;
      let explicit = false;
      for (const [filter, sub] of Object.entries(subscriptions)) {
        if (!topicMatches(filter, packet.topic)) continue;
        subQos = Math.max(subQos, sub.qos ?? 0);
        if (!state?.auto.has(filter)) explicit = true;
      }
      if (own && !explicit) return null;
      const qos = Math.min(packet.qos, subQos);
      trace.record({ kind: 'deliver', clientId: client.id, vendor: state?.plugin.name, topic: packet.topic, qos, retain: packet.retain, payload: packet.payload });
      if (qos > 0) pacer.sent(client.id);
      return packet;
    },
  });

  /** Subscribes a freshly authenticated client to its plugin's server-side topics. */
  const autoSubscribe = (client: Client): void => {
    const state = states.get(client);
    if (!state) return;
    const p = state.plugin;
    let topics: string[] = [];
    if (p.autoSubscriptions) {
      platform.guard(p.name, 'autoSubscriptions', client.id, () => {
        topics = (p.autoSubscriptions?.(state.info) ?? []).filter((t) => typeof t === 'string' && t !== '');
      });
    }
    if (topics.length === 0) return;
    for (const t of topics) state.auto.add(t);
    const subs: Subscription[] = topics.map((topic) => ({ topic, qos: 1 }));
    for (const s of subs) autoSubs.add(s);
    client.subscribe({ subscriptions: subs }, (err) => {
      if (err) log.warn(`server-side subscription of ${client.id} failed: ${err.message}`);
    });
  };
  // aedes runs registerClient right before it writes the CONNACK (after the session was restored):
  // subscribing there means a downlink sent as soon as the device sees its CONNACK is delivered.
  const internals = aedes as unknown as { registerClient(client: Client): void };
  const registerClient = internals.registerClient.bind(aedes);
  internals.registerClient = (client: Client): void => {
    registerClient(client);
    autoSubscribe(client);
  };

  aedes.on('connackSent', (packet, client) => {
    const returnCode = packet.returnCode ?? 0;
    const state = states.get(client);
    if (!connackTraced.has(client)) traceConnack(client, returnCode, state?.plugin.name, returnCode === 0 ? undefined : 'refused by the broker');
    if (returnCode !== 0 || !state || !state.registered) return;
    const p = state.plugin;
    if (p.onConnected) platform.guard(p.name, 'onConnected', client.id, () => p.onConnected?.(state.info, platform.contextFor(p.name)));
  });

  aedes.on('subscribe', (subs, client) => {
    const state = states.get(client);
    for (const s of subs) {
      const auto = autoSubs.has(s);
      const granted: number = s.qos;
      trace.record({ kind: 'subscribe', clientId: client.id, vendor: state?.plugin.name, topic: s.topic, qos: granted === 128 ? undefined : granted, returnCode: granted === 128 ? 128 : undefined, auto: auto || undefined });
    }
  });
  aedes.on('unsubscribe', (topics, client) => {
    const state = states.get(client);
    for (const topic of topics) trace.record({ kind: 'unsubscribe', clientId: client.id, vendor: state?.plugin.name, topic });
  });
  aedes.on('ack', (_packet, client) => {
    if (client) pacer.acked(client.id);
  });
  aedes.on('clientError', (client, err) => {
    const state = states.get(client);
    if (state && !state.closeReason) state.closeReason = err.message;
    log.debug(`client ${client.id} error: ${err.message}`);
  });
  aedes.on('connectionError', (_client, err) => log.debug(`connection error: ${err.message}`));
  aedes.on('clientDisconnect', (client) => {
    const state = states.get(client);
    pacer.forget(client.id);
    if (!state || !state.registered) return;
    state.registered = false;
    if (byId.get(client.id) === state) byId.delete(client.id);
    trace.record({ kind: 'disconnect', clientId: client.id, vendor: state.plugin.name, reason: state.closeReason ?? 'disconnected' });
    const p = state.plugin;
    if (p.onDisconnected) platform.guard(p.name, 'onDisconnected', client.id, () => p.onDisconnected?.(state.info, platform.contextFor(p.name)));
  });
  aedes.on('publish', (packet, client) => {
    if (!client || packet.topic === DENIED_SINK) return;
    const state = states.get(client);
    if (!state) return;
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    platform.dispatchUplink(state.plugin, state.info, packet.topic, payload);
  });
  (aedes as unknown as { on(e: 'error', l: (err: Error) => void): void }).on('error', (err) => log.warn(`broker error: ${err.message}`));

  const track = (sock: Socket | Duplex): void => {
    sockets.add(sock);
    sock.once('close', () => sockets.delete(sock));
    sock.on('error', () => undefined);
  };

  const host = opts.host;
  const servers: (NetServer | TlsServer | HttpServer)[] = [];
  let mqttPort = 0;
  let mqttsUrl: string | undefined;
  let wsUrl = '';
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => (protocols.has('mqtt') ? 'mqtt' : protocols.has('mqttv3.1') ? 'mqttv3.1' : false) });
  try {
    const tcp = createNetServer((sock) => {
      track(sock);
      const client = aedes.handle(sock);
      transports.set(client, { tls: false });
    });
    servers.push(tcp);
    mqttPort = await listen(tcp, opts.mqttPort, host);

    if (opts.mqttTlsPort !== undefined) {
      if (!opts.tls) throw new Error('TLS listener requested without a key pair');
      const tlsServer = createTlsServer({ key: opts.tls.key, cert: opts.tls.cert, requestCert: true, rejectUnauthorized: false }, (sock) => {
        track(sock);
        const client = aedes.handle(sock);
        transports.set(client, { tls: true, socket: sock });
      });
      tlsServer.on('tlsClientError', (err) => log.debug(`TLS handshake failed: ${err.message}`));
      servers.push(tlsServer);
      const port = await listen(tlsServer, opts.mqttTlsPort, host);
      mqttsUrl = `mqtts://${urlHost(host)}:${port}`;
    }

    const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer, anyPath: boolean): void => {
      const path = (req.url ?? '/').split('?')[0];
      socket.on('error', () => undefined);
      if (!anyPath && path !== '/mqtt') {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        webSockets.add(ws);
        ws.once('close', () => webSockets.delete(ws));
        const stream = createWebSocketStream(ws);
        track(stream);
        const client = aedes.handle(stream, req);
        transports.set(client, { tls: false });
      });
    };
    if (opts.wsPort !== undefined) {
      const wsServer = createHttpServer((_req, res) => {
        res.writeHead(426, { 'content-type': 'text/plain' }).end('MQTT over WebSocket only\n');
      });
      wsServer.on('upgrade', (req, socket, head) => onUpgrade(req, socket, head, true));
      servers.push(wsServer);
      const port = await listen(wsServer, opts.wsPort, host);
      wsUrl = `ws://${urlHost(host)}:${port}/mqtt`;
    } else {
      opts.httpServer.on('upgrade', (req, socket, head) => onUpgrade(req, socket, head, false));
      const addr = opts.httpServer.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      wsUrl = `ws://${urlHost(host)}:${port}/mqtt`;
    }

  } catch (err) {
    // a listener failed (e.g. EADDRINUSE): release what was started
    pacer.close();
    await Promise.all(servers.filter((x) => x.listening).map(closeServer));
    await new Promise<void>((resolve) => aedes.close(() => resolve()));
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    throw err;
  }

  return {
    url: `mqtt://${urlHost(host)}:${mqttPort}`,
    mqttsUrl,
    wsUrl,
    publish(topic, payload, o) {
      // a platform downlink that reuses a device's uplink Buffer (an echo service) must not count as that
      // device's own uplink for the no-echo rule, so it gets a Buffer of its own
      const own = typeof payload === 'object' && publisherOf.has(payload) ? Buffer.from(payload) : payload;
      const packet: PublishPacket = { cmd: 'publish', topic, payload: own, qos: o.qos, retain: o.retain, dup: false };
      return pacer.enqueue((done) => aedes.publish(packet, (err) => done(err ?? undefined)));
    },
    isConnected: (clientId) => byId.has(clientId),
    connectedClients(vendor) {
      const out: ClientInfo[] = [];
      for (const s of byId.values()) if (vendor === undefined || s.info.vendor === vendor) out.push(s.info);
      return out;
    },
    disconnectClient(clientId) {
      const state = byId.get(clientId);
      if (!state) return false;
      state.closeReason = 'kicked by the platform';
      state.client.close();
      return true;
    },
    async close() {
      pacer.close();
      const closing = servers.map(closeServer);
      for (const ws of webSockets) ws.terminate();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await Promise.all(closing);
    },
  };
}
