/**
 * The `huawei` plugin: Huawei Cloud IoTDA (and its bootstrap server), platform side. See README.md in this
 * folder for registry fields, wire behaviour and the `/control/huawei/...` routes.
 * @packageDocumentation
 */
import type { ClientInfo, EmulatorContext, VendorPlugin } from '../../plugin.js';
import type { DeviceRegistry } from '../../registry.js';
import { authenticateConnect, claimsConnect } from './auth.js';
import { huaweiRoutes } from './control-routes.js';
import { childrenOf, getDevice, listDevices, VENDOR } from './records.js';
import { HuaweiState } from './state.js';
import { base, isDownlinkRest, parseTopic } from './topics.js';
import { safeSegment, UplinkHandler, type UplinkOptions } from './uplink.js';

/** Options of {@link huaweiPlugin}. */
export type HuaweiPluginOptions = UplinkOptions;

/** The `huawei` plugin object, with its platform state for tests. */
export interface HuaweiPlugin extends VendorPlugin {
  /** Shadows, captured uplinks, OTA tasks, rules, topology. */
  readonly state: HuaweiState;
}

function ownId(client: ClientInfo): string {
  const id = client.session['deviceId'];
  return typeof id === 'string' ? id : '';
}

/** May the client use `$oc/devices/<id>/...` (its own or a sub-device's topics)? Custom topics outside `$oc` are allowed. */
function mayUse(registry: DeviceRegistry | undefined, client: ClientInfo, topic: string, publishing: boolean): boolean {
  const own = ownId(client);
  if (!topic.startsWith('$')) return true;
  const t = parseTopic(topic);
  if (!t) return false;
  if (publishing && isDownlinkRest(t.rest)) return false;
  if (client.session['bootstrapOnly'] === true) return t.deviceId === own && (t.rest === 'sys/bootstrap/up' || t.rest.startsWith('sys/bootstrap/down') || t.rest === 'sys/#' || t.rest === 'sys/bootstrap/#');
  if (t.deviceId === own) return true;
  return registry !== undefined && getDevice(registry, t.deviceId)?.parentDeviceId === own;
}

/**
 * A device record was deleted: its platform state goes (shadow, uplinks, OTA, rules, topology, OBS objects) and so
 * do its sub-devices, so that a device created again under the same id starts clean.
 */
function forgetDevice(state: HuaweiState, ctx: EmulatorContext, deviceId: string): void {
  state.forget(deviceId);
  const segment = safeSegment(deviceId);
  if (!listDevices(ctx.registry).some((d) => safeSegment(d.deviceId) === segment)) {
    for (const f of ctx.files.list()) if (f.name.startsWith(`huawei/${segment}/`)) ctx.files.delete(f.name);
  }
  for (const child of childrenOf(ctx.registry, deviceId)) ctx.registry.delete(VENDOR, child.deviceId);
}

/**
 * Creates the `huawei` vendor plugin.
 * @param opts - bootstrap address override
 */
export function huaweiPlugin(opts: HuaweiPluginOptions = {}): HuaweiPlugin {
  const state = new HuaweiState();
  const uplink = new UplinkHandler(state, opts);
  let registry: DeviceRegistry | undefined;
  let unsubscribe: (() => void) | undefined;
  return {
    name: VENDOR,
    state,
    setup(ctx) {
      registry = ctx.registry;
      unsubscribe = ctx.registry.onDelete((vendor, key) => {
        if (vendor !== VENDOR || key.startsWith('group:') || key.startsWith('strategy:')) return;
        forgetDevice(state, ctx, key);
        // the platform closes the MQTT connection of a deleted device, as the real cloud does (a registration-group
        // bootstrap session names a device id but is not that device's login)
        for (const c of ctx.connectedClients(VENDOR)) if (ownId(c) === key && c.session['bootstrapOnly'] !== true) ctx.disconnectClient(c.clientId);
      });
    },
    close() {
      unsubscribe?.();
    },
    claims: (conn) => claimsConnect(conn),
    authenticate: (conn, ctx) => authenticateConnect(conn, ctx.registry, Date.now()),
    authorizePublish: (client, topic) => mayUse(registry, client, topic, true),
    authorizeSubscribe: (client, topic) => mayUse(registry, client, topic, false),
    autoSubscriptions: (client) => [`${base(ownId(client))}sys/#`],
    uplinkFilters: () => ['$oc/devices/+/sys/#', '$oc/devices/+/user/#'],
    onConnected(client, ctx) {
      const id = ownId(client);
      if (client.session['bootstrapOnly'] !== true && getDevice(ctx.registry, id)) ctx.registry.update(VENDOR, id, { status: 'ONLINE' });
    },
    onDisconnected(client, ctx) {
      const id = ownId(client);
      if (client.session['bootstrapOnly'] !== true && getDevice(ctx.registry, id)?.status === 'ONLINE') ctx.registry.update(VENDOR, id, { status: 'OFFLINE' });
    },
    onPublish: (client, topic, payload, ctx) => uplink.handle(client, topic, payload, ctx),
    routes: () => huaweiRoutes(state, uplink),
  };
}
