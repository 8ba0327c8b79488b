import { LinkKit, linkkit, ErrorCode, StateError, ValueError, logging } from '../src/index.js';
import { CALLBACKS } from './helpers/device.js';
import { SPEC_METHODS } from './helpers/spec-names.js';

/**
 * Spec names not implemented yet. Must equal the set of missing names exactly: adding a method without updating this
 * list (or removing one) fails the test. Empty: every method and callback of the spec is implemented.
 */
const NOT_YET: string[] = [];

describe('API surface', () => {
  test('every spec method and callback property exists (NOT_YET is exactly the missing set)', () => {
    const lk = new LinkKit('cn-shanghai', 'pk', 'dn', 'ds');
    const proto = LinkKit.prototype as unknown as Record<string, unknown>;
    const missing = SPEC_METHODS.filter((m) => typeof proto[m] !== 'function');
    const missingCallbacks = CALLBACKS.filter((c) => Object.getOwnPropertyDescriptor(LinkKit.prototype, c)?.set === undefined);
    expect([...missing, ...missingCallbacks].sort()).toEqual([...NOT_YET].sort());
    expect(SPEC_METHODS).toHaveLength(53);
    expect(CALLBACKS).toHaveLength(31);
    expect(typeof LinkKit.to_user_topic).toBe('function');
    for (const c of CALLBACKS) {
      const f = (): void => undefined;
      (lk as unknown as Record<string, unknown>)[c] = f;
      expect((lk as unknown as Record<string, unknown>)[c]).toBe(f);
      (lk as unknown as Record<string, unknown>)[c] = null;
      expect((lk as unknown as Record<string, unknown>)[c]).toBeNull();
    }
    expect(() => ((lk as unknown as Record<string, unknown>)['on_connect'] = 5)).toThrow(TypeError);
    void lk.destruct();
  });

  test('module shape: linkkit namespace, nested enums/classes, constants', () => {
    expect(linkkit.LinkKit).toBe(LinkKit);
    expect(LinkKit.TAG_KEY).toBe('attrKey');
    expect(LinkKit.TAG_VALUE).toBe('attrValue');
    expect(LinkKit.ErrorCode).toBe(ErrorCode);
    expect(LinkKit.StateError).toBe(StateError);
    expect(linkkit.REQUIRED_MAJOR_VERSION).toBe(3);
    expect(linkkit.REQUIRED_MINOR_VERSION).toBe(5);
    expect(new StateError('x')).toBeInstanceOf(Error);
    expect(new ValueError('x')).toBeInstanceOf(RangeError);
  });

  test('constructor: positional, keyword and mixed forms; ValueError messages in order', () => {
    expect(() => new LinkKit('', 'pk', 'dn', 'ds')).toThrow(new ValueError('host_name wrong'));
    expect(() => new LinkKit('h', '', 'dn', 'ds')).toThrow(new ValueError('product key wrong'));
    expect(() => new LinkKit('h', 'pk', null as unknown as string, 'ds')).toThrow(new ValueError('device name wrong'));
    expect(() => new LinkKit('h', 'pk', 'dn', '')).toThrow(new ValueError('device secret & product secret are both empty'));
    expect(() => new LinkKit('h', 'pk', 'dn', '', null, 'u', 'c')).toThrow(new ValueError('device secret & product secret are both empty'));
    const a = new LinkKit('cn-shanghai', 'pk', 'dn', '', null, 'u', 'c', 'p');
    expect(a.get_actual_endpoint()).toBe('pk.iot-as-mqtt.cn-shanghai.aliyuncs.com');
    const b = new LinkKit('cn-shanghai', 'pk', 'dn', '', { product_secret: 'ps', instance_id: 'iot-06z00' });
    expect(b.get_actual_endpoint()).toBe('iot-06z00.mqtt.iothub.aliyuncs.com');
    const c = new LinkKit({ host_name: 'localhost', product_key: 'pk', device_name: 'dn', device_secret: 'ds', instance_id: 'x' });
    expect(c.get_actual_endpoint()).toBe('localhost');
    expect(c.get_product()).toBe('pk');
    expect(c.get_device_name()).toBe('dn');
    expect(c.get_endpoint()).toBeNull();
    c.config_mqtt({ endpoint: 'my.broker.example' });
    expect(c.get_endpoint()).toBe('my.broker.example');
    expect(c.get_actual_endpoint()).toBe('my.broker.example');
    expect(() => new LinkKit('h', 'pk', 'dn', 'ds', { bogus: 1 } as never)).toThrow(TypeError);
    for (const x of [a, b, c]) void x.destruct();
  });

  test('config_mqtt checks in the SDK order with the SDK messages', () => {
    const lk = new LinkKit('cn-shanghai', 'pk', 'dn', 'ds');
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ port: 0 }, 'port wrong'],
      [{ port: 65536, protocol: 'x' }, 'port wrong'],
      [{ protocol: 'MQTTv5' }, 'protocol wrong'],
      [{ transport: 'WS' }, 'transport wrong'],
      [{ secure: 'SSL' }, 'secure wrong'],
      [{ keep_alive: 29 }, 'keep_alive range wrong'],
      [{ keep_alive: 1201 }, 'keep_alive range wrong'],
      [{ clean_session: 1 }, 'clean session wrong'],
      [{ max_queued_message: -1 }, 'max_queued_message wrong'],
      [{ max_inflight_message: -1 }, 'max_inflight_message wrong'],
      [{ auto_reconnect_min_sec: 0 }, 'auto_reconnect_min_sec wrong'],
      [{ auto_reconnect_max_sec: 7201 }, 'auto_reconnect_max_sec wrong'],
      [{ auto_reconnect_min_sec: 10, auto_reconnect_max_sec: 5 }, 'auto_reconnect_max_sec less than auto_reconnect_min_sec'],
    ];
    for (const [kw, msg] of cases) expect(() => lk.config_mqtt(kw)).toThrow(new ValueError(msg));
    expect(() => lk.config_mqtt(1883, 'MQTTv31', 'TCP', '', 30, false, 5, 0, 2, 2)).not.toThrow();
    expect(() => lk.config_mqtt(1883, { secure: '' } as never)).not.toThrow();
    expect(() => lk.config_device_info(5 as unknown as string)).toThrow(new ValueError('interface info must be string'));
    void lk.destruct();
    expect(() => lk.config_mqtt()).toThrow(new StateError('not in INITIALIZED state'));
  });

  test('removed features throw StateError like linkkit.py', () => {
    const lk = new LinkKit('cn-shanghai', 'pk', 'dn', 'ds');
    expect(() => lk.connect()).toThrow(new StateError('not supported'));
    for (const f of [() => lk.config_http2(), () => lk.get_h2_endpoint(), () => lk.get_actual_h2_endpoint(), () => lk.upload_file_sync('a'), () => lk.upload_file_async('a')]) {
      expect(f).toThrow(new StateError('not supported any more'));
    }
    expect(lk.start_worker_loop()).toBeUndefined();
    expect(lk.to_full_topic('user/x')).toBe('/pk/dn/user/x');
    expect(() => LinkKit.to_user_topic('/a')).toThrow(RangeError);
    expect(lk.to_user_topic('/pk/dn/user/a/b')).toBe('user/a/b');
    void lk.destruct();
  });

  test('not connected: publish/subscribe return -1, disconnect is a no-op, gateway/OTA report failure', async () => {
    const lk = new LinkKit('cn-shanghai', 'pk', 'dn', 'ds');
    expect(lk.publish_topic('/a', 'x')).toEqual([-1, null]);
    expect(lk.subscribe_topic('/a')).toEqual([-1, null]);
    expect(lk.unsubscribe_topic('/a')).toEqual([-1, null]);
    expect(lk.subscribe_rrpc_topic('/a')).toEqual([-1, null]);
    expect(lk.unsubscribe_rrpc_topic('/a')).toEqual([-1, null]);
    expect(lk.thing_answer_rrpc('1', 'x')).toEqual([1, null]);
    expect(lk.gateway_register_subdev([['pk', 'dn']])).toEqual([1, null]);
    expect(lk.query_ota_firmware('m')).toBe(ErrorCode.OTA_PUB_FAILED);
    expect(lk.ota_report_version('m', '1')).toBe(ErrorCode.OTA_PUB_FAILED);
    await expect(lk.disconnect()).resolves.toBeUndefined();
    expect(lk.check_state()).toBe(LinkKit.LinkKitState.INITIALIZED);
    await lk.destroy();
    expect(lk.check_state()).toBe(LinkKit.LinkKitState.DESTRUCTED);
    expect(() => lk.connect_async()).toThrow(new StateError('not in INITIALIZED or DISCONNECTED state'));
  });

  test('logging is off by default, level-filtered when enabled, and never shows secrets', async () => {
    const lines: string[] = [];
    const logger = { debug: (m: string) => lines.push(m), info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
    const lk = new LinkKit('127.0.0.1', 'pk', 'dn', 'TopSecretValue', { extensions: { logger } });
    try {
      lk.force_reconnect();
      expect(lines).toEqual([]);
      lk.enable_logger(logging.ERROR);
      lk.force_reconnect();
      await lk.disconnect();
      expect(lines).toEqual(['force reconnecting']);
      lk.config_logger('DEBUG');
      await lk.disconnect();
      expect(lines.slice(1)).toEqual(['disconnect', 'already disconnected, return']);
      lk.disable_logger();
      lk.force_reconnect();
      expect(lines).toHaveLength(3);
      lk.enable_logger('debug');
      (lk as unknown as { log: { error(m: string): void } }).log.error('secret is TopSecretValue');
      expect(lines.at(-1)).toBe('secret is ***');
    } finally {
      await lk.destruct();
    }
    expect(lines.join('\n')).not.toContain('TopSecretValue');
  });
});
