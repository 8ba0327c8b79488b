import type { HttpRequest } from '../plugin.js';
import type { Platform } from '../platform.js';
import type { TraceFilter, TraceKind } from '../trace.js';
import { HttpError } from './http-error.js';
import type { FaultInjector } from './faults.js';
import type { RouterRoute } from './router.js';

const KINDS: TraceKind[] = ['connect', 'connack', 'publish', 'deliver', 'subscribe', 'unsubscribe', 'disconnect', 'denied', 'http', 'error'];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function jsonObject(req: HttpRequest): Record<string, unknown> {
  const body = req.json();
  if (!isObject(body)) throw new HttpError(400, 'request body must be a JSON object');
  return body;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new HttpError(400, `bad percent-encoding in ${JSON.stringify(part)}`);
  }
}

/** Parses the query of `GET /trace`. @internal */
export function traceFilterFromQuery(q: URLSearchParams): TraceFilter {
  const f: TraceFilter = {};
  const since = q.get('since');
  if (since !== null) {
    if (!/^\d+$/.test(since)) throw new HttpError(400, 'since must be a non-negative integer');
    f.since = Number(since);
  }
  const clientId = q.get('clientId');
  if (clientId !== null) f.clientId = clientId;
  const topic = q.get('topic');
  if (topic !== null) f.topic = topic;
  const vendor = q.get('vendor');
  if (vendor !== null) f.vendor = vendor;
  const kinds = q.getAll('kind').flatMap((k) => k.split(',')).filter((k) => k !== '');
  if (kinds.length > 0) {
    for (const k of kinds) if (!KINDS.includes(k as TraceKind)) throw new HttpError(400, `unknown kind ${k}`);
    f.kind = kinds as TraceKind[];
  }
  return f;
}

/**
 * The generic control API: trace, downlink injection, kick, registry, faults, clients.
 * @internal
 */
export function controlRoutes(platform: Platform, faults: FaultInjector): RouterRoute[] {
  const { trace, registry } = platform;
  const route = (method: string, path: string | RegExp, handler: RouterRoute['handler']): RouterRoute => ({ method, path, vendor: '', handler });
  return [
    route('GET', '/trace', (req) => ({ body: trace.entries(traceFilterFromQuery(req.query)) })),
    route('DELETE', '/trace', () => {
      trace.clear();
      return { status: 204 };
    }),
    route('POST', '/control/publish', async (req) => {
      const b = jsonObject(req);
      const topic = b['topic'];
      if (typeof topic !== 'string' || topic === '' || topic.includes('+') || topic.includes('#')) throw new HttpError(400, 'topic must be a non-empty topic name without wildcards');
      const qos = b['qos'] ?? 0;
      if (qos !== 0 && qos !== 1) throw new HttpError(400, 'qos must be 0 or 1');
      const raw = b['payload'] ?? '';
      let payload: string | Buffer | object;
      if (b['encoding'] === 'base64') {
        if (typeof raw !== 'string') throw new HttpError(400, 'payload must be a string with encoding base64');
        payload = Buffer.from(raw, 'base64');
      } else if (typeof raw === 'string' || typeof raw === 'object') {
        payload = raw === null ? 'null' : raw;
      } else {
        payload = JSON.stringify(raw);
      }
      await platform.publish(topic, payload, { qos, retain: b['retain'] === true });
      return { body: { ok: true } };
    }),
    route('POST', '/control/disconnect', (req) => {
      const b = jsonObject(req);
      const clientId = b['clientId'];
      if (typeof clientId !== 'string' || clientId === '') throw new HttpError(400, 'clientId (string) is required');
      if (!platform.transport?.disconnectClient(clientId)) throw new HttpError(404, `client ${clientId} is not connected`);
      return { body: { ok: true } };
    }),
    route('GET', '/control/clients', (req) => {
      const vendor = req.query.get('vendor') ?? undefined;
      return { body: (platform.transport?.connectedClients(vendor) ?? []).map((c) => ({ clientId: c.clientId, vendor: c.vendor })) };
    }),
    route('GET', '/control/registry', () => ({ body: registry.list() })),
    route('GET', /^\/control\/registry\/([^/]+)$/, (req) => ({ body: registry.list(decode(req.params[0] ?? '')) })),
    route('GET', /^\/control\/registry\/([^/]+)\/(.+)$/, (req) => {
      const vendor = decode(req.params[0] ?? '');
      const key = decode(req.params[1] ?? '');
      const rec = registry.get(vendor, key);
      if (!rec) throw new HttpError(404, `no ${vendor} device ${key}`);
      return { body: rec };
    }),
    route('PUT', /^\/control\/registry\/([^/]+)\/(.+)$/, (req) => {
      const vendor = decode(req.params[0] ?? '');
      const key = decode(req.params[1] ?? '');
      const fields = jsonObject(req);
      const record = { ...fields, vendor, key };
      registry.put(record);
      return { body: record };
    }),
    route('DELETE', /^\/control\/registry\/([^/]+)\/(.+)$/, (req) => {
      const vendor = decode(req.params[0] ?? '');
      const key = decode(req.params[1] ?? '');
      if (!registry.delete(vendor, key)) throw new HttpError(404, `no ${vendor} device ${key}`);
      return { body: { deleted: { vendor, key } } };
    }),
    route('GET', '/control/faults', () => ({ body: faults.current ?? {} })),
    route('POST', '/control/faults', (req) => {
      const b = jsonObject(req);
      const n = b['cutDownloadAfterBytes'];
      if (n === undefined || n === null) {
        faults.set(undefined);
        return { body: {} };
      }
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new HttpError(400, 'cutDownloadAfterBytes must be a non-negative integer');
      const once = b['once'] === undefined ? true : b['once'];
      if (typeof once !== 'boolean') throw new HttpError(400, 'once must be a boolean');
      faults.set({ cutDownloadAfterBytes: n, once });
      return { body: { cutDownloadAfterBytes: n, once } };
    }),
    route('DELETE', '/control/faults', () => {
      faults.set(undefined);
      return { status: 204 };
    }),
  ];
}
