/**
 * In-memory platform state of the `huawei` plugin: shadows, captured uplinks, OTA tasks, rules, topology.
 * @packageDocumentation
 */
import type { JsonObject } from './json.js';

/** One service of a device shadow. */
export interface ShadowService {
  /** Desired section. */
  desired: { properties: JsonObject; event_time: string | null };
  /** Reported section. */
  reported: { properties: JsonObject; event_time: string | null };
  /** Version, +1 per change. */
  version: number;
}

/** A captured uplink record. */
export interface Captured {
  /** Epoch ms at reception. */
  time: number;
  /** Topic (messages) or event type (logs/files). */
  topic: string;
  /** Parsed JSON, or the text. */
  data: unknown;
}

/** An OTA task pushed by the control API. */
export interface OtaTask {
  /** Task id. */
  task_id: string;
  /** Target device id. */
  device_id: string;
  /** File in the store. */
  file: string;
  /** Target version. */
  version: string;
  /** `firmware` or `software`. */
  type: string;
  /** v2 package (plain URL). */
  v2: boolean;
  /** Bearer token of the v1 URL. Never traced. */
  access_token?: string;
  /** Expiry epoch ms of the token. */
  expires_at: number;
  /** `PENDING`, `IN_PROGRESS`, `SUCCESS`, `FAILED`. */
  status: string;
  /** Last reported progress. */
  progress?: number;
  /** Progress reports in arrival order. */
  reports: JsonObject[];
}

/** Per-gateway topology bookkeeping. */
export interface Topology {
  /** Current version. */
  version: number;
  /** Added sub-devices with the version of their addition. */
  added: { version: number; device: JsonObject }[];
  /** Deleted sub-devices with the version of their deletion. */
  deleted: { version: number; device: JsonObject }[];
}

/** Per-device captured lists, keyed by device id. */
export class CaptureLog {
  private readonly map = new Map<string, Captured[]>();
  /** @param max - entries kept per device */
  constructor(private readonly max = 1000) {}
  /** Appends an entry. */
  add(deviceId: string, entry: Captured): void {
    let list = this.map.get(deviceId);
    if (!list) this.map.set(deviceId, (list = []));
    list.push(entry);
    if (list.length > this.max) list.splice(0, list.length - this.max);
  }
  /** Entries of a device. */
  get(deviceId: string): Captured[] {
    return [...(this.map.get(deviceId) ?? [])];
  }
  /** Drops every entry of a device. */
  clear(deviceId: string): void {
    this.map.delete(deviceId);
  }
}

/** All state of the plugin. */
export class HuaweiState {
  /** Shadows: device id → service id → shadow. */
  readonly shadows = new Map<string, Map<string, ShadowService>>();
  /** Uplink messages (`messages/up`, custom topics). */
  readonly messages = new CaptureLog();
  /** `$log` reports. */
  readonly logs = new CaptureLog();
  /** Events of the device's own (non-`$`) services, `events/up`. */
  readonly events = new CaptureLog();
  /** `$file_manager` requests and results. */
  readonly files = new CaptureLog();
  /** `$sdk_info` reports (last one wins). */
  readonly sdkInfo = new Map<string, JsonObject>();
  /** OTA tasks by id. */
  readonly otaTasks = new Map<string, OtaTask>();
  /** `$ota/version_report` paras, per device (last one wins). */
  readonly versions = new Map<string, JsonObject>();
  /** Device rules: device id → rule id → rule object (with `ruleVersionInShadow`). */
  readonly rules = new Map<string, Map<string, JsonObject>>();
  /** Gateway topology: gateway id → version and deletions. */
  readonly topology = new Map<string, Topology>();
  /** Devices provisioned by the bootstrap server. */
  readonly bootstrapped: { device_id: string; address: string; mode: string; time: number }[] = [];

  /**
   * Drops everything the platform holds about a device (its record was deleted): shadow, captured
   * messages/logs/events/files, SDK info, version report, OTA tasks, rules and gateway topology. A device
   * created again under the same id starts clean.
   */
  forget(deviceId: string): void {
    this.shadows.delete(deviceId);
    this.messages.clear(deviceId);
    this.logs.clear(deviceId);
    this.events.clear(deviceId);
    this.files.clear(deviceId);
    this.sdkInfo.delete(deviceId);
    this.versions.delete(deviceId);
    this.rules.delete(deviceId);
    this.topology.delete(deviceId);
    for (const [taskId, t] of this.otaTasks) if (t.device_id === deviceId) this.otaTasks.delete(taskId);
  }

  /** Shadow services of a device (created on demand). */
  shadowOf(deviceId: string): Map<string, ShadowService> {
    let s = this.shadows.get(deviceId);
    if (!s) this.shadows.set(deviceId, (s = new Map()));
    return s;
  }

  /** One service of a shadow (created on demand). */
  shadowService(deviceId: string, serviceId: string): ShadowService {
    const s = this.shadowOf(deviceId);
    let svc = s.get(serviceId);
    if (!svc) s.set(serviceId, (svc = { desired: { properties: {}, event_time: null }, reported: { properties: {}, event_time: null }, version: 0 }));
    return svc;
  }

  /** Topology of a gateway (created on demand). */
  topologyOf(gatewayId: string): Topology {
    let t = this.topology.get(gatewayId);
    if (!t) this.topology.set(gatewayId, (t = { version: 0, added: [], deleted: [] }));
    return t;
  }

  /** Rules of a device (created on demand). */
  rulesOf(deviceId: string): Map<string, JsonObject> {
    let r = this.rules.get(deviceId);
    if (!r) this.rules.set(deviceId, (r = new Map()));
    return r;
  }
}
