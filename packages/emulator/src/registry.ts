import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

/** One device known to the emulated cloud. Fields besides `vendor` and `key` belong to the vendor plugin. */
export interface DeviceRecord {
  /** Plugin name, e.g. `'aliyun'`. */
  vendor: string;
  /** Vendor key, e.g. `productKey/deviceName`, `device_id`, `productId/deviceName`. */
  key: string;
  /** Plugin-specific fields (secrets, certificates, state). */
  [field: string]: unknown;
}

/** Options of {@link DeviceRegistry}. */
export interface DeviceRegistryOptions {
  /** JSON file to load at construction (if it exists) and to save after every change. */
  file?: string;
}

/** Raised when a registry file cannot be parsed or a record is malformed. */
export class RegistryError extends Error {
  /** @param message - what is wrong with the file or record */
  constructor(message: string) {
    super(message);
    this.name = 'RegistryError';
  }
}

function isRecord(v: unknown): v is DeviceRecord {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const r = v as Record<string, unknown>;
  return typeof r['vendor'] === 'string' && r['vendor'] !== '' && typeof r['key'] === 'string' && r['key'] !== '';
}

function id(vendor: string, key: string): string {
  return `${vendor}\u0000${key}`;
}

/**
 * The devices of the emulated cloud, per vendor, in memory and optionally persisted to
 * a JSON file (`{ "devices": [ { "vendor", "key", ... } ] }`; a bare array is accepted on load).
 * Getters return copies: change records with {@link DeviceRegistry.put} or {@link DeviceRegistry.update}.
 */
export class DeviceRegistry {
  private readonly records = new Map<string, DeviceRecord>();
  private readonly file: string | undefined;
  private readonly deleteListeners = new Set<(vendor: string, key: string) => void>();

  /**
   * @param opts - optional backing file
   * @throws RegistryError when the file exists but is not a valid registry
   */
  constructor(opts: DeviceRegistryOptions = {}) {
    this.file = opts.file;
    if (this.file && existsSync(this.file)) {
      const text = readFileSync(this.file, 'utf8');
      let data: unknown;
      try {
        data = text.trim() === '' ? [] : JSON.parse(text);
      } catch (err) {
        throw new RegistryError(`registry file ${this.file} is not valid JSON: ${(err as Error).message}`);
      }
      const list = Array.isArray(data) ? data : (data as { devices?: unknown } | null)?.devices;
      if (!Array.isArray(list)) throw new RegistryError(`registry file ${this.file} must hold an array or { "devices": [...] }`);
      for (const [i, r] of list.entries()) {
        if (!isRecord(r)) throw new RegistryError(`registry file ${this.file}: entry ${i} needs non-empty string "vendor" and "key"`);
        this.records.set(id(r.vendor, r.key), { ...r });
      }
    }
  }

  /** Number of records of all vendors. */
  get size(): number {
    return this.records.size;
  }

  /**
   * @returns a copy of the record, or undefined when unknown
   */
  get(vendor: string, key: string): DeviceRecord | undefined {
    const r = this.records.get(id(vendor, key));
    return r ? { ...r } : undefined;
  }

  /**
   * Inserts or replaces a record (saved to the file if any).
   * @throws RegistryError when `vendor` or `key` is missing
   */
  put(record: DeviceRecord): void {
    if (!isRecord(record)) throw new RegistryError('a device record needs non-empty string "vendor" and "key"');
    this.records.set(id(record.vendor, record.key), { ...record });
    this.save();
  }

  /**
   * Merges fields into a record, creating it when unknown (saved to the file if any).
   * `vendor` and `key` in the patch are ignored.
   * @returns a copy of the updated record
   */
  update(vendor: string, key: string, patch: Record<string, unknown>): DeviceRecord {
    const current = this.records.get(id(vendor, key));
    const next: DeviceRecord = { ...(current ?? {}), ...patch, vendor, key };
    this.put(next);
    return { ...next };
  }

  /**
   * Removes a record (saved to the file if any).
   * @returns true when it existed
   */
  delete(vendor: string, key: string): boolean {
    const had = this.records.delete(id(vendor, key));
    if (had) {
      this.save();
      for (const l of [...this.deleteListeners]) l(vendor, key);
    }
    return had;
  }

  /**
   * Calls `listener` after every removal of an existing record, whatever removed it (a plugin route,
   * `DELETE /control/registry/...`, code). Plugins use it to drop the per-device state of a deleted device.
   * @returns a function that removes the listener
   */
  onDelete(listener: (vendor: string, key: string) => void): () => void {
    this.deleteListeners.add(listener);
    return () => {
      this.deleteListeners.delete(listener);
    };
  }

  /**
   * @param vendor - only this vendor's records when given
   * @returns copies of the records, in insertion order
   */
  list(vendor?: string): DeviceRecord[] {
    const out: DeviceRecord[] = [];
    for (const r of this.records.values()) if (vendor === undefined || r.vendor === vendor) out.push({ ...r });
    return out;
  }

  /** Serializable form, as written to the file. */
  toJSON(): { devices: DeviceRecord[] } {
    return { devices: this.list() };
  }

  private save(): void {
    if (!this.file) return;
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.toJSON(), null, 2) + '\n');
    renameSync(tmp, this.file);
  }
}
