import { X509Certificate } from 'node:crypto';
import { ErrorCode } from '../src/linkkit/error-code.js';
import { LinkKitState } from '../src/linkkit/link-kit-state.js';
import { RequestIdPool } from '../src/linkkit/request-id-pool.js';
import { HandlerQueue } from '../src/linkkit/handler-queue.js';
import { Shadow } from '../src/linkkit/shadow.js';
import { TslIndex, dataTypeSchema } from '../src/linkkit/tsl.js';
import { ALIYUN_ROOT_CERTIFICATES, ALIYUN_BROKER_CA_DATA } from '../src/linkkit/ca-data.js';
import { pySplit, tidyTopic, deviceTopics } from '../src/linkkit/topics.js';
import { otaFirmwareGetPayload, otaInformPayload } from '../src/linkkit/payloads.js';

describe('enums', () => {
  test('LinkKitState and ErrorCode values match linkkit.py', () => {
    expect(LinkKitState.members().map((m) => [m.name, m.value])).toEqual([
      ['INITIALIZED', 1], ['CONNECTING', 2], ['CONNECTED', 3], ['DISCONNECTING', 4], ['DISCONNECTED', 5], ['DESTRUCTING', 6], ['DESTRUCTED', 7],
    ]);
    expect(Object.fromEntries(ErrorCode.members().map((m) => [m.name, m.value]))).toEqual({
      SUCCESS: 0, NETWORK_DISCONNECTED: -1, INVALID_TOPIC: -2, INVALID_QOS: -3, PAHO_MQTT_ERROR: -4,
      NULL_SUBDEV_ERR: -257, SUBDEV_NOT_ARRAY_ERR: -258, ARRAY_LENGTH_ERR: -259,
      DYNREG_AUTH_FAILED: -769, DYNREG_AUTH_NWL_FAILED: -770,
      OTA_INVALID_PARAM: -1025, OTA_DIGEST_MISMATCH: -1026, OTA_PUB_FAILED: -1027, OTA_INVALID_SIGN_METHOD: -1028,
      OTA_DOWNLOAD_FAIL: -1029, OTA_INVALID_URL: -1030, OTA_INVALID_PATH: -1031,
    });
  });

  test('members are identity-compared singletons, not numbers (Q14)', () => {
    expect(ErrorCode.of(0)).toBe(ErrorCode.SUCCESS);
    expect((ErrorCode.SUCCESS as unknown) === 0).toBe(false);
    expect(String(LinkKitState.CONNECTED)).toBe('LinkKitState.CONNECTED');
    expect(JSON.stringify({ s: ErrorCode.OTA_PUB_FAILED })).toBe('{"s":-1027}');
    expect(Object.isFrozen(ErrorCode.SUCCESS)).toBe(true);
    expect(() => LinkKitState.of(99)).toThrow(RangeError);
  });
});

describe('RequestIdPool', () => {
  test('ids are "1", "2", ...; max_queued + 1 can be outstanding (Q7)', () => {
    const pool = new RequestIdPool(2, () => 0);
    expect([pool.allocate(), pool.allocate(), pool.allocate(), pool.allocate()]).toEqual(['1', '2', '3', null]);
    expect(pool.release('2')).toBe(true);
    expect(pool.release(2)).toBe(false);
    expect(pool.release({})).toBe(false);
    expect(pool.allocate()).toBe('5');
  });

  test('max_queued 0 still allows one, ids expire after the timeout', () => {
    let now = 0;
    const pool = new RequestIdPool(0, () => now);
    expect(pool.allocate()).toBe('1');
    expect(pool.allocate()).toBeNull();
    now = 10_001;
    expect(pool.expire(10_000)).toEqual([1]);
    expect(pool.allocate()).toBe('3');
  });
});

describe('HandlerQueue', () => {
  test('runs tasks asynchronously, in order, and survives a throwing task', async () => {
    const seen: string[] = [];
    const errors: string[] = [];
    const q = new HandlerQueue({ onError: (e, l) => errors.push(`${l}:${(e as Error).message}`), onDrop: () => undefined });
    q.post('a', () => seen.push('a'));
    q.post('b', () => {
      throw new Error('boom');
    });
    q.post('c', () => seen.push('c'));
    expect(seen).toEqual([]);
    await q.idle();
    expect(seen).toEqual(['a', 'c']);
    expect(errors).toEqual(['b:boom']);
  });

  test('bounded: overflow and posts after stop are dropped', async () => {
    const drops: string[] = [];
    const q = new HandlerQueue({ onError: () => undefined, onDrop: (l) => drops.push(l) }, 2);
    expect([q.post('1', () => 1), q.post('2', () => 2), q.post('3', () => 3)]).toEqual([true, true, false]);
    q.stop();
    expect(q.post('4', () => 4)).toBe(false);
    await q.idle();
    expect(drops).toEqual(['3', '4']);
  });
});

