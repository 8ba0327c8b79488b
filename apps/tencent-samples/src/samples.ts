/**
 * The sample list.
 * @module
 */
import { example_mqtt } from './mqtt/example_mqtt.js';
import { example_shadow } from './shadow/example_shadow.js';
import { example_rrpc } from './rrpc/example_rrpc.js';
import { example_broadcast } from './broadcast/example_broadcast.js';
import { example_gateway } from './gateway/example_gateway.js';
import { example_ota } from './ota/example_ota.js';
import { example_dynreg } from './dynreg/example_dynreg.js';
import { example_http } from './httpAccess/example_http.js';
import { example_resourceManage } from './resourceManage/example_resourceManage.js';
import { example_scenario } from './scenarized/example_scenario.js';

/** Every sample by name; each resolves true on success. */
export const samples: Record<string, () => Promise<boolean>> = {
  mqtt: example_mqtt,
  shadow: example_shadow,
  rrpc: example_rrpc,
  broadcast: example_broadcast,
  gateway: example_gateway,
  ota: example_ota,
  dynreg: example_dynreg,
  http: example_http,
  resourceManage: example_resourceManage,
  scenario: example_scenario,
};
