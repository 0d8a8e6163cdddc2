// What kind of device the browser runs on, from its User-Agent: enough to choose how an eID app is
// started (a phone needs the person's tap on a universal link; a computer can be sent to the
// app's own scheme at once). An unknown browser is treated as a computer, whose launch page still
// carries a link to press.

export type DevicePlatform = 'ios' | 'android' | 'desktop';

export function devicePlatform(userAgent: string): DevicePlatform {
  if (/\b(iPhone|iPad|iPod)\b/.test(userAgent)) return 'ios';
  if (/\bAndroid\b/.test(userAgent)) return 'android';
  return 'desktop';
}