describe('Shadow cache', () => {
  test('applies get replies, control messages and ignores garbage', () => {
    const s = new Shadow();
    expect(s.get_latest_recevied_payload()).toBeNull();
    s.applyMessage(Buffer.from('{"method":"reply","payload":{"status":"success","version":1},"timestamp":1544686266}'), 5);
    expect(s.get_version()).toBe(1);
    expect(s.to_dict()).toEqual({ state: null, metadata: null, version: 1, timestamp: 1544686266 });
    s.applyMessage(Buffer.from('{"method":"control","payload":{"status":"success","state":{"desired":{"color":"green"}},"metadata":{"m":1}},"version":3,"timestamp":9}'), 6);
    expect(s.get_state()).toEqual({ desired: { color: 'green' } });
    expect(s.to_json_string()).toBe('{"state": {"desired": {"color": "green"}}, "metadata": {"m": 1}, "version": 3, "timestamp": 9}');
    s.applyMessage(Buffer.from('not json'), 7);
    expect(s.get_latest_recevied_time()).toBe(7);
    expect(s.get_latest_recevied_payload()?.toString()).toBe('not json');
    expect(s.get_version()).toBe(3);
  });
});

describe('TSL index (thing_setup parsing)', () => {
  test('splits events/services like linkkit.py', () => {
    const idx = new TslIndex();
    idx.addDocument({
      events: [{ identifier: 'post', outputData: [{ identifier: 'abs_speed' }] }, { identifier: 'power_state', outputData: [] }],
      services: [
        { identifier: 'set', inputData: [{ identifier: 'abs_speed' }] },
        { identifier: 'get', inputData: ['abs_speed'], outputData: [{ identifier: 'abs_speed' }] },
        { identifier: 'attack' },
        { identifier: 'test1' },
      ],
    });
    expect([...idx.events]).toEqual(['power_state']);
    expect([...idx.services]).toEqual(['attack', 'test1']);
    expect([...idx.propertiesPost]).toEqual(['abs_speed']);
  });

  test('malformed entries throw after registering earlier ones', () => {
    const idx = new TslIndex();
    expect(() => idx.addDocument({ events: [{ identifier: 'e1' }, { name: 'no id' }] })).toThrow();
    expect([...idx.events]).toEqual(['e1']);
    expect(() => idx.addDocument(5)).toThrow();
    expect(() => idx.addDocument([])).not.toThrow();
  });

  test('data type schemas', () => {
    expect(dataTypeSchema({ type: 'int', specs: { min: '1', max: '300000000' } })).toEqual({ type: 'integer', minimum: 1, maximum: 300000000 });
    expect(dataTypeSchema({ type: 'enum', specs: { 1: 'sine', 2: 'triangle' } })).toEqual({ type: 'integer', enum: [1, 2] });
    expect(dataTypeSchema({ type: 'text', specs: { length: '10' } })).toEqual({ type: 'string', maxLength: 10 });
    expect(dataTypeSchema({ type: 'array', specs: { size: '3', item: { type: 'double' } } })).toEqual({ type: 'array', maxItems: 3, items: { type: 'number' } });
    expect(dataTypeSchema({ type: 'mystery' })).toEqual({});
  });
});

describe('built-in CA bundle', () => {
  test('five roots in the SDK order, each self-signed and parseable', () => {
    expect(ALIYUN_ROOT_CERTIFICATES.map((c) => c.name)).toEqual([
      'GlobalSign Root CA (R1)', 'Aliyun IoT Root CA', 'GlobalSign Root CA - R6', 'GlobalSign Root E46', 'GlobalSign Root R46',
    ]);
    for (const c of ALIYUN_ROOT_CERTIFICATES) {
      const x = new X509Certificate(c.pem);
      expect(x.verify(x.publicKey)).toBe(true);
    }
    expect(new X509Certificate(ALIYUN_ROOT_CERTIFICATES[1]!.pem).subject).toContain('CN=Aliyun IoT Root CA');
    expect(ALIYUN_BROKER_CA_DATA.match(/BEGIN CERTIFICATE/g)).toHaveLength(5);
  });
});

describe('topics and hand-formatted payloads', () => {
  test('python split and tidy', () => {
    expect(pySplit('/sys/pk/dn/thing/event/power_state/post_reply', '/', 7)[6]).toBe('power_state');
    expect(pySplit('/sys/pk/dn/thing/service/a/b', '/', 6)[6]).toBe('a/b');
    expect(pySplit('/ext/rrpc/123/user/x', '/', 4)[3]).toBe('123');
    expect(tidyTopic('  user/get ')).toBe('/user/get');
    expect(tidyTopic('   ')).toBeNull();
    expect(deviceTopics('pk', 'dn').batchLoginReply).toBe('/ext/session/pk/dn/combine/batch_login_reply');
  });

  test('OTA texts keep the SDK spacing', () => {
    expect(otaInformPayload('MCU', '1.0.1')).toBe('{"id": 1,"params": {"version":"1.0.1","module": "MCU"}}');
    expect(otaInformPayload(null, '1.0.1')).toBe('{"id": 1, "params": {"version": "1.0.1"}}');
    expect(otaFirmwareGetPayload('7', 'MCU')).toBe('{"id": 7, "params": {"module": "MCU"}}');
    expect(otaFirmwareGetPayload('7', null)).toBe('{"id": 7, "params": {}}');
  });
});
