import { randomBytes } from 'node:crypto';
import { silentLogger } from '@iot/core';
import { AbstractService, ClientConf, CommandRsp, ConnectAuthInfo, IotDevice, Property, type JsonDict } from '@iot/huawei';
import { control, expectThat, field, short, traced, until } from './helpers.js';
import type { DemoScenario } from './scenario.js';

const DEVICE_ID = 'demo_smoke_detector_01';
const SERVICE_ID = 'smokeDetector';

/**
 * The smoke detector of the IoTDA product model, written the way the vendor's `smoke_detector` sample programs a
 * thing model: each model property is a {@link Property} field with a getter/setter pair, and the `ringAlarm`
 * command is mapped to a method returning a {@link CommandRsp}.
 */
export class SmokeDetectorService extends AbstractService {
  /** Model property `alarm` (writable by the platform). */
  smoke_alarm = new Property(1, 'smoke_alarm', 'alarm', true);
  /** Model property `smokeConcentration`. */
  concentration = new Property(12.5, 'concentration', 'smokeConcentration', false);
  /** Model property `humidity`. */
  humidity = new Property(48, 'humidity', 'humidity', false);
  /** Model property `temperature`. */
  temperature = new Property(21.5, 'temperature', 'temperature', false);
  /** Every command the platform ran on this service: name and parameters. */
  readonly commands: Array<{ command_name: string; paras: JsonDict }> = [];
  /** Every value the platform wrote to `alarm`. */
  readonly alarmWrites: unknown[] = [];

  constructor() {
    super();
    for (const p of [this.smoke_alarm, this.concentration, this.humidity, this.temperature]) {
      this._readable_prop2field[p.prop_name] = p.field_name;
      if (p.writeable) this._writeable_prop2field[p.prop_name] = p.field_name;
    }
    this._command2method = { ringAlarm: 'ring_alarm' };
  }

  /**
   * The `ringAlarm` command: sounds the buzzer for `duration` seconds (here: only remembers it).
   * @param paras - command parameters
   */
  ring_alarm(paras: JsonDict): CommandRsp {
    this.commands.push({ command_name: 'ringAlarm', paras });
    return new CommandRsp({ result_code: CommandRsp.success_code(), response_name: 'ringAlarm', paras: { rang_for: paras['duration'] ?? 0 } });
  }
  /** Getter of `alarm`. */
  get_smoke_alarm(): number {
    return this.smoke_alarm.val;
  }
  /**
   * Setter of `alarm` (the platform may write it).
   * @param v - new value
   */
  set_smoke_alarm(v: number): void {
    this.alarmWrites.push(v);
    this.smoke_alarm.val = v;
  }
  /** Getter of `smokeConcentration`. */
  get_concentration(): number {
    return this.concentration.val;
  }
  /** Read-only: no write from the platform reaches it. */
  set_concentration(_v: number): void {}
  /** Getter of `humidity`. */
  get_humidity(): number {
    return this.humidity.val;
  }
  /** Read-only. */
  set_humidity(_v: number): void {}
  /** Getter of `temperature`. */
  get_temperature(): number {
    return this.temperature.val;
  }
  /** Read-only. */
  set_temperature(_v: number): void {}
}

/** What the Huawei story observed, for tests. */
export interface HuaweiOutcome {
  /** The device id. */
  readonly deviceId: string;
  /** Commands the service ran. */
  readonly commands: ReadonlyArray<{ command_name: string; paras: JsonDict }>;
  /** Values the platform wrote to `alarm`. */
  readonly alarmWrites: readonly unknown[];
  /** The command response as the console's control call returned it. */
  readonly commandResponse: unknown;
  /** The property-set response as the console's control call returned it. */
  readonly setResponse: unknown;
  /** The `reported` properties of the smokeDetector service in the cloud's shadow at the end. */
  readonly reported: unknown;
}

/**
 * An IoTDA smoke detector on the emulator's own `huawei` plugin: it connects with its secret, reports its
 * properties, runs the console's `ringAlarm` command and a property set, and the console reads the answers.
 */
