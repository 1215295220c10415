// Server-sent events, read by hand from a fetch stream (EventSource cannot send the token).

/** Splits complete `data:` events off the front of `buffer`; returns their payloads and what is left. */
export function takeSseEvents(buffer: string): { payloads: string[]; rest: string } {
  const payloads: string[] = [];
  const normalized = buffer.replace(/\r\n/g, '\n');
  let rest = normalized;
  let end: number;
  while ((end = rest.indexOf('\n\n')) >= 0) {
    const block = rest.slice(0, end);
    rest = rest.slice(end + 2);
    const data = block
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).replace(/^ /, ''));
    if (data.length) payloads.push(data.join('\n'));
  }
  return { payloads, rest };
}
