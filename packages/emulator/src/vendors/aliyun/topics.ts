/**
 * Server-side subscriptions (`_ss=1`) and topic authorization.
 * @packageDocumentation
 */
import type { ClientInfo } from '../../plugin.js';
import type { DeviceRegistry } from '../../registry.js';
import { getDevice, identifiers, tslOf } from './records.js';

/** Downlink filters the platform subscribes a device to when it presents `_ss=1`. */
export function systemDownlinks(reg: DeviceRegistry, pk: string, dn: string): string[] {
  const sys = `/sys/${pk}/${dn}/thing`;
  const services = identifiers(tslOf(reg, pk, dn)?.services).filter((s) => s !== 'set' && s !== 'get');
  const tsl = tslOf(reg, pk, dn);
  return [
    `${sys}/event/+/post_reply`,
    `${sys}/service/property/set`,
    `${sys}/service/property/get`,
    ...(tsl ? services.map((s) => `${sys}/service/${s}`) : [`${sys}/service/+`]),
    `${sys}/model/down_raw`,
    `${sys}/model/up_raw_reply`,
    `${sys}/deviceinfo/update_reply`,
    `${sys}/deviceinfo/delete_reply`,
    `${sys}/topo/add_reply`,
    `${sys}/topo/delete_reply`,
    `${sys}/topo/get_reply`,
    `${sys}/topo/change`,
    `${sys}/sub/register_reply`,
    `${sys}/proxy/provisioning/product_register_reply`,
    `${sys}/ota/firmware/get_reply`,
    `/sys/${pk}/${dn}/rrpc/request/+`,
    `/shadow/get/${pk}/${dn}`,
    `/ota/device/upgrade/${pk}/${dn}`,
    `/ext/session/${pk}/${dn}/combine/batch_login_reply`,
    `/ext/session/${pk}/${dn}/combine/batch_logout_reply`,
    `/ext/rrpc/+/sys/${pk}/${dn}/thing/service/+`,
  ];
}

/** Auto-subscriptions of a client. */
export function autoSubscriptionsOf(client: ClientInfo, reg: DeviceRegistry): string[] {
  const s = client.session;
  if (s['kind'] === 'dynreg') return [s['authType'] === 'regnwl' ? '/ext/regnwl' : '/ext/register'];
  if (s['ss'] !== true) return [];
  return systemDownlinks(reg, String(s['productKey']), String(s['deviceName']));
}

/** The `{pk}/{dn}` a topic belongs to, or undefined (wildcards allowed in the other levels). */
export function topicOwner(topic: string): { productKey: string; deviceName: string } | undefined {
  const s = topic.split('/');
  if (s[0] !== '') return undefined;
  if (s[1] === 'sys' || s[1] === 'shadow' || (s[1] === 'ota' && s[2] === 'device') || (s[1] === 'ext' && s[2] === 'session')) {
    const i = s[1] === 'sys' ? 2 : s[1] === 'ota' ? 4 : 3;
    const pk = s[i];
    const dn = s[i + 1];
    return pk && dn ? { productKey: pk, deviceName: dn } : undefined;
  }
  if (s[1] === 'ext' && s[2] === 'rrpc') {
    const inner = '/' + s.slice(4).join('/');
    return s.length > 4 ? topicOwner(inner) : undefined;
  }
  const pk = s[1];
  const dn = s[2];
  return pk && dn ? { productKey: pk, deviceName: dn } : undefined;
}

/** May this client use that topic (its own, or a sub-device's in its topology)? */
export function mayUse(client: ClientInfo, topic: string, reg: DeviceRegistry): boolean {
  const s = client.session;
  if (s['kind'] !== 'device') return false;
  const owner = topicOwner(topic);
  if (!owner) return false;
  if (owner.productKey === s['productKey'] && owner.deviceName === s['deviceName']) return true;
  const gw = getDevice(reg, String(s['productKey']), String(s['deviceName']));
  const subs = gw?.['subDevices'];
  return Array.isArray(subs) && subs.includes(`${owner.productKey}/${owner.deviceName}`);
}

/**
 * A gateway speaks for a sub-device only while that sub-device is logged in through it (`batch_login`, until
 * `batch_logout`, topo delete or the gateway's disconnect).
 * @param sessions - logged-in sub-devices per gateway (`pk/dn` → set of `pk/dn`)
 * @returns true for the client's own topics and for topics of its logged-in sub-devices
 */
export function ownOrLoggedIn(client: ClientInfo, topic: string, sessions: ReadonlyMap<string, ReadonlySet<string>>): boolean {
  const s = client.session;
  const owner = topicOwner(topic);
  if (!owner) return false;
  if (owner.productKey === s['productKey'] && owner.deviceName === s['deviceName']) return true;
  return sessions.get(`${String(s['productKey'])}/${String(s['deviceName'])}`)?.has(`${owner.productKey}/${owner.deviceName}`) === true;
}
