/**
 * {@link SubDevicesFilePersistence}: children kept in a JSON file (Python `iot_gateway_demo/sub_devices_file_persistence.py`).
 * @module
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { DeviceInfo, SubDevicesPersistence, type JsonDict, type SubDevicesInfo } from '@iot/huawei';

/** `{"version": n, "sub_devices": {"<node_id>": <DeviceInfo dict>}}` in a file. */
export class SubDevicesFilePersistence extends SubDevicesPersistence {
  private version = 0;
  private sub_devices: Record<string, JsonDict> = {};

  /**
   * @param file - the JSON file (`./subdevices.json` in the Python demo)
   */
  constructor(private readonly file: string) {
    super();
    if (existsSync(file)) {
      const data = JSON.parse(readFileSync(file, 'utf8')) as { version: number; sub_devices: Record<string, JsonDict> };
      this.version = data.version;
      this.sub_devices = data.sub_devices;
    } else this.save();
  }

  private save(): void {
    writeFileSync(this.file, JSON.stringify({ version: this.version, sub_devices: this.sub_devices }));
  }

  get_sub_device(node_id: string): DeviceInfo | null {
    const d = this.sub_devices[node_id];
    if (!d) return null;
    const info = new DeviceInfo();
    info.convert_from_dict(d);
    return info;
  }

  add_sub_devices(sub_devices_info: SubDevicesInfo): number {
    if (sub_devices_info.version > 0 && sub_devices_info.version <= this.version) return -1;
    for (const d of sub_devices_info.devices) this.sub_devices[d.node_id ?? ''] = d.to_dict();
    this.version = sub_devices_info.version;
    this.save();
    return 0;
  }

  delete_sub_devices(sub_devices_info: SubDevicesInfo): number {
    if (sub_devices_info.version > 0 && sub_devices_info.version <= this.version) return -1;
    for (const d of sub_devices_info.devices) delete this.sub_devices[d.node_id ?? ''];
    this.version = sub_devices_info.version;
    this.save();
    return 0;
  }

  get_version(): number {
    return this.version;
  }
}
