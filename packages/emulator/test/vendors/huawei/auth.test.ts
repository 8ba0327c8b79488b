import { X509Certificate } from 'node:crypto';
import { generateSelfSignedCert, type Emulator } from '../../../src/index.js';
import { expectedPassword, groupDerivedSecret } from '../../../src/vendors/huawei/crypto.js';
import { parseClientId } from '../../../src/vendors/huawei/auth.js';
import { connackOf, credentials, DEVICE, hmac, SECRET, startHuawei, utcTs } from './helpers.js';

describe('huawei signing against the spec vectors (3.2)', () => {
  test('password and registration-group derivation', () => {
    expect(expectedPassword('12345678', '2024010203')).toBe('2b7be4e17e09a059116b2dcefc9c0857559ed473d684d902e43afd92dbdf8b64');
    const derived = groupDerivedSecret('c2NvcGVzZWNyZXRieXRlcw==', 'mydevice');
    expect(derived).toBe('a94564e2b0a877a9b9009fdf7276311537e2992e7d7d4693f29dad699c46d6a5');
    expect(expectedPassword(derived, '2024010203')).toBe('7096c7e17aa9f07d7379f2f268d16c14d424a531baf388c083119f88cf3ac760');
  });

  test('client id shapes', () => {
    expect(parseClientId('productId_nodeId_0_1_2024010203', 'productId_nodeId')).toEqual({ mode: 'direct', deviceId: 'productId_nodeId', checkTimestamp: true, ts: '2024010203' });
    expect(parseClientId('productId_nodeId_0_0_2024010203', 'productId_nodeId')).toMatchObject({ mode: 'direct', checkTimestamp: false });
    expect(parseClientId('mydevice_0_scope1_0_2024010203', 'mydevice')).toEqual({ mode: 'group', deviceId: 'mydevice', scopeId: 'scope1', ts: '2024010203' });
    expect(parseClientId('mydevice_0_scope1', 'mydevice')).toEqual({ mode: 'group', deviceId: 'mydevice', scopeId: 'scope1' });
    expect(parseClientId('other_0_1_2024010203', 'mydevice')).toBeUndefined();
    expect(parseClientId('mydevice_0_1_20240102', 'mydevice')).toBeUndefined();
  });

  test('registration-group scope ids may contain "_"; ambiguous ids are resolved by the known groups', () => {
    expect(parseClientId('mydevice_0_my_scope', 'mydevice')).toEqual({ mode: 'group', deviceId: 'mydevice', scopeId: 'my_scope' });
    expect(parseClientId('mydevice_0_my_scope_0_2024010203', 'mydevice')).toEqual({ mode: 'group', deviceId: 'mydevice', scopeId: 'my_scope', ts: '2024010203' });
    const known = (...ids: string[]) => (s: string): boolean => ids.includes(s);
    // direct id or X.509 group id of scope "1_2024010203": a known group wins
    expect(parseClientId('mydevice_0_1_2024010203', 'mydevice', { isKnownGroup: known('other') })).toMatchObject({ mode: 'direct' });
    expect(parseClientId('mydevice_0_1_2024010203', 'mydevice', { isKnownGroup: known('1_2024010203') })).toEqual({ mode: 'group', deviceId: 'mydevice', scopeId: '1_2024010203' });
    expect(parseClientId('mydevice_0_1_20240102', 'mydevice', { isKnownGroup: known('1_20240102') })).toEqual({ mode: 'group', deviceId: 'mydevice', scopeId: '1_20240102' });
    // secret id of scope "a" or X.509 id of scope "a_0_2024010203"
    const id = 'mydevice_0_a_0_2024010203';
    expect(parseClientId(id, 'mydevice')).toMatchObject({ scopeId: 'a', ts: '2024010203' });
    expect(parseClientId(id, 'mydevice', { isKnownGroup: known('a') })).toMatchObject({ scopeId: 'a', ts: '2024010203' });
    expect(parseClientId(id, 'mydevice', { isKnownGroup: known('a_0_2024010203') })).toEqual({ mode: 'group', deviceId: 'mydevice', scopeId: 'a_0_2024010203' });
    expect(parseClientId(id, 'mydevice', { isKnownGroup: known('a', 'a_0_2024010203'), hasPassword: true })).toMatchObject({ scopeId: 'a', ts: '2024010203' });
    expect(parseClientId(id, 'mydevice', { isKnownGroup: known('a', 'a_0_2024010203'), hasPassword: false })).toEqual({ mode: 'group', deviceId: 'mydevice', scopeId: 'a_0_2024010203' });
  });
});

