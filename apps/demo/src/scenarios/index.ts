import { coreSessionScenario } from './core-session.js';
import type { DemoScenario } from './scenario.js';

/** Every scenario the demo runs, in order. Vendor packages add theirs here. */
export const scenarios: readonly DemoScenario[] = [coreSessionScenario];
