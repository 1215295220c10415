// GET /api/progress: every job's ProgressEvent, as server-sent events, to each connected page.
import type { ServerResponse } from 'node:http';
import type { ProgressEvent } from '../../shared/channels';

export interface ProgressBroadcaster {
  attach(res: ServerResponse): void;
  publish(event: ProgressEvent): void;
  closeAll(): void;
}

export function createProgressBroadcaster(keepAliveMs = 15_000): ProgressBroadcaster {
  const clients = new Set<ServerResponse>();
  // A comment line now and then keeps idle proxies and the browser from dropping the stream.
  const timer = setInterval(() => clients.forEach((res) => res.write(': keep-alive\n\n')), keepAliveMs);
  timer.unref();
  return {
    attach(res) {
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      clients.add(res);
      res.on('close', () => clients.delete(res));
    },
    publish(event) {
      const frame = `event: progress\ndata: ${JSON.stringify(event)}\n\n`;
      clients.forEach((res) => res.write(frame));
    },
    closeAll() {
      clearInterval(timer);
      clients.forEach((res) => res.end());
      clients.clear();
    },
  };
}
