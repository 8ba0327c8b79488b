import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { randomBytes } from 'node:crypto';
import type { VendorPlugin } from '../plugin.js';
import type { MqttTransport, Platform } from '../platform.js';
import { topicMatches } from '../topic.js';

/** Where attach mode connects. */
export interface AttachOptions {
  /** URL of the existing broker, e.g. `mqtt://127.0.0.1:1883`. */
  url: string;
  /** Username of the emulator's own MQTT client. */
  username?: string;
  /** Password of the emulator's own MQTT client. */
  password?: string;
  /** Client id of the emulator's own MQTT client (random `iot-emulator-…` by default). */
  clientId?: string;
  /** Connect timeout in ms (default 10000). */
  connectTimeout?: number;
}

function pluginFilters(p: VendorPlugin, platform: Platform): string[] {
  let filters: string[] = ['#'];
  if (p.uplinkFilters) {
    platform.guard(p.name, 'uplinkFilters', '', () => {
      const f = p.uplinkFilters?.() ?? [];
      filters = f.filter((t) => typeof t === 'string' && t !== '');
    });
  }
  return filters;
}

/**
 * Attach mode: the platform logic runs as an MQTT client of an external broker. It subscribes
 * to the plugins' uplink filters and publishes downlinks through that client. The external broker
 * authenticates devices and owns subscriptions, so `authenticate`, `authorize*` and
 * `autoSubscriptions` are not used, and client ids are unknown (`''`).
 * @internal
 */
export async function attachToBroker(platform: Platform, opts: AttachOptions): Promise<MqttTransport> {
  const { trace, log } = platform;
  const routes = platform.plugins.map((p) => ({ plugin: p, filters: pluginFilters(p, platform) }));
  const filters = [...new Set(routes.flatMap((r) => r.filters))];
  const base: IClientOptions = {
    clientId: opts.clientId ?? `iot-emulator-${randomBytes(6).toString('hex')}`,
    username: opts.username,
    password: opts.password,
    reconnectPeriod: 1000,
    connectTimeout: opts.connectTimeout ?? 10_000,
    clean: true,
  };
  let v5 = true;
  let client: MqttClient;
  try {
    client = await mqtt.connectAsync(opts.url, { ...base, protocolVersion: 5 }, false);
  } catch (err) {
    // a 3.1.1-only broker: fall back, and drop our own echoes by content instead of No Local
    log.debug(`MQTT 5 attach failed (${(err as Error).message}); retrying with 3.1.1`);
    v5 = false;
    client = await mqtt.connectAsync(opts.url, { ...base, protocolVersion: 4 }, false);
  }
  const echoes = new Map<string, number>();
  const echoKey = (topic: string, payload: Buffer): string => `${topic}\u0000${payload.toString('base64')}`;

  client.on('error', (err) => log.warn(`attach client error: ${err.message}`));
  client.on('message', (topic, payload) => {
    if (!v5) {
      const k = echoKey(topic, payload);
      const n = echoes.get(k) ?? 0;
      if (n > 0) {
        if (n === 1) echoes.delete(k);
        else echoes.set(k, n - 1);
        return;
      }
    }
    const owners = routes.filter((r) => r.filters.some((f) => topicMatches(f, topic)));
    trace.record({ kind: 'publish', clientId: '', vendor: owners[0]?.plugin.name, topic, payload });
    if (owners.length === 0) platform.dispatchUplink(undefined, { clientId: '', session: {}, vendor: '' }, topic, payload);
    for (const { plugin } of owners) platform.dispatchUplink(plugin, { clientId: '', session: {}, vendor: plugin.name }, topic, payload);
  });
  const subscribe = async (): Promise<void> => {
    if (filters.length === 0) return;
    const granted = await client.subscribeAsync(
      filters.map((f) => f),
      v5 ? { qos: 1, nl: true } : { qos: 1 },
    );
    for (const g of granted) trace.record({ kind: 'subscribe', clientId: '', topic: g.topic, qos: g.qos >= 128 ? undefined : g.qos, returnCode: g.qos >= 128 ? g.qos : undefined, auto: true });
  };
  await subscribe();
  client.on('connect', (ack) => {
    if (!ack.sessionPresent) subscribe().catch((err: unknown) => log.warn(`attach resubscribe failed: ${(err as Error).message}`));
  });

  return {
    url: opts.url,
    async publish(topic, payload, o) {
      if (!v5) {
        const k = echoKey(topic, payload);
        if (filters.some((f) => topicMatches(f, topic))) echoes.set(k, (echoes.get(k) ?? 0) + 1);
      }
      await client.publishAsync(topic, payload, { qos: o.qos, retain: o.retain });
      trace.record({ kind: 'deliver', clientId: '', topic, qos: o.qos, retain: o.retain, payload });
    },
    isConnected: () => false,
    connectedClients: () => [],
    disconnectClient(clientId) {
      log.warn(`cannot kick ${clientId} in attach mode (the external broker owns the connections)`);
      return false;
    },
    async close() {
      await Promise.race([client.endAsync(), new Promise<void>((r) => setTimeout(r, 2000).unref())]);
      if (!client.disconnected) await client.endAsync(true);
    },
  };
}
