/**
 * The topic catalogue of one device, spelled exactly as linkkit.py 1.2.13 builds it.
 * @module
 */

/** Every fixed topic of a device (`{pk}`/`{dn}` filled in). */
export interface DeviceTopics {
  readonly propPost: string;
  readonly propPostReply: string;
  readonly propSet: string;
  readonly propSetReply: string;
  readonly propGet: string;
  readonly rawUp: string;
  readonly rawUpReply: string;
  readonly rawDown: string;
  readonly rawDownReply: string;
  readonly deviceInfoUpdate: string;
  readonly deviceInfoUpdateReply: string;
  readonly deviceInfoDelete: string;
  readonly deviceInfoDeleteReply: string;
  readonly shadowGet: string;
  readonly shadowUpdate: string;
  readonly topoAdd: string;
  readonly topoAddReply: string;
  readonly topoDelete: string;
  readonly topoDeleteReply: string;
  readonly topoChange: string;
  readonly subRegister: string;
  readonly subRegisterReply: string;
  readonly productRegister: string;
  readonly productRegisterReply: string;
  readonly batchLogin: string;
  readonly batchLoginReply: string;
  readonly batchLogout: string;
  readonly batchLogoutReply: string;
  readonly otaInform: string;
  readonly otaUpgrade: string;
  readonly otaFirmwareGet: string;
  readonly otaFirmwareGetReply: string;
  readonly otaProgress: string;
  readonly dynamicRegister: string;
  readonly dynamicRegisterNwl: string;
}

/**
 * Builds the fixed topics of a device.
 * @param pk - product key
 * @param dn - device name
 * @returns the catalogue
 */
export function deviceTopics(pk: string, dn: string): DeviceTopics {
  const sys = `/sys/${pk}/${dn}`;
  const session = `/ext/session/${pk}/${dn}/combine`;
  return Object.freeze({
    propPost: `${sys}/thing/event/property/post`,
    propPostReply: `${sys}/thing/event/property/post_reply`,
    propSet: `${sys}/thing/service/property/set`,
    propSetReply: `${sys}/thing/service/property/set_reply`,
    propGet: `${sys}/thing/service/property/get`,
    rawUp: `${sys}/thing/model/up_raw`,
    rawUpReply: `${sys}/thing/model/up_raw_reply`,
    rawDown: `${sys}/thing/model/down_raw`,
    rawDownReply: `${sys}/thing/model/down_raw_reply`,
    deviceInfoUpdate: `${sys}/thing/deviceinfo/update`,
    deviceInfoUpdateReply: `${sys}/thing/deviceinfo/update_reply`,
    deviceInfoDelete: `${sys}/thing/deviceinfo/delete`,
    deviceInfoDeleteReply: `${sys}/thing/deviceinfo/delete_reply`,
    shadowGet: `/shadow/get/${pk}/${dn}`,
    shadowUpdate: `/shadow/update/${pk}/${dn}`,
    topoAdd: `${sys}/thing/topo/add`,
    topoAddReply: `${sys}/thing/topo/add_reply`,
    topoDelete: `${sys}/thing/topo/delete`,
    topoDeleteReply: `${sys}/thing/topo/delete_reply`,
    topoChange: `${sys}/thing/topo/change`,
    subRegister: `${sys}/thing/sub/register`,
    subRegisterReply: `${sys}/thing/sub/register_reply`,
    productRegister: `${sys}/thing/proxy/provisioning/product_register`,
    productRegisterReply: `${sys}/thing/proxy/provisioning/product_register_reply`,
    batchLogin: `${session}/batch_login`,
    batchLoginReply: `${session}/batch_login_reply`,
    batchLogout: `${session}/batch_logout`,
    batchLogoutReply: `${session}/batch_logout_reply`,
    otaInform: `/ota/device/inform/${pk}/${dn}`,
    otaUpgrade: `/ota/device/upgrade/${pk}/${dn}`,
    otaFirmwareGet: `${sys}/thing/ota/firmware/get`,
    otaFirmwareGetReply: `${sys}/thing/ota/firmware/get_reply`,
    otaProgress: `/ota/device/progress/${pk}/${dn}`,
    dynamicRegister: '/ext/register',
    dynamicRegisterNwl: '/ext/regnwl',
  });
}

/**
 * Event post topic of a TSL event.
 * @returns `/sys/{pk}/{dn}/thing/event/{event}/post`
 */
export function eventPostTopic(pk: string, dn: string, event: string): string {
  return `/sys/${pk}/${dn}/thing/event/${event}/post`;
}

/**
 * Service topic of a TSL service.
 * @returns `/sys/{pk}/{dn}/thing/service/{service}`
 */
export function serviceTopic(pk: string, dn: string, service: string): string {
  return `/sys/${pk}/${dn}/thing/service/${service}`;
}

/**
 * The RRPC "tidy" normalisation: trim, empty → `null`, prefix `/`.
 * @param topic - user topic
 * @returns the normalised topic or null
 */
export function tidyTopic(topic: string | null | undefined): string | null {
  if (topic === null || topic === undefined) return null;
  const t = topic.trim();
  if (t.length === 0) return null;
  return t.startsWith('/') ? t : `/${t}`;
}

/**
 * The RRPC subscription filter of a tidied topic.
 * @returns `/ext/rrpc/+{topic}`
 */
export function rrpcFilter(tidied: string): string {
  return `/ext/rrpc/+${tidied}`;
}

/**
 * Python `str.split(sep, maxsplit)`: at most `maxsplit` splits, the rest stays in the last element.
 * @returns the parts
 */
export function pySplit(text: string, sep: string, maxsplit: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (parts.length < maxsplit) {
    const i = rest.indexOf(sep);
    if (i < 0) break;
    parts.push(rest.slice(0, i));
    rest = rest.slice(i + sep.length);
  }
  parts.push(rest);
  return parts;
}

/** Python's length of a str: code points, not UTF-16 units. */
export function pyLen(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
