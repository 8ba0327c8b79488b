/**
 * State of the emulated IoT Hub (shadows, topology, OTA, resources, clock) and the handling of
 * device uplinks. Replies are derived from the topic, so this also works in attach mode.
 * @packageDocumentation
 */
import type { ClientInfo, EmulatorContext } from '../../plugin.js';
import { GatewayService } from './gateway.js';
import { OtaService } from './ota.js';
import { deviceKey, VENDOR } from './records.js';
import { ResourceService } from './resources.js';
import { ShadowDocument, type JsonObject } from './shadow.js';
import { topicOwner, topics } from './topics.js';

/** Options of the `tencent` plugin. */
export interface TencentPluginOptions {
  /** Accepted clock skew of `X-TC-Timestamp` on the device HTTP endpoints, 300 s by default. */
  httpTimestampSkewSec?: number;
  /** Default RRPC wait, 4000 ms (the platform's) by default. */
  rrpcTimeoutMs?: number;
  /** Largest uplink payload the platform parses, 256 KiB by default (bigger ones are traced and ignored). */
  maxPayloadBytes?: number;
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Everything the plugin knows beyond the registry. */
export class TencentCloud {
  /** Shadow documents by device key. */
  readonly shadows = new Map<string, ShadowDocument>();
  /** Not undefined once the emulator called setup. */
  ctx: EmulatorContext | undefined;
  readonly ota = new OtaService();
  readonly resources = new ResourceService();
  private gatewayService: GatewayService | undefined;
  /** Offset added to the NTP clock (control route). */
  ntpOffsetMs = 0;
  private rrpcCounter = 10_000 + Math.floor(Math.random() * 50_000);
  readonly opts: Required<TencentPluginOptions>;

  constructor(opts: TencentPluginOptions = {}) {
    this.opts = { httpTimestampSkewSec: opts.httpTimestampSkewSec ?? 300, rrpcTimeoutMs: opts.rrpcTimeoutMs ?? 4000, maxPayloadBytes: opts.maxPayloadBytes ?? 256 * 1024 };
  }

  /** The gateway service (needs the registry, so it exists after setup). */
  get gateway(): GatewayService {
    if (!this.gatewayService) {
      if (!this.ctx) throw new Error('tencent plugin used before setup');
      this.gatewayService = new GatewayService(this.ctx.registry);
    }
    return this.gatewayService;
  }

  /** @returns the shadow document of a device (created empty) */
  shadow(key: string): ShadowDocument {
    let s = this.shadows.get(key);
    if (!s) this.shadows.set(key, (s = new ShadowDocument()));
    return s;
  }

  /**
   * Drops everything the platform holds about a device whose record was deleted (shadow, OTA state and
   * reports, resource tasks and their uploaded files, gateway online status and binding), so that a device
   * created again under the same key starts clean.
   */
  forget(key: string): void {
    this.shadows.delete(key);
    this.ota.forget(key);
    for (const file of this.resources.forget(key)) this.ctx?.files.delete(file);
    if (this.ctx) this.gateway.forget(key);
  }

  /** @returns the next RRPC process id */
  nextProcessId(): string {
    this.rrpcCounter = this.rrpcCounter >= 999_999 ? 10_000 : this.rrpcCounter + 1;
    return String(this.rrpcCounter);
  }

  /** Records an ignored or malformed uplink in the trace. */
  private ignore(ctx: EmulatorContext, client: ClientInfo, topic: string, reason: string): void {
    ctx.trace.record({ kind: 'error', clientId: client.clientId, vendor: VENDOR, topic, reason });
    ctx.log.debug(`${topic}: ${reason}`);
  }

  /** Handles one device uplink. Never throws on bad input. */
  async onPublish(client: ClientInfo, topic: string, payload: Buffer, ctx: EmulatorContext): Promise<void> {
    const owner = topicOwner(topic);
    if (!owner || !topic.startsWith('$')) return; // custom topics: the broker delivers them
    const s = topic.split('/');
    const kind = `${s[0]}/${s[1]}`;
    const uplinks = ['$sys/operation', '$shadow/operation', '$gateway/operation', '$ota/report', '$resource/up'];
    if (!uplinks.includes(kind) || (s[2] === 'result' && kind !== '$resource/up')) return;
    const { productId: pid, deviceName: dn } = owner;
    const key = deviceKey(pid, dn);
    if (payload.length > this.opts.maxPayloadBytes) {
      this.ignore(ctx, client, topic, `payload of ${payload.length} bytes exceeds ${this.opts.maxPayloadBytes}`);
      return;
    }
    let msg: unknown;
    try {
      msg = JSON.parse(payload.toString('utf8'));
    } catch {
      msg = undefined;
    }
    switch (kind) {
      case '$sys/operation': {
        const res = isObject(msg) ? msg['resource'] : undefined;
        if (!isObject(msg) || msg['type'] !== 'get' || !Array.isArray(res) || !res.includes('time')) {
          this.ignore(ctx, client, topic, 'not a time request');
          return;
        }
        const t1 = Date.now() + this.ntpOffsetMs;
        await ctx.publish(topics.sysResult(pid, dn), JSON.stringify({ type: 'get', time: Math.floor(t1 / 1000), ntptime1: t1, ntptime2: Date.now() + this.ntpOffsetMs }));
        return;
      }
      case '$shadow/operation': {
        if (msg === undefined) this.ignore(ctx, client, topic, 'shadow request is not JSON');
        await ctx.publish(topics.shadowResult(pid, dn), JSON.stringify(this.shadow(key).handle(msg)));
        return;
      }
      case '$gateway/operation': {
        const reply = this.gateway.handle(pid, dn, msg);
        if (!reply) {
          this.ignore(ctx, client, topic, 'not a gateway request');
          return;
        }
        await ctx.publish(topics.gatewayResult(pid, dn), JSON.stringify(reply));
        return;
      }
      case '$ota/report': {
        let reply: JsonObject | undefined;
        try {
          reply = this.ota.report(key, msg);
        } catch (err) {
          this.ignore(ctx, client, topic, (err as Error).message);
          return;
        }
        if (reply) await ctx.publish(topics.otaUpdate(pid, dn), JSON.stringify(reply));
        return;
      }
      default: {
        let reply: JsonObject;
        try {
          reply = this.resources.handle(key, msg, (name, token) => `${ctx.httpUrl}/tencent/resource/${encodeURIComponent(pid)}/${encodeURIComponent(dn)}/${encodeURIComponent(name)}?token=${token}`);
        } catch (err) {
          this.ignore(ctx, client, topic, (err as Error).message);
          return;
        }
        await ctx.publish(topics.resourceDown(pid, dn), JSON.stringify(reply));
      }
    }
  }
}
