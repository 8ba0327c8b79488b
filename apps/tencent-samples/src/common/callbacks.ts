/**
 * The six logging MQTT callbacks every vendor sample registers (with the argument order the SDK really uses).
 * @module
 */
import type { Log, QcloudHubProvider } from '@iot/tencent';

/** A minimal logger: the SDK's Log when logInit returned one, else the console. */
export interface SampleLogger {
  debug(fmt: string, ...args: unknown[]): void;
  error(fmt: string, ...args: unknown[]): void;
}

/** @returns a logger writing through `log` or the console */
export function sampleLogger(log: Log | null): SampleLogger {
  if (log) return { debug: (f, ...a) => log.debug(f, ...a), error: (f, ...a) => log.error(f, ...a) };
  return { debug: (f, ...a) => console.log(f, ...a), error: (f, ...a) => console.error(f, ...a) };
}

/** Registers callbacks that log every event. */
export function registerLoggingCallbacks(qcloud: QcloudHubProvider, logger: SampleLogger, extra: { on_publish?: (mid: number) => void } = {}): void {
  qcloud.registerMqttCallback(
    (flags, rc, userdata) => logger.debug('on_connect:flags:%d,rc:%d,userdata:%s', flags, rc, userdata),
    (rc, userdata) => logger.debug('on_disconnect:rc:%d,userdata:%s', rc, userdata),
    (topic, qos, payload, userdata) => logger.debug('on_message:topic:%s,qos:%s,payload:%s,userdata:%s', topic, qos, JSON.stringify(payload), userdata),
    (mid, userdata) => {
      logger.debug('on_publish:mid:%d,userdata:%s', mid, userdata);
      extra.on_publish?.(mid);
    },
    (qos, mid, userdata) => logger.debug('on_subscribe:qos:%d,mid:%d,userdata:%s', qos, mid, userdata),
    (mid, userdata) => logger.debug('on_unsubscribe:mid:%d,userdata:%s', mid, userdata),
  );
}

/** Polls isMqttConnected 3 × 1 s, as the vendor samples do. */
export async function waitConnected(qcloud: QcloudHubProvider, tries = 3): Promise<boolean> {
  for (let i = 0; ; i++) {
    if (qcloud.isMqttConnected()) return true;
    if (i >= tries) return false;
    await new Promise((r) => setTimeout(r, 1000));
  }
}
