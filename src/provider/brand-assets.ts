// The files a brand adds to the screens: a stylesheet with its colours, and its logo when the
// configuration names a file. Read and checked once at start, so a missing or oversized logo stops
// the start with a clear message instead of a broken image on every screen.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Context, Next } from 'koa';
import { PortvaktError } from '../../kernel/errors.ts';
import type { Config } from '../config/schema.ts';
import { brandLogoPath, brandStylesheetPath } from './brands.ts';

const MAX_LOGO_BYTES = 100_000;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface Asset {
  type: string;
  body: string | Buffer;
}

export async function brandAssets(
  config: Pick<Config, 'brands'>,
): Promise<(ctx: Context, next: Next) => Promise<void>> {
  const assets = new Map<string, Asset>();
  for (const [key, brand] of Object.entries(config.brands)) {
    if (brand.colours)
      assets.set(brandStylesheetPath(key), {
        type: 'text/css',
        body: `:root {\n  --accent: ${brand.colours.accent};\n  --accent-ink: ${brand.colours.accentInk};\n}\n`,
      });
    if (brand.logo && 'file' in brand.logo) assets.set(brandLogoPath(key), await readLogo(key, brand.logo.file));
  }
  return async function serveBrandAssets(ctx: Context, next: Next): Promise<void> {
    const asset = ctx.method === 'GET' ? assets.get(ctx.path) : undefined;
    if (!asset) return next();
    ctx.type = asset.type;
    ctx.set('Cache-Control', 'public, max-age=3600');
    // An SVG opened on its own is a document: it may draw, never run or load anything.
    if (asset.type === 'image/svg+xml')
      ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    ctx.body = asset.body;
  };
}

/** Relative paths are taken from the directory Portvakt starts in. */
async function readLogo(key: string, file: string): Promise<Asset> {
  const where = `brands.${key}.logo.file`;
  let body: Buffer;
  try {
    body = await readFile(resolve(file));
  } catch (cause) {
    throw new PortvaktError(
      'config_invalid',
      `${where}: cannot read ${file} (${(cause as NodeJS.ErrnoException).code})`,
    );
  }
  if (body.length > MAX_LOGO_BYTES)
    throw new PortvaktError('config_invalid', `${where}: ${file} is ${body.length} bytes; at most ${MAX_LOGO_BYTES}`);
  if (/\.png$/i.test(file)) {
    if (!body.subarray(0, 8).equals(PNG_SIGNATURE))
      throw new PortvaktError('config_invalid', `${where}: ${file} is not a PNG image`);
    return { type: 'image/png', body };
  }
  if (!/<svg[\s>]/.test(body.toString('utf8')))
    throw new PortvaktError('config_invalid', `${where}: ${file} is not an SVG image`);
  return { type: 'image/svg+xml', body };
}