describe('huawei MQTT authentication', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startHuawei({ mqttTlsPort: 0 });
  });
  afterAll(async () => {
    await emu.close();
  });

  test('secret devices: right password accepted, wrong/unknown/expired/malformed refused with the right CONNACK', async () => {
    expect(await connackOf(emu.mqttUrl, credentials(DEVICE, SECRET))).toBe(0);
    expect(await connackOf(emu.mqttUrl, credentials(DEVICE, 'wrong'))).toBe(4);
    expect(await connackOf(emu.mqttUrl, credentials('productId_ghost', SECRET))).toBe(4);
    const old = utcTs(Date.now() - 5 * 3_600_000);
    expect(await connackOf(emu.mqttUrl, credentials(DEVICE, SECRET, { ts: old, check: '1' }))).toBe(4);
    expect(await connackOf(emu.mqttUrl, credentials(DEVICE, SECRET, { ts: old, check: '0' }))).toBe(0);
    expect(await connackOf(emu.mqttUrl, { clientId: `${DEVICE}_0_1_2024130203`, username: DEVICE, password: hmac('2024130203', SECRET) })).toBe(2);
    expect(await connackOf(emu.mqttUrl, { clientId: `${DEVICE}_0_1_${utcTs()}`, username: DEVICE })).toBe(4);
    emu.registry.put({ vendor: 'huawei', key: 'p_frozen', secret: SECRET, status: 'FROZEN' });
    expect(await connackOf(emu.mqttUrl, credentials('p_frozen', SECRET))).toBe(5);
    const reasons = emu.trace.entries({ kind: 'connack' }).map((e) => e.reason ?? '');
    expect(reasons.some((r) => r.includes('expired'))).toBe(true);
    expect(JSON.stringify(emu.trace.entries())).not.toContain(hmac(utcTs(), SECRET));
  });

  test('X.509 devices authenticate by certificate fingerprint over TLS', async () => {
    const pair = generateSelfSignedCert('certdev');
    const other = generateSelfSignedCert('intruder');
    emu.registry.put({ vendor: 'huawei', key: 'p_cert', fingerprint: new X509Certificate(pair.cert).fingerprint256.toLowerCase() });
    const { clientId, username } = credentials('p_cert', '');
    const tls = { ca: emu.tlsCert, rejectUnauthorized: false };
    expect(await connackOf(emu.mqttsUrl!, { clientId, username, ...tls, key: pair.key, cert: pair.cert })).toBe(0);
    expect(await connackOf(emu.mqttsUrl!, { clientId, username, ...tls, key: other.key, cert: other.cert })).toBe(4);
    expect(await connackOf(emu.mqttsUrl!, { clientId, username, ...tls })).toBe(4);
  });

  test('registration groups whose scope id contains "_": X.509 and secret ids are accepted', async () => {
    const pair = generateSelfSignedCert('groupdev');
    const tls = { ca: emu.tlsCert, rejectUnauthorized: false, key: pair.key, cert: pair.cert };
    expect(await connackOf(emu.mqttsUrl!, { clientId: 'gdev_0_my_scope_1', username: 'gdev', ...tls })).toBe(2); // unknown group
    emu.registry.put({ vendor: 'huawei', key: 'group:my_scope_1', kind: 'group', scopeSecret: 'c2NvcGVzZWNyZXRieXRlcw==', fingerprints: [new X509Certificate(pair.cert).fingerprint256] });
    expect(await connackOf(emu.mqttsUrl!, { clientId: 'gdev_0_my_scope_1', username: 'gdev', ...tls })).toBe(0);
    const other = generateSelfSignedCert('intruder');
    expect(await connackOf(emu.mqttsUrl!, { clientId: 'gdev_0_my_scope_1', username: 'gdev', ca: emu.tlsCert, rejectUnauthorized: false, key: other.key, cert: other.cert })).toBe(4);
    const ts = utcTs();
    const password = hmac(ts, groupDerivedSecret('c2NvcGVzZWNyZXRieXRlcw==', 'gdev'));
    expect(await connackOf(emu.mqttUrl, { clientId: `gdev_0_my_scope_1_0_${ts}`, username: 'gdev', password })).toBe(0);
    // a group whose scope id looks like a direct id's tail wins over the direct reading
    emu.registry.put({ vendor: 'huawei', key: 'group:1_2024010203', kind: 'group', fingerprints: [] });
    expect(await connackOf(emu.mqttsUrl!, { clientId: 'gdev_0_1_2024010203', username: 'gdev', ...tls })).toBe(0);
    expect(emu.trace.entries({ kind: 'connack' }).filter((e) => e.clientId === 'gdev_0_1_2024010203').map((e) => e.returnCode)).toEqual([0]);
  });
});
