import { aliyunScenario } from './aliyun-linkkit.js';
import { huaweiScenario } from './huawei-smoke-detector.js';
import { coreSessionScenario } from './core-session.js';
import type { DemoScenario } from './scenario.js';

/** Every scenario the demo runs, in order: the bare core session first, then one device per vendor SDK. */
export const scenarios: readonly DemoScenario[] = [coreSessionScenario, aliyunScenario, huaweiScenario];
