/**
 * The topic catalogue of one device, spelled exactly as linkkit.py 1.2.13 builds it.
 * @module
 */

/** Every fixed topic of a device (`{pk}`/`{dn}` filled in). */
export interface DeviceTopics {
  /** `/sys/{pk}/{dn}/thing/event/property/post` */
  readonly propPost: string;
  /** `/sys/{pk}/{dn}/thing/event/property/post_reply` */
  readonly propPostReply: string;
  /** `/sys/{pk}/{dn}/thing/service/property/set` */
  readonly propSet: string;
  /** `/sys/{pk}/{dn}/thing/service/property/set_reply` */
  readonly propSetReply: string;
  /** `/sys/{pk}/{dn}/thing/service/property/get` */
  readonly propGet: string;
  /** `/sys/{pk}/{dn}/thing/model/up_raw` */
  readonly rawUp: string;
  /** `/sys/{pk}/{dn}/thing/model/up_raw_reply` */
  readonly rawUpReply: string;
  /** `/sys/{pk}/{dn}/thing/model/down_raw` */
  readonly rawDown: string;
  /** `/sys/{pk}/{dn}/thing/model/down_raw_reply` */
  readonly rawDownReply: string;
  /** `/sys/{pk}/{dn}/thing/deviceinfo/update` */
  readonly deviceInfoUpdate: string;
  /** `/sys/{pk}/{dn}/thing/deviceinfo/update_reply` */
  readonly deviceInfoUpdateReply: string;
  /** `/sys/{pk}/{dn}/thing/deviceinfo/delete` */
  readonly deviceInfoDelete: string;
  /** `/sys/{pk}/{dn}/thing/deviceinfo/delete_reply` */
  readonly deviceInfoDeleteReply: string;
  /** `/shadow/get/{pk}/{dn}` */
  readonly shadowGet: string;
  /** `/shadow/update/{pk}/{dn}` */
  readonly shadowUpdate: string;
  /** `/sys/{pk}/{dn}/thing/topo/add` */
  readonly topoAdd: string;
  /** `/sys/{pk}/{dn}/thing/topo/add_reply` */
  readonly topoAddReply: string;
  /** `/sys/{pk}/{dn}/thing/topo/delete` */
  readonly topoDelete: string;
  /** `/sys/{pk}/{dn}/thing/topo/delete_reply` */
  readonly topoDeleteReply: string;
  /** `/sys/{pk}/{dn}/thing/topo/change` */
  readonly topoChange: string;
  /** `/sys/{pk}/{dn}/thing/sub/register` */
  readonly subRegister: string;
  /** `/sys/{pk}/{dn}/thing/sub/register_reply` */
  readonly subRegisterReply: string;
  /** `/sys/{pk}/{dn}/thing/proxy/provisioning/product_register` */
  readonly productRegister: string;
  /** `/sys/{pk}/{dn}/thing/proxy/provisioning/product_register_reply` */
  readonly productRegisterReply: string;
  /** `/ext/session/{pk}/{dn}/combine/batch_login` */
  readonly batchLogin: string;
  /** `/ext/session/{pk}/{dn}/combine/batch_login_reply` */
  readonly batchLoginReply: string;
  /** `/ext/session/{pk}/{dn}/combine/batch_logout` */
  readonly batchLogout: string;
  /** `/ext/session/{pk}/{dn}/combine/batch_logout_reply` */
  readonly batchLogoutReply: string;
  /** `/ota/device/inform/{pk}/{dn}` */
  readonly otaInform: string;
  /** `/ota/device/upgrade/{pk}/{dn}` */
  readonly otaUpgrade: string;
  /** `/sys/{pk}/{dn}/thing/ota/firmware/get` */
  readonly otaFirmwareGet: string;
  /** `/sys/{pk}/{dn}/thing/ota/firmware/get_reply` */
  readonly otaFirmwareGetReply: string;
  /** `/ota/device/progress/{pk}/{dn}` */
  readonly otaProgress: string;
  /** `/ext/register` */
  readonly dynamicRegister: string;
  /** `/ext/regnwl` */
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
