import Bowser from 'bowser';

/** A session's device in words, from its User-Agent (parsed by bowser, not by hand). */
export interface DeviceView {
  /** e.g. 'Chrome 131 on Android phone', 'Safari 17.5 on iPhone', 'Unknown device'. */
  label: string;
  browser: string;
  os: string;
  type: 'desktop' | 'mobile' | 'tablet' | 'tv' | 'bot' | 'unknown';
}

const TYPES = new Set(['desktop', 'mobile', 'tablet', 'tv', 'bot']);
const major = (v: string | undefined): string => v?.split('.')[0] ?? '';
const KIND: Partial<Record<string, string>> = { mobile: ' phone', tablet: ' tablet' };

export function describeDevice(userAgent: string): DeviceView {
  if (!userAgent.trim()) return { label: 'Unknown device', browser: '', os: '', type: 'unknown' };
  const r = Bowser.parse(userAgent);
  const browser = [r.browser.name, major(r.browser.version)].filter(Boolean).join(' ');
  const type = TYPES.has(r.platform.type ?? '')
    ? (r.platform.type as DeviceView['type'])
    : 'unknown';
  const model = r.platform.model; // 'iPhone', 'iPad'
  const os = model ?? (r.os.name ? `${r.os.name}${KIND[type] ?? ''}` : '');
  const label = browser && os ? `${browser} on ${os}` : browser || os || 'Unknown device';
  return { label, browser, os, type };
}
