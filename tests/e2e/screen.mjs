// What is on the headless display, read from Xvfb's memory-mapped framebuffer (session.sh starts Xvfb with -fbdir
// and names the file in GATEHOUSE_E2E_FRAMEBUFFER): the screenshots the specs keep, and the first paint the
// benchmarks time, are what reached the screen, not what the app or WebDriver say about it.
import { closeSync, openSync, readSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { crc32, deflateSync } from 'node:zlib';

const framebuffer = process.env.GATEHOUSE_E2E_FRAMEBUFFER ?? '';

/** Whether the screen can be read (inside tests/e2e/run.sh's session). */
export const canSeeScreen = () => framebuffer !== '';

/** The framebuffer's layout, from its XWD header (25 big-endian 32-bit fields, then the colour map). */
function layout(fd) {
  const header = Buffer.alloc(100);
  readSync(fd, header, 0, 100, 0);
  const field = (i) => header.readUInt32BE(i * 4);
  return {
    pixels: field(0) + field(19) * 12,
    width: field(4),
    height: field(5),
    bytesPerPixel: field(11) / 8,
    bytesPerLine: field(12),
    masks: [field(14), field(15), field(16)],
  };
}

/** Opens the framebuffer for `use(fd, layout)` (synchronous) and closes it after. */
function withScreen(use) {
  const fd = openSync(framebuffer, 'r');
  try {
    return use(fd, layout(fd));
  } finally {
    closeSync(fd);
  }
}

/**
 * How many different colours a grid sampled below the top `skipTop` pixels holds (a menu bar would be there). An
 * empty display, or a window that has not painted its page, shows one; the app's first screen shows its sidebar,
 * its page and text.
 */
function colours(fd, { pixels, width, height, bytesPerPixel, bytesPerLine }, skipTop = 60) {
  const row = Buffer.alloc(bytesPerLine);
  const seen = new Set();
  for (let y = skipTop; y < height; y += 24) {
    readSync(fd, row, 0, bytesPerLine, pixels + y * bytesPerLine);
    for (let x = 4; x < width; x += 16) seen.add(row.readUInt32LE(x * bytesPerPixel) & 0xffffff);
  }
  return seen.size;
}

/** The number of colours on the screen now (a benchmark checks the display is blank before it starts the app). */
export const coloursNow = () => withScreen(colours);

/**
 * Resolves with `performance.now()` at the first poll (every 2 ms) that finds at least `minColours` colours on the
 * screen: 2 once a window shows, 3 once a page is painted in it. Rejects after `timeoutMs`.
 */
export async function firstPainted({ minColours = 3, timeoutMs = 30_000 } = {}) {
  const fd = openSync(framebuffer, 'r');
  try {
    const screen = layout(fd);
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      if (colours(fd, screen) >= minColours) return performance.now();
      await sleep(2);
    }
    throw new Error(`the screen showed no painted page within ${timeoutMs / 1000} s`);
  } finally {
    closeSync(fd);
  }
}

function pngChunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Saves the whole screen as a PNG (8-bit RGB). */
export function saveScreen(path) {
  const png = withScreen((fd, { pixels, width, height, bytesPerPixel, bytesPerLine, masks }) => {
    const shifts = masks.map((mask) => Math.log2(mask & -mask));
    const source = Buffer.alloc(bytesPerLine * height);
    readSync(fd, source, 0, source.length, pixels);
    const raw = Buffer.alloc((width * 3 + 1) * height);
    for (let y = 0; y < height; y += 1) {
      const out = y * (width * 3 + 1); // each row starts with its filter type, 0: none
      for (let x = 0; x < width; x += 1) {
        const pixel = source.readUInt32LE(y * bytesPerLine + x * bytesPerPixel);
        for (let c = 0; c < 3; c += 1) raw[out + 1 + x * 3 + c] = (pixel & masks[c]) >>> shifts[c];
      }
    }
    const header = Buffer.alloc(13);
    header.writeUInt32BE(width, 0);
    header.writeUInt32BE(height, 4);
    header.set([8, 2, 0, 0, 0], 8); // 8 bits per channel, RGB, deflate, no filter set, no interlace
    return Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      pngChunk('IHDR', header),
      pngChunk('IDAT', deflateSync(raw, { level: 1 })),
      pngChunk('IEND', Buffer.alloc(0)),
    ]);
  });
  writeFileSync(path, png);
}
