import { describe, expect, it } from 'vitest';
import { takeSseEvents } from '../../renderer/src/api/sse';

describe('progress stream parsing', () => {
  it('each blank-line-terminated block yields its data payload', () => {
    const { payloads, rest } = takeSseEvents('data: {"a":1}\n\ndata: {"b":2}\n\n');
    expect(payloads).toEqual(['{"a":1}', '{"b":2}']);
    expect(rest).toBe('');
  });

  it('an event cut in the middle waits for the next chunk', () => {
    const first = takeSseEvents('data: {"jobId":"x","do');
    expect(first.payloads).toEqual([]);
    const second = takeSseEvents(first.rest + 'ne":3}\n\n');
    expect(second.payloads).toEqual(['{"jobId":"x","done":3}']);
  });

  it('comments and keep-alives carry no payload', () => {
    expect(takeSseEvents(': keep-alive\n\nevent: ping\n\n').payloads).toEqual([]);
  });

  it('CRLF line ends and multi-line data are joined as the spec says', () => {
    expect(takeSseEvents('data: line1\r\ndata: line2\r\n\r\n').payloads).toEqual(['line1\nline2']);
  });
});
