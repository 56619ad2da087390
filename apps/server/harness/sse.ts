/**
 * A plain server-sent-events reader for tests and the bench: GET events.subscribe with a
 * bearer (or cookie) and Last-Event-ID, parse frames, wait for the ones wanted. Plain
 * fetch, so a test sees exactly what any SSE client would.
 */
export interface SseFrame {
  event: string;
  data: string;
  id: string | null;
}

export interface SseStream {
  status: number;
  contentType: string;
  frames: SseFrame[];
  /** The data frames (tracked events), parsed. */
  events(): { id: string | null; data: Record<string, unknown> }[];
  /** Resolves with the first frame at index >= `from` that matches, or rejects after `ms`. */
  waitFor(match: (f: SseFrame) => boolean, ms?: number, from?: number): Promise<SseFrame>;
  /** Resolves when the server ends the response. */
  ended: Promise<void>;
  close(): void;
}

export async function openEvents(
  base: string,
  opts: { token?: string; cookie?: string; lastEventId?: string; input?: unknown } = {},
): Promise<SseStream> {
  const abort = new AbortController();
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.lastEventId) headers['last-event-id'] = opts.lastEventId;
  const input = encodeURIComponent(JSON.stringify(opts.input ?? {}));
  const res = await fetch(`${base}/trpc/events.subscribe?input=${input}`, {
    headers,
    signal: abort.signal,
  });
  const frames: SseFrame[] = [];
  const waiters = new Set<() => void>();
  const ended = (async () => {
    const reader = res.body?.getReader();
    if (!reader) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let cut = buffer.indexOf('\n\n');
        while (cut >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          if (block.trim() !== '') frames.push(parse(block));
          cut = buffer.indexOf('\n\n');
        }
        for (const w of waiters) w();
      }
    } catch {
      // aborted by close()
    }
    for (const w of waiters) w();
  })();
  let closed = false;
  void ended.then(() => {
    closed = true;
  });
  return {
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    frames,
    events: () =>
      frames
        .filter((f) => f.event === 'message')
        .map((f) => ({ id: f.id, data: JSON.parse(f.data) as Record<string, unknown> })),
    waitFor(match, ms = 10_000, from = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = frames.slice(from).find(match);
          if (found) {
            done();
            resolve(found);
          } else if (closed) {
            done();
            reject(new Error(`stream ended without the frame: ${JSON.stringify(frames)}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no matching frame in ${ms} ms: ${JSON.stringify(frames)}`));
        }, ms);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    ended,
    close: () => abort.abort(),
  };
}

function parse(block: string): SseFrame {
  const frame: SseFrame = { event: 'message', data: '', id: null };
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':') || line === '') continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') frame.event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id') frame.id = value;
  }
  frame.data = data.join('\n');
  return frame;
}

/** A data frame whose event has this type (and, optionally, more). */
export const isEvent =
  (type: string, more: (d: Record<string, unknown>) => boolean = () => true) =>
  (f: SseFrame): boolean => {
    if (f.event !== 'message') return false;
    const d = JSON.parse(f.data) as Record<string, unknown>;
    return d.type === type && more(d);
  };
