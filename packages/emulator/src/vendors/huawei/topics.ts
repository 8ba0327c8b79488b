/**
 * IoTDA topic layout (spec 3.3).
 * @packageDocumentation
 */

/** An uplink topic split into device id and the part after `sys/`. */
export interface ParsedTopic {
  /** `{id}` of `$oc/devices/{id}/...`. */
  deviceId: string;
  /** Text after `$oc/devices/{id}/` (e.g. `sys/events/up`, `user/t1`). */
  rest: string;
  /** Request id after the last `request_id=`, if any. */
  requestId?: string;
}

/** Splits `$oc/devices/{id}/...`; undefined for other topics. */
export function parseTopic(topic: string): ParsedTopic | undefined {
  if (!topic.startsWith('$oc/devices/')) return undefined;
  const tail = topic.slice('$oc/devices/'.length);
  const slash = tail.indexOf('/');
  if (slash <= 0) return undefined;
  const out: ParsedTopic = { deviceId: tail.slice(0, slash), rest: tail.slice(slash + 1) };
  const at = topic.lastIndexOf('request_id=');
  if (at >= 0) out.requestId = topic.slice(at + 'request_id='.length);
  return out;
}

/** The `$oc/devices/{id}/` prefix. */
export function base(deviceId: string): string {
  return `$oc/devices/${deviceId}/`;
}

/** Topics the platform publishes to devices (a device may not publish on them). */
export function isDownlinkRest(rest: string): boolean {
  return (
    rest === 'sys/messages/down' ||
    rest === 'sys/events/down' ||
    rest === 'sys/bootstrap/down' ||
    rest.startsWith('sys/commands/request_id=') ||
    rest.startsWith('sys/properties/set/request_id=') ||
    rest.startsWith('sys/properties/get/request_id=') ||
    rest.startsWith('sys/shadow/get/response/')
  );
}
