/**
 * The `tencent` plugin: Tencent Cloud IoT Hub, platform side (see README.md in this folder for
 * registry fields, wire behaviour and the `/control/tencent/...` routes).
 * @packageDocumentation
 */
import type { ClientInfo, VendorPlugin } from '../../plugin.js';
import type { DeviceRegistry } from '../../registry.js';
import { authenticateConnect, claimsConnect } from './auth.js';
import { TencentCloud, type TencentPluginOptions } from './cloud.js';
import { controlRoutes } from './control-routes.js';
import { deviceRoutes } from './device-http.js';
import { deviceKey, getDevice, VENDOR } from './records.js';
import { topicOwner } from './topics.js';

export type { TencentPluginOptions } from './cloud.js';

/** The `tencent` plugin object, with its platform state for tests. */
export interface TencentPlugin extends VendorPlugin {
  /** Shadows, topology, OTA and resource state. */
  readonly cloud: TencentCloud;
}

/** True for topics the platform sends to devices (result/down/rxd/update). */
function isDownlink(topic: string): boolean {
  const s = topic.split('/');
  if (!topic.startsWith('$')) return false;
  return s[2] === 'result' || s[1] === 'update' || s[1] === 'rxd' || s[1] === 'down';
}

/** May the client's device use a topic of that owner? (own topics, or a bound sub-device's) */
function mayUse(registry: DeviceRegistry, client: ClientInfo, topic: string): boolean {
  const owner = topicOwner(topic);
  const own = client.session['key'];
  if (!owner || typeof own !== 'string') return false;
  const key = deviceKey(owner.productId, owner.deviceName);
  if (key === own) return true;
  const slash = own.indexOf('/');
  const gw = getDevice(registry, own.slice(0, slash), own.slice(slash + 1));
  return gw !== undefined && gw.gateway && gw.subDevices.includes(key);
}

/**
 * Creates the `tencent` vendor plugin.
 * @param opts - clock skew of HTTP signatures, RRPC timeout, payload cap
 */
export function tencentPlugin(opts: TencentPluginOptions = {}): TencentPlugin {
  const cloud = new TencentCloud(opts);
  const registry = (): DeviceRegistry => {
    if (!cloud.ctx) throw new Error('tencent plugin used before setup');
    return cloud.ctx.registry;
  };
  let unsubscribe: (() => void) | undefined;
  return {
    name: VENDOR,
    cloud,
    setup(ctx) {
      cloud.ctx = ctx;
      unsubscribe = ctx.registry.onDelete((vendor, key) => {
        if (vendor !== VENDOR || !key.includes('/')) return;
        cloud.forget(key);
        // the platform closes the MQTT connection of a deleted device, as the real cloud does
        for (const c of ctx.connectedClients(VENDOR)) if (c.session['key'] === key) ctx.disconnectClient(c.clientId);
      });
    },
    close() {
      unsubscribe?.();
    },
    claims: (conn) => claimsConnect(conn, registry()),
    authenticate: (conn, ctx) => authenticateConnect(conn, ctx.registry, Date.now()),
    authorizePublish: (client, topic) => !isDownlink(topic) && mayUse(registry(), client, topic),
    authorizeSubscribe: (client, topic) => (!topic.startsWith('$') || isDownlink(topic)) && mayUse(registry(), client, topic),
    uplinkFilters: () => ['$sys/operation/+/+', '$shadow/operation/+/+', '$gateway/operation/+/+', '$ota/report/+/+', '$rrpc/txd/+/+/+', '$resource/up/service/+/+'],
    onDisconnected(client) {
      const key = client.session['key'];
      if (typeof key === 'string') cloud.gateway.gatewayGone(key);
    },
    onPublish: (client, topic, payload, ctx) => cloud.onPublish(client, topic, payload, ctx),
    routes: () => [...deviceRoutes(cloud), ...controlRoutes(cloud)],
  };
}
