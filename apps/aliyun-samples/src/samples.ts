/**
 * Every sample by name (used by run-all and the tests).
 * @module
 */
import type { SampleResult } from './common/sample-env.js';
import { run as simple_demo } from './simple_demo/example.js';
import { run as tsl_demo } from './tsl_demo/example.js';
import { run as custom } from './custom_demo/example.js';
import { run as thing } from './thing_demo/example.js';
import { run as raw } from './raw_demo/example.js';
import { run as tags } from './tags_demo/example.js';
import { run as shadow } from './shadow_demo/example.js';
import { run as rrpc } from './rrpc_demo/example.js';
import { run as gateway } from './gateway_demo/example.js';
import { run as ota } from './ota_demo/example.js';
import { run as dynreg } from './dynreg_demo/example.js';

/** Sample runners; each resolves with what the device and the platform saw (`ok` = the sample's own check). */
export const samples: Record<string, () => Promise<SampleResult<object, object>>> = { simple_demo, tsl_demo, custom, thing, raw, tags, shadow, rrpc, gateway, ota, dynreg };
