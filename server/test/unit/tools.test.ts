import { describe, expect, test } from 'vitest';

import { drawBadge } from '../../src/tools/media';
import { summarize } from '../../src/tools/math';

describe('tools', () => {
  test('summarize', () => {
    expect(summarize([3, 1, 2])).toEqual({ count: 3, sum: 6, mean: 2, median: 2, min: 1, max: 3, stddev: Math.sqrt(2 / 3) });
    expect(summarize([4, 1, 3, 2]).median).toBe(2.5);
  });

  test('drawBadge makes a PNG whose pixel data inflates to the right size', async () => {
    const png = await drawBadge('green', 16);
    expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    const view = new DataView(png.buffer, png.byteOffset);
    expect(view.getUint32(16)).toBe(16);
    expect(view.getUint32(20)).toBe(16);
    const idatLength = view.getUint32(33);
    const idat = png.subarray(41, 41 + idatLength);
    const raw = new Uint8Array(await new Response(new Blob([idat]).stream().pipeThrough(new DecompressionStream('deflate'))).arrayBuffer());
    expect(raw.length).toBe(16 * (1 + 16 * 3));
  });
});
