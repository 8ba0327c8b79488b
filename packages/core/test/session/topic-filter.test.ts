import { isValidTopicFilter, isValidTopicName, topicMatches } from '../../src/session/topic-filter.js';

describe('topicMatches', () => {
  it.each([
    ['a/b/c', 'a/b/c', true],
    ['a/b/c', 'a/b', false],
    ['a/b', 'a/b/c', false],
    ['a/+/c', 'a/b/c', true],
    ['a/+/c', 'a//c', true],
    ['a/+/c', 'a/b/d', false],
    ['a/+', 'a/b/c', false],
    ['+/+', '/x', true],
    ['+', 'a', true],
    ['+', 'a/b', false],
    ['a/#', 'a', true],
    ['a/#', 'a/b/c/d', true],
    ['a/#', 'ab/c', false],
    ['#', 'a/b', true],
    ['#', '/', true],
    ['$SYS/#', '$SYS/broker/load', true],
    ['#', '$SYS/broker', false],
    ['+/broker', '$SYS/broker', false],
    ['$oc/devices/+/sys/messages/down', '$oc/devices/d1/sys/messages/down', true],
    ['a/#/b', 'a/x/b', false],
    ['a+/b', 'a+/b', false],
    ['', '', false],
    ['a', '', false],
  ])('%s vs %s -> %s', (filter, topic, expected) => {
    expect(topicMatches(filter, topic)).toBe(expected);
  });

  it('never throws on random input', () => {
    const alphabet = ['a', 'b', '/', '+', '#', '$', ''];
    for (let i = 0; i < 2000; i++) {
      const rnd = () => Array.from({ length: Math.floor(Math.random() * 6) }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
      const f = rnd();
      const t = rnd();
      const r = topicMatches(f, t);
      expect(typeof r).toBe('boolean');
      if (r) expect(isValidTopicFilter(f)).toBe(true);
    }
  });
});

describe('validity checks', () => {
  it('validates filters and names', () => {
    expect(isValidTopicFilter('a/+/#')).toBe(true);
    expect(isValidTopicFilter('a/#/b')).toBe(false);
    expect(isValidTopicFilter('a/b+')).toBe(false);
    expect(isValidTopicFilter('')).toBe(false);
    expect(isValidTopicName('a/b')).toBe(true);
    expect(isValidTopicName('a/+')).toBe(false);
    expect(isValidTopicName('a/#')).toBe(false);
    expect(isValidTopicName('')).toBe(false);
  });
});
