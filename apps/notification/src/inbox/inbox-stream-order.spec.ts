import { compareEntries, LoggedItem, StreamOrder } from './inbox-stream-order';

const logged = (entry: string): LoggedItem => ({ entry, itemId: `item-${entry}`, data: '{}' });

describe('StreamOrder', () => {
  it('orders entry ids by time, then by sequence as numbers', () => {
    expect(compareEntries('1700000000000-10', '1700000000000-9')).toBeGreaterThan(0);
    expect(compareEntries('1699999999999-5', '1700000000000-0')).toBeLessThan(0);
    expect(compareEntries('1700000000000-1', '1700000000000-1')).toBe(0);
  });

  it('holds live items until the replay is released, then sends each entry once, in log order', () => {
    const sent: string[] = [];
    const order = new StreamOrder((item) => sent.push(item.entry));
    order.live(logged('5-0'));
    order.live(logged('6-0'));
    expect(sent).toEqual([]);
    order.release([logged('4-0'), logged('5-0')]);
    order.live(logged('6-0'));
    order.live(logged('7-0'));
    expect(sent).toEqual(['4-0', '5-0', '6-0', '7-0']);
  });
});