export const huaweiScenario: DemoScenario<HuaweiOutcome> = {
  title: 'Huawei IoTDA smoke detector (@iot/huawei IotDevice + AbstractService, emulator huawei plugin)',
  vendors: ['huawei'],
  async run(emu, say) {
    const since = emu.trace.lastSeq;
    emu.registry.put({ vendor: 'huawei', key: DEVICE_ID, secret: randomBytes(12).toString('hex') });
    say(`console: device ${DEVICE_ID} registered with a secret; product model service ${SERVICE_ID} (alarm, smokeConcentration, humidity, temperature; command ringAlarm)`);

    const info = new ConnectAuthInfo();
    info.server_uri = '127.0.0.1';
    info.port = 1883;
    info.id = DEVICE_ID;
    info.secret = String(emu.registry.get('huawei', DEVICE_ID)?.['secret']);
    const device = new IotDevice(new ClientConf(info, null, { broker_port: Number(new URL(emu.mqttUrl).port), logger: silentLogger }));
    const service = new SmokeDetectorService();
    device.add_service(SERVICE_ID, service);
    const shadowOf = async (): Promise<unknown> => {
      const shadow = (await control(emu, 'GET', `/control/huawei/devices/${DEVICE_ID}/shadow`)).body;
      const list = Array.isArray(shadow) ? shadow : field(shadow, 'shadow');
      const entry = Array.isArray(list) ? list.find((s) => field(s, 'service_id') === SERVICE_ID) : undefined;
      return field(field(entry, 'reported'), 'properties');
    };
    try {
      const rc = await device.connect();
      expectThat(rc === 0, `connect() to return 0, got ${rc}`);
      const hello = traced(emu, since, (e) => e.kind === 'connect')[0];
      say(`device: connect() -> 0 as client id ${hello?.clientId ?? '?'} (password: HMAC-SHA256 of the secret keyed by the hour, not shown)`);

      const reportTopic = `$oc/devices/${DEVICE_ID}/sys/properties/report`;
      const reports = (): number => traced(emu, since, (e) => e.kind === 'publish' && e.topic === reportTopic).length;
      service.fire_properties_changed([]);
      await until(() => reports() >= 1, 'the property report');
      say(`device: fire_properties_changed -> reported ${short(traced(emu, since, (e) => e.kind === 'publish' && e.topic === reportTopic)[0]?.payload, 140)}`);
      say(`cloud: shadow reported ${JSON.stringify(await shadowOf())}`);

      say('console: command ringAlarm {"duration": 20}');
      const cmd = await control(emu, 'POST', `/control/huawei/devices/${DEVICE_ID}/commands`, { service_id: SERVICE_ID, command_name: 'ringAlarm', paras: { duration: 20 }, timeout_ms: 3000 });
      const commandResponse = field(cmd.body, 'response');
      expectThat(service.commands.length === 1, 'the service to run ringAlarm once');
      expectThat(field(commandResponse, 'result_code') === 0, `command response result_code 0, got ${JSON.stringify(commandResponse)}`);
      say(`device: ringAlarm ran with ${JSON.stringify(service.commands[0]?.paras)}; respond_command result_code 0`);
      say(`cloud: command response ${short(JSON.stringify(commandResponse))}`);

      say('console: property set alarm = 0 (silence the detector)');
      const set = await control(emu, 'POST', `/control/huawei/devices/${DEVICE_ID}/properties/set`, { services: [{ service_id: SERVICE_ID, properties: { alarm: 0 } }], timeout_ms: 3000 });
      const setResponse = field(set.body, 'response');
      expectThat(field(setResponse, 'result_code') === 0, `property set result_code 0, got ${JSON.stringify(setResponse)}`);
      say(`device: set_smoke_alarm(${String(service.alarmWrites[0])}), answered result_code 0 and reported the change`);
      await until(() => reports() >= 2, 'the report after the set');
      const reported = await shadowOf();
      say(`cloud: property set response ${short(JSON.stringify(setResponse))}; shadow reported now ${JSON.stringify(reported)}`);
      return { deviceId: DEVICE_ID, commands: service.commands, alarmWrites: service.alarmWrites, commandResponse, setResponse, reported };
    } finally {
      await device.destroy();
    }
  },
};
