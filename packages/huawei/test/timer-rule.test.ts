// Timer rules: DAILY_TIMER weekday mapping and SIMPLE_TIMER counts, with an injected clock.
import { Action, ActionHandler, Condition, IotDevice, RuleInfo, TimeRange, TimerRuleInstance } from '../src/index.js';
import { makeDevice } from './helpers.js';

let device: IotDevice;
const fired: Action[][] = [];
beforeAll(() => {
  device = makeDevice(null);
  device.get_client().set_rule_action_handler(
    new (class extends ActionHandler {
      handle_rule_action(action: Action[]): void {
        fired.push(action);
      }
    })(),
  );
});
afterAll(async () => {
  await device.destroy();
});
beforeEach(() => {
  fired.length = 0;
});

function rule(conditions: Condition[], time_range: TimeRange | null = null): RuleInfo {
  const r = new RuleInfo();
  r.rule_id = 'r';
  r.logic = 'or';
  r.conditions = conditions;
  r.time_range = time_range;
  r.actions = [Object.assign(new Action(), { device_id: 'productId_nodeId' })];
  return r;
}

function daily(time: string, days: string): Condition {
  return Object.assign(new Condition(), { type: 'DAILY_TIMER', time, days_of_week: days });
}

/** A clock that reads `target - leadMs` now and runs at real speed. */
function clockBefore(target: number, leadMs: number): () => number {
  const offset = target - leadMs - Date.now();
  return () => Date.now() + offset;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
// 2024-01-08 is a Monday: platform day 2
const MONDAY_0830 = Date.UTC(2024, 0, 8, 8, 30);

test.each([
  ['Monday listed', '2', 1],
  ['Sunday..Saturday listed', '1,2,3,4,5,6,7', 1],
  ['only Tuesday', '3', 0],
  ['only Sunday (1 maps to scheduler day 6)', '1', 0],
])('DAILY_TIMER 08:30 on %s', async (_n, days, expected) => {
  const t = new TimerRuleInstance(device.get_client(), clockBefore(MONDAY_0830, 60));
  t.submit_rule(rule([daily('08:30', days)]));
  t.start();
  await sleep(250);
  t.shutdown_timer();
  await device.get_client()._get_callbacks().idle();
  expect(fired.length).toBe(expected);
});

test('DAILY_TIMER on Saturday (day 7) fires: Saturday is not 0 (Q32a fixed)', async () => {
  const saturday = Date.UTC(2024, 0, 6, 23, 59);
  const t = new TimerRuleInstance(device.get_client(), clockBefore(saturday, 40));
  t.submit_rule(rule([daily('23:59', '7')], Object.assign(new TimeRange(), { start_time: '20:00', end_time: '23:59', days_of_week: '7' })));
  t.start();
  await sleep(200);
  t.shutdown_timer();
  await device.get_client()._get_callbacks().idle();
  expect(fired.length).toBe(1);
});

test('a firing outside the rule time range runs no action', async () => {
  const t = new TimerRuleInstance(device.get_client(), clockBefore(MONDAY_0830, 40));
  t.submit_rule(rule([daily('08:30', '2')], Object.assign(new TimeRange(), { start_time: '09:00', end_time: '10:00', days_of_week: '2' })));
  t.start();
  await sleep(200);
  t.shutdown_timer();
  await device.get_client()._get_callbacks().idle();
  expect(fired.length).toBe(0);
});

test('invalid timer conditions are skipped; shutdown stops firing', async () => {
  const t = new TimerRuleInstance(device.get_client(), clockBefore(MONDAY_0830, 40));
  t.submit_rule(rule([daily('8', '2'), daily('', '2'), Object.assign(new Condition(), { type: 'SIMPLE_TIMER', start_time: 'bad', repeat_interval: 1, repeat_count: 1 })]));
  t.start();
  await sleep(150);
  t.shutdown_timer();
  expect(fired.length).toBe(0);
});
