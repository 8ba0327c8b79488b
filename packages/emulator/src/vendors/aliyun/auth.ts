/**
 * CONNECT authentication: device-secret signatures, MQTT dynamic registration, regnwl tokens.
 * @packageDocumentation
 */
import type { AuthResult, ConnectInfo, EmulatorContext } from '../../plugin.js';
import { parseClientId } from './client-id.js';
import { verifySign } from './crypto.js';
import { flag, getDevice, getProduct, isActivated, str, VENDOR } from './records.js';

/** True for client ids of a Link Kit shape. */
export function claimsConnect(conn: ConnectInfo): boolean {
  return parseClientId(conn.clientId) !== undefined;
}

function refuse(returnCode: 2 | 4 | 5, reason: string): AuthResult {
  return { ok: false, returnCode, reason };
}

/** Checks a claimed CONNECT against the registry (see README.md, "Authentication"). */
export function authenticateConnect(conn: ConnectInfo, ctx: EmulatorContext): AuthResult {
  const parsed = parseClientId(conn.clientId);
  if (!parsed) return refuse(2, 'client id is not a Link Kit client id');
  const password = conn.password?.toString('utf8') ?? '';
  const reg = ctx.registry;

  if (parsed.kind === 'device') {
    const { productKey: pk, deviceName: dn, params } = parsed;
    if (conn.username !== `${dn}&${pk}`) return refuse(4, 'username must be {deviceName}&{productKey}');
    const dev = getDevice(reg, pk, dn);
    const secret = str(dev, 'deviceSecret');
    if (!dev || !secret) return refuse(4, `unknown device ${pk}/${dn}`);
    const method = params['signmethod'] ?? 'hmacmd5';
    const ts = params['timestamp'];
    const content = `clientId${pk}&${dn}deviceName${dn}productKey${pk}${ts === undefined ? '' : `timestamp${ts}`}`;
    if (!verifySign(method, secret, content, password)) return refuse(4, `bad signature for ${pk}/${dn} (${method})`);
    if (flag(dev, 'disabled', false)) return refuse(5, `device ${pk}/${dn} is disabled`);
    return {
      ok: true,
      session: { kind: 'device', productKey: pk, deviceName: dn, ss: params['_ss'] === '1', ext: params['ext'] ?? '', lan: params['lan'] ?? '', v: params['_v'] ?? '', sii: params['sii'] ?? '' },
    };
  }

  if (parsed.kind === 'dynreg') {
    const { productKey: pk, deviceName: dn, params } = parsed;
    const authType = params['authType'] ?? '';
    if (conn.username !== `${dn}&${pk}`) return refuse(4, 'username must be {deviceName}&{productKey}');
    const product = getProduct(reg, pk);
    const ps = str(product, 'productSecret');
    if (!product || !ps) return refuse(4, `unknown product ${pk}`);
    if (!flag(product, 'dynamicRegistration', true)) return refuse(4, `dynamic registration is off for ${pk}`);
    const random = params['random'] ?? '';
    if (!verifySign(params['signmethod'] ?? 'hmacsha256', ps, `deviceName${dn}productKey${pk}random${random}`, password)) {
      return refuse(4, `bad dynamic-registration signature for ${pk}/${dn}`);
    }
    const dev = getDevice(reg, pk, dn);
    if (authType === 'register' && !dev && flag(product, 'preRegistration', true)) return refuse(4, `device ${pk}/${dn} is not pre-registered`);
    // a device registers only once: after its first connection it keeps the credentials it got (vendor guide)
    if (isActivated(dev)) return refuse(4, `device ${pk}/${dn} is already activated: dynamic registration refused`);
    return { ok: true, session: { kind: 'dynreg', authType, productKey: pk, deviceName: dn, ss: false } };
  }

  // connwl: the regnwl credentials
  const dnpk = conn.username ?? '';
  const amp = dnpk.indexOf('&');
  if (amp <= 0) return refuse(4, 'username must be {deviceName}&{productKey}');
  const dn = dnpk.slice(0, amp);
  const pk = dnpk.slice(amp + 1);
  const dev = getDevice(reg, pk, dn);
  const token = str(dev, 'deviceToken');
  if (!dev || !token || token !== password) return refuse(4, `bad regnwl token for ${pk}/${dn}`);
  if (str(dev, 'mqttClientId') !== undefined && str(dev, 'mqttClientId') !== parsed.prefix) return refuse(4, 'regnwl client id does not match');
  if (flag(dev, 'disabled', false)) return refuse(5, `device ${pk}/${dn} is disabled`);
  return { ok: true, session: { kind: 'device', productKey: pk, deviceName: dn, ss: parsed.params['_ss'] === '1', ext: parsed.params['ext'] ?? '', lan: parsed.params['lan'] ?? '', v: parsed.params['_v'] ?? '', sii: '' } };
}

export { VENDOR };
