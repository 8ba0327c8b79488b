/**
 * Every sample by name (used by run-all and the smoke test).
 * @module
 */
import { main as simple_demo } from './simple_demo/example.js';
import { main as tsl_demo } from './tsl_demo/example.js';
import { main as thing } from './thing_demo/example.js';
import { main as raw } from './raw_demo/example.js';
import { main as tags } from './tags_demo/example.js';
import { main as shadow } from './shadow_demo/example.js';
import { main as rrpc } from './rrpc_demo/example.js';
import { main as gateway } from './gateway_demo/example.js';
import { main as ota } from './ota_demo/example.js';
import { main as dynreg } from './dynreg_demo/example.js';

/** Sample runners; each resolves true on success. */
export const samples: Record<string, () => Promise<boolean>> = { simple_demo, tsl_demo, thing, raw, tags, shadow, rrpc, gateway, ota, dynreg };
