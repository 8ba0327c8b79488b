/**
 * The `aliyun` plugin: Alibaba Cloud IoT Platform (Link Kit), platform side. Registry fields, wire behaviour
 * and the `/control/aliyun/...` routes are documented in README.md in this folder.
 * @packageDocumentation
 */
import type { EmulatorContext, VendorPlugin } from '../../plugin.js';
import { authenticateConnect, claimsConnect } from './auth.js';
import { AliyunCloud } from './cloud.js';
import { controlRoutes } from './control-routes.js';
import { deviceRoutes } from './device-http.js';
import { deviceKey, getDevice, isActivated, VENDOR } from './records.js';
import { autoSubscriptionsOf, mayUse, ownOrLoggedIn } from './topics.js';

export type { Firmware, CustomRoute, ShadowDoc } from './cloud.js';
export { AliyunCloud } from './cloud.js';

/** The `aliyun` plugin object, with its platform state for tests. */
export interface AliyunPlugin extends VendorPlugin {
  /** Firmware, custom routes, sub-device sessions, posted properties. */
  readonly cloud: AliyunCloud;
}

/** Creates the `aliyun` vendor plugin. */
export function aliyunPlugin(): AliyunPlugin {
  let context: EmulatorContext | undefined;
  const ctxOf = (): EmulatorContext => {
    if (!context) throw new Error('aliyun plugin used before setup');
    return context;
  };
  const cloud = new AliyunCloud(ctxOf);
  let unsubscribe: (() => void) | undefined;
  return {
    name: VENDOR,
    cloud,
    setup(ctx) {
      context = ctx;
      unsubscribe = ctx.registry.onDelete((vendor, key) => {
        if (vendor !== VENDOR || !key.includes('/')) return;
        cloud.forget(key);
        // the platform closes the MQTT connection of a deleted device, as the real cloud does
        for (const c of ctx.connectedClients(VENDOR)) {
          if (c.session['kind'] === 'device' && deviceKey(String(c.session['productKey']), String(c.session['deviceName'])) === key) ctx.disconnectClient(c.clientId);
        }
      });
    },
    claims: (conn) => claimsConnect(conn),
    authenticate(conn, ctx) {
      context ??= ctx;
      return authenticateConnect(conn, ctx);
    },
    authorizePublish(client, topic) {
      if (!context || !mayUse(client, topic, context.registry)) return false;
      // a sub-device's uplinks through its gateway need its login (subscribing its topics does not)
      if (!ownOrLoggedIn(client, topic, cloud.subSessions)) return false;
      // replies on /ext/rrpc/... are consumed by the platform (never forwarded back to the device's own rrpc filter);
      // the control routes read them from the trace
      return !topic.startsWith('/ext/rrpc/');
    },
    authorizeSubscribe: (client, topic) => context !== undefined && mayUse(client, topic, context.registry),
    autoSubscriptions: (client) => (context ? autoSubscriptionsOf(client, context.registry) : []),
    uplinkFilters: () => ['/sys/#', '/shadow/update/#', '/ext/session/#', '/ota/device/#', '/ext/rrpc/#', '/+/+/user/#'],
    onConnected(client, ctx) {
      const s = client.session;
      if (s['kind'] === 'device') {
        const rec = getDevice(ctx.registry, String(s['productKey']), String(s['deviceName']));
        if (rec && !isActivated(rec)) ctx.registry.update(VENDOR, rec.key, { activated: true });
        return;
      }
      if (s['kind'] !== 'dynreg') return;
      const pk = String(s['productKey']);
      const dn = String(s['deviceName']);
      void (async () => {
        if (s['authType'] === 'regnwl') {
          const token = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
          const clientId = `${pk}.${dn}`;
          const rec = getDevice(ctx.registry, pk, dn);
          if (rec) ctx.registry.update(VENDOR, deviceKey(pk, dn), { deviceToken: token, mqttClientId: clientId });
          else ctx.registry.put({ vendor: VENDOR, key: deviceKey(pk, dn), productKey: pk, deviceName: dn, deviceToken: token, mqttClientId: clientId });
          await ctx.publish('/ext/regnwl', { clientId, productKey: pk, deviceName: dn, deviceToken: token });
        } else {
          const deviceSecret = cloud.ensureDevice(pk, dn);
          await ctx.publish('/ext/register', { productKey: pk, deviceName: dn, deviceSecret });
        }
        cloud.later(200, () => ctx.disconnectClient(client.clientId));
      })().catch((err: unknown) => ctx.log.warn(`dynamic registration answer failed: ${err instanceof Error ? err.message : String(err)}`));
    },
    onDisconnected(client) {
      const s = client.session;
      if (s['kind'] === 'device') cloud.subSessions.delete(deviceKey(String(s['productKey']), String(s['deviceName'])));
    },
    async onPublish(client, topic, payload, ctx) {
      context ??= ctx;
      await cloud.onPublish(client, topic, payload);
    },
    routes: () => [...deviceRoutes(cloud), ...controlRoutes(cloud)],
    close() {
      unsubscribe?.();
      cloud.close();
    },
  };
}
