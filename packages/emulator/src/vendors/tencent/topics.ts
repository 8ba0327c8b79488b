/**
 * Topic names of Tencent IoT Hub (spec 3.6) and who owns them.
 * @packageDocumentation
 */

/** The device a topic belongs to. */
export interface TopicOwner {
  /** Product id. */
  productId: string;
  /** Device name. */
  deviceName: string;
}

const WILD = (s: string | undefined): boolean => s === undefined || s === '' || s === '+' || s === '#';

function owner(pid: string | undefined, dn: string | undefined): TopicOwner | undefined {
  if (WILD(pid) || WILD(dn)) return undefined;
  return { productId: pid as string, deviceName: dn as string };
}

/**
 * @returns the device a topic (or subscription filter) belongs to, or undefined when it is no
 * device topic of the platform
 */
export function topicOwner(topic: string): TopicOwner | undefined {
  const s = topic.split('/');
  switch (s[0]) {
    case '$sys':
    case '$shadow':
    case '$gateway':
    case '$log':
    case '$template':
      if (s[1] !== 'operation') return undefined;
      if (s.length === 4) return owner(s[2], s[3]);
      if (s.length === 5 && s[2] === 'result') return owner(s[3], s[4]);
      return undefined;
    case '$ota':
      return s.length === 4 && (s[1] === 'report' || s[1] === 'update') ? owner(s[2], s[3]) : undefined;
    case '$rrpc':
      return s.length === 5 && (s[1] === 'rxd' || s[1] === 'txd') && s[4] !== '' && s[4] !== '#' ? owner(s[2], s[3]) : undefined;
    case '$broadcast':
      return s.length === 4 && s[1] === 'rxd' ? owner(s[2], s[3]) : undefined;
    case '$resource':
      return s.length === 5 && (s[1] === 'up' || s[1] === 'down') && s[2] === 'service' ? owner(s[3], s[4]) : undefined;
    case '$thing':
      return s.length === 5 && (s[1] === 'up' || s[1] === 'down') ? owner(s[3], s[4]) : undefined;
    default:
      if (topic.startsWith('$') || s.length < 3) return undefined;
      return owner(s[0], s[1]);
  }
}

/** Platform topic names. */
export const topics = {
  /** NTP reply. */
  sysResult: (pid: string, dn: string): string => `$sys/operation/result/${pid}/${dn}`,
  /** Shadow replies and delta pushes. */
  shadowResult: (pid: string, dn: string): string => `$shadow/operation/result/${pid}/${dn}`,
  /** Gateway replies. */
  gatewayResult: (pid: string, dn: string): string => `$gateway/operation/result/${pid}/${dn}`,
  /** OTA downlink. */
  otaUpdate: (pid: string, dn: string): string => `$ota/update/${pid}/${dn}`,
  /** RRPC request. */
  rrpcRequest: (pid: string, dn: string, processId: string): string => `$rrpc/rxd/${pid}/${dn}/${processId}`,
  /** RRPC reply. */
  rrpcReply: (pid: string, dn: string, processId: string): string => `$rrpc/txd/${pid}/${dn}/${processId}`,
  /** Broadcast downlink. */
  broadcast: (pid: string, dn: string): string => `$broadcast/rxd/${pid}/${dn}`,
  /** Resource replies. */
  resourceDown: (pid: string, dn: string): string => `$resource/down/service/${pid}/${dn}`,
};
