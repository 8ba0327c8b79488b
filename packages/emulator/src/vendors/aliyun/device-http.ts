/**
 * Device-side HTTP endpoints: HTTPS dynamic registration (`/auth/register/device`).
 * @packageDocumentation
 */
import type { EmulatorContext, HttpRoute } from '../../plugin.js';
import { CODES } from './alink.js';
import { verifySign } from './crypto.js';
import type { AliyunCloud } from './cloud.js';
import { flag, getDevice, getProduct, isActivated, str } from './records.js';

/** `POST /auth/register/device` (form fields productKey, deviceName, random, sign, signMethod). */
export function deviceRoutes(cloud: AliyunCloud): HttpRoute[] {
  return [
    {
      method: 'POST',
      path: '/auth/register/device',
      handler(req, ctx: EmulatorContext) {
        const ct = String(req.headers['content-type'] ?? '');
        let form: URLSearchParams;
        if (ct.includes('application/json')) {
          const o = req.json<Record<string, unknown>>();
          form = new URLSearchParams(Object.entries(typeof o === 'object' && o !== null ? o : {}).map(([k, v]): [string, string] => [k, String(v)]));
        } else form = new URLSearchParams(req.body.toString('utf8'));
        const pk = form.get('productKey') ?? '';
        const dn = form.get('deviceName') ?? '';
        const random = form.get('random') ?? '';
        const product = getProduct(ctx.registry, pk);
        const ps = str(product, 'productSecret');
        if (!pk || !dn || !random) return { body: { code: CODES.badRequest, message: 'productKey, deviceName and random are required' } };
        if (!product || !ps) return { body: { code: CODES.productNotFound, message: 'product not found' } };
        if (!verifySign(form.get('signMethod') ?? 'hmacsha256', ps, `deviceName${dn}productKey${pk}random${random}`, form.get('sign') ?? '')) {
          return { body: { code: CODES.dynregBadSign, message: 'sign check failed' } };
        }
        if (!flag(product, 'dynamicRegistration', true)) return { body: { code: CODES.dynregFailed, message: 'dynamic registration is off for this product' } };
        const dev = getDevice(ctx.registry, pk, dn);
        if (!dev && flag(product, 'preRegistration', true)) return { body: { code: CODES.dynregFailed, message: 'device not found' } };
        if (isActivated(dev)) return { body: { code: CODES.dynregFailed, message: 'device is already activated' } };
        const deviceSecret = cloud.ensureDevice(pk, dn);
        return { body: { code: 200, data: { productKey: pk, deviceName: dn, deviceSecret }, message: 'success' } };
      },
    },
  ];
}
