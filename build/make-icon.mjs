#!/usr/bin/env node
// Draws build/icon.png (512x512 RGBA) with node:zlib alone: a rounded blue tile with a trail of
// three linked blocks, a hash chain, ending in a check. build/icon.svg is the same picture.
// Run: node build/make-icon.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const SIZE = 512;
const here = path.dirname(fileURLToPath(import.meta.url));

// Signed distance helpers (negative inside), in pixels.
const roundedBox = (x, y, cx, cy, hw, hh, r) => {
  const qx = Math.abs(x - cx) - hw + r;
  const qy = Math.abs(y - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};
const segment = (x, y, ax, ay, bx, by) => {
  const px = x - ax,
    py = y - ay,
    dx = bx - ax,
    dy = by - ay;
  const t = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - t * dx, py - t * dy);
};
const coverage = (d) => Math.max(0, Math.min(1, 0.5 - d));

function pixel(x, y) {
  const tile = coverage(roundedBox(x, y, 256, 256, 240, 240, 96));
  if (tile === 0) return [0, 0, 0, 0];
  // Vertical gradient from #1e63d6 to #0b2f73.
  const t = y / SIZE;
  let rgb = [30 + (11 - 30) * t, 99 + (47 - 99) * t, 214 + (115 - 214) * t];
  const blocks = [130, 256, 382].map((cy, i) => ({ cx: 150 + i * 106, cy }));
  let ink = 0;
  for (const { cx, cy } of blocks) ink = Math.max(ink, coverage(Math.abs(roundedBox(x, y, cx, cy, 46, 46, 14)) - 9));
  ink = Math.max(ink, coverage(segment(x, y, 196, 176, 210, 210) - 9), coverage(segment(x, y, 302, 302, 316, 336) - 9));
  // The check inside the last block: the chain verified.
  const check = Math.min(segment(x, y, 362, 384, 377, 399), segment(x, y, 377, 399, 404, 366)) - 7;
  ink = Math.max(ink, coverage(check));
  rgb = rgb.map((c) => c + (255 - c) * ink);
  return [...rgb.map(Math.round), Math.round(255 * tile)];
}

function crc32(buf) {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) {
    // Sample at the pixel centre.
    Buffer.from(pixel(x + 0.5, y + 0.5)).copy(raw, y * (SIZE * 4 + 1) + 1 + x * 4);
  }
}
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
fs.writeFileSync(path.join(here, 'icon.png'), png);
console.log(`build/icon.png: ${SIZE}x${SIZE}, ${png.length} bytes`);
