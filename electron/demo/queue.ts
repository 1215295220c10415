// A binary min-heap of pending events by time, then by creation order, so the demo
// yields in timestamp order while trails interleave.
import type { Pending } from './world';

export class EventQueue {
  private items: Pending[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): Pending | undefined {
    return this.items[0];
  }

  push(item: Pending): void {
    const a = this.items;
    let i = a.push(item) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(item, a[parent])) break;
      a[i] = a[parent];
      i = parent;
    }
    a[i] = item;
  }

  pop(): Pending | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || !last) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= a.length) break;
      const right = left + 1;
      const child = right < a.length && before(a[right], a[left]) ? right : left;
      if (!before(a[child], last)) break;
      a[i] = a[child];
      i = child;
    }
    a[i] = last;
    return top;
  }
}

function before(x: Pending, y: Pending): boolean {
  return x.t < y.t || (x.t === y.t && x.n < y.n);
}
