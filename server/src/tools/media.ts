// badge: returns an image content block, a PNG drawn here (no external service).
import { z } from 'zod';

import type { ToolContext } from './context';

const COLORS = { red: [220, 38, 38], green: [22, 163, 74], blue: [37, 99, 235], amber: [217, 119, 6], slate: [71, 85, 105] } as const;
type ColorName = keyof typeof COLORS;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

async function deflate(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** An RGB PNG: a filled square with a darker border and a diagonal stripe. */
export async function drawBadge(color: ColorName, size: number): Promise<Uint8Array> {
  const [r, g, b] = COLORS[color];
  const row = 1 + size * 3;
  const raw = new Uint8Array(row * size);
  for (let y = 0; y < size; y += 1) {
    raw[y * row] = 0; // filter: none
    for (let x = 0; x < size; x += 1) {
      const edge = x < 2 || y < 2 || x >= size - 2 || y >= size - 2;
      const stripe = Math.abs(x - y) < Math.max(1, size / 16);
      const shade = edge ? 0.6 : stripe ? 1.25 : 1;
      const i = y * row + 1 + x * 3;
      raw[i] = Math.min(255, Math.round(r * shade));
      raw[i + 1] = Math.min(255, Math.round(g * shade));
      raw[i + 2] = Math.min(255, Math.round(b * shade));
    }
  }
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, size);
  view.setUint32(4, size);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour, deflate, no filter, no interlace
  const parts = [
    new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', await deflate(raw)),
    chunk('IEND', new Uint8Array()),
  ];
  const png = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    png.set(p, offset);
    offset += p.length;
  }
  return png;
}

function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function registerMediaTools({ server }: ToolContext): void {
  server.registerTool(
    'badge',
    {
      title: 'Draw a badge',
      description: 'Returns a square PNG badge in the chosen colour.',
      inputSchema: {
        color: z
          .enum(Object.keys(COLORS) as [ColorName, ...ColorName[]])
          .default('blue')
          .describe('Badge colour'),
        size: z.number().int().min(8).max(256).default(64).describe('Width and height in pixels'),
      },
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    async ({ color, size }) => ({
      content: [
        { type: 'image', data: base64(await drawBadge(color, size)), mimeType: 'image/png' },
        { type: 'text', text: `A ${size}×${size} ${color} badge.` },
      ],
    }),
  );
}
