// QR codes as inline SVG, drawn on the server: the eID screens' animated code and the
// authenticator app's key. No script and no image request are needed to show one.
import QRCode from 'qrcode';
import { SafeHtml } from './html.ts';

export async function qrSvg(content: string): Promise<SafeHtml> {
  // The SVG comes from the QR library, built from our own data; it holds no person's input.
  return new SafeHtml(
    await QRCode.toString(content, { type: 'svg', errorCorrectionLevel: 'L', margin: 2, width: 240 }),
  );
}
