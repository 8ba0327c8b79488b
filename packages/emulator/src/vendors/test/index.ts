/**
 * The `test` plugin: a tiny vendor used by the emulator's own tests and the demo.
 *
 * - Claims client ids starting with `test-`.
 * - Authenticates against registry records `{ vendor: 'test', key: <clientId>, password, username? }`:
 *   unknown device → CONNACK 5, wrong username or password → CONNACK 4.
 * - A device may publish and subscribe only under `test/<clientId>/...`.
 * - Echoes every uplink on `test/<id>/up` to `test/<id>/down` (QoS 1).
 * - Subscribes each device server-side to `test/<id>/sys`.
 * - HTTP: `GET /test/hello` → `{ hello: 'world', clients: <connected test clients> }`;
 *   `POST /control/test/sys { clientId, payload }` publishes to the device's `sys` topic.
 * @packageDocumentation
 */
import type { EmulatorContext, HttpRoute, VendorPlugin } from '../../plugin.js';
import { HttpError } from '../../http/http-error.js';

/** Creates the `test` vendor plugin. */
export function testPlugin(): VendorPlugin {
  const own = (clientId: string, topic: string): boolean => topic.startsWith(`test/${clientId}/`);
  return {
    name: 'test',
    claims: (conn) => conn.clientId.startsWith('test-'),
    authenticate(conn, ctx) {
      const rec = ctx.registry.get('test', conn.clientId);
      if (!rec) return { ok: false, returnCode: 5, reason: `unknown test device ${conn.clientId}` };
      if (typeof rec['username'] === 'string' && rec['username'] !== conn.username) {
        return { ok: false, returnCode: 4, reason: 'bad username' };
      }
      const expected = typeof rec['password'] === 'string' ? rec['password'] : '';
      const given = conn.password?.toString('utf8') ?? '';
      if (expected !== given) return { ok: false, returnCode: 4, reason: 'bad password' };
      return { ok: true, session: { key: rec.key } };
    },
    authorizePublish: (client, topic) => own(client.clientId, topic),
    authorizeSubscribe: (client, topic) => own(client.clientId, topic),
    autoSubscriptions: (client) => [`test/${client.clientId}/sys`],
    uplinkFilters: () => ['test/+/up'],
    async onPublish(_client, topic, payload, ctx) {
      // the device id comes from the topic (authorizePublish pinned it to the client), so this works in attach mode too
      const m = /^test\/([^/]+)\/up$/.exec(topic);
      if (m) await ctx.publish(`test/${m[1]}/down`, payload, { qos: 1 });
    },
    routes(ctx: EmulatorContext): HttpRoute[] {
      return [
        { method: 'GET', path: '/test/hello', handler: () => ({ body: { hello: 'world', clients: ctx.connectedClients('test').length } }) },
        {
          method: 'POST',
          path: '/control/test/sys',
          async handler(req) {
            const body = req.json<{ clientId?: unknown; payload?: unknown }>();
            if (typeof body.clientId !== 'string' || !body.clientId) throw new HttpError(400, 'clientId (string) is required');
            const payload = typeof body.payload === 'string' ? body.payload : JSON.stringify(body.payload ?? {});
            await ctx.publish(`test/${body.clientId}/sys`, payload, { qos: 1 });
            return { body: { ok: true } };
          },
        },
      ];
    },
  };
}
