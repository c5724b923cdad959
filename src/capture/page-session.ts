/**
 * @module The capture's hands inside the page, through CDP: scripts in one isolated world per
 * frame (made once, reused), the frame tree, the bounded lazy-loading auto-scroll, the per-frame
 * reads of title, text and media, and the screenshots. Everything here runs while the recorder
 * is listening.
 */
import type { CDPSession } from 'playwright-core';
import type { CaptureLimits, MediaKind, ScrollStop } from './capture-types.js';
import { GEOMETRY_SCRIPT, READ_FRAME_SCRIPT, scrollRoundScript } from './page-scripts.js';

interface FrameNode {
  frame: { id: string; url: string };
  childFrames?: FrameNode[];
}

export interface FrameRef {
  id: string;
  url: string;
}

interface Geometry {
  scrollY: number;
  innerHeight: number;
  scrollHeight: number;
}

const flattenFrames = (node: FrameNode): FrameRef[] => [
  { id: node.frame.id, url: node.frame.url },
  ...(node.childFrames ?? []).flatMap(flattenFrames),
];

/**
 * Runs scripts in an isolated world (CDP Page.createIsolatedWorld) so the page's own JavaScript
 * cannot redefine what they call. One world per frame is created on first use and reused: a new
 * world per call would cost a round trip each time and pile up contexts in the renderer.
 */
export class IsolatedWorlds {
  readonly #session: CDPSession;
  readonly #contexts = new Map<string, number>();

  constructor(session: CDPSession) {
    this.#session = session;
  }

  /** Evaluates `expression` in `frameId`'s isolated world and returns its JSON value. */
  async evaluate<T>(frameId: string, expression: string): Promise<T> {
    try {
      return await this.#evaluateIn(await this.#context(frameId), expression);
    } catch (error) {
      // The frame navigated since the world was made, which destroys it: make a new one, once.
      if (!/context/i.test(String(error))) throw error;
      this.#contexts.delete(frameId);
      return this.#evaluateIn(await this.#context(frameId), expression);
    }
  }

  /** Every frame of the page, main frame first. */
  async frames(): Promise<FrameRef[]> {
    const { frameTree } = (await this.#session.send('Page.getFrameTree')) as unknown as {
      frameTree: FrameNode;
    };
    return flattenFrames(frameTree);
  }

  async #context(frameId: string): Promise<number> {
    const known = this.#contexts.get(frameId);
    if (known !== undefined) return known;
    const { executionContextId } = await this.#session.send('Page.createIsolatedWorld', {
      frameId,
      worldName: 'vigil-capture',
    });
    this.#contexts.set(frameId, executionContextId);
    return executionContextId;
  }

  async #evaluateIn<T>(contextId: number, expression: string): Promise<T> {
    const r = await this.#session.send('Runtime.evaluate', {
      expression,
      contextId,
      returnByValue: true,
      awaitPromise: true,
    });
    if (r.exceptionDetails) {
      throw new Error(
        `in-page script failed: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`,
      );
    }
    return r.result.value as T;
  }
}

/** What the auto-scroll needs from the recorder. */
export interface ScrollNetwork {
  readonly bytes: number;
  waitForIdle(quietMs: number, maxMs: number, from?: number): Promise<boolean>;
}

export interface ScrollOptions {
  limits: Pick<CaptureLimits, 'scrollTimeMs' | 'scrollMaxHeight'>;
  scrollMaxBytes: number;
  /** Network quiet window that counts as "the requests a round triggered have finished". */
  quietMs: number;
  /** Milliseconds left of the whole capture's time budget. */
  remaining: () => number;
  /** True once the whole capture's time limit fired. */
  timedOut: () => boolean;
}

export interface ScrollOutcome {
  stoppedBy: ScrollStop;
  steps: number;
  height: number;
  ms: number;
}

/** Viewports scrolled per round before the budgets (bytes above all) are looked at again. */
export const STEPS_PER_ROUND = 8;
/** Hard cap on steps, whatever the other budgets say. */
const MAX_STEPS = 1000;

/** How a scroll round ended (see `scrollRoundScript`). */
type RoundEnd = 'bottom' | 'height' | 'steps' | 'time' | 'stuck';

/**
 * Lazy loading: scrolls the main frame down a viewport at a time, in rounds run inside the page
 * (one round trip per round, not per step), and after each round lets the requests it triggered
 * finish (network idle with a short quiet window). At the bottom it looks again once the network
 * is quiet, so content appended by an infinite feed is scrolled too. Stops at the bottom or at a
 * budget (time, height, bytes, steps) and says which.
 */
export async function autoScroll(
  worlds: IsolatedWorlds,
  mainFrameId: string,
  network: ScrollNetwork,
  options: ScrollOptions,
): Promise<ScrollOutcome> {
  const started = Date.now();
  const timeLeft = () =>
    Math.min(options.limits.scrollTimeMs - (Date.now() - started), options.remaining());
  let steps = 0;
  let height = 0;
  for (;;) {
    let stop: ScrollStop | null = null;
    if (options.timedOut() || timeLeft() <= 0) stop = 'time';
    else if (network.bytes >= options.scrollMaxBytes) stop = 'bytes';
    else if (steps >= MAX_STEPS) stop = 'steps';
    if (stop) return { stoppedBy: stop, steps, height, ms: Date.now() - started };

    const round = await worlds
      .evaluate<Geometry & { steps: number; ended: RoundEnd }>(
        mainFrameId,
        scrollRoundScript(
          Math.min(STEPS_PER_ROUND, MAX_STEPS - steps),
          options.limits.scrollMaxHeight,
          timeLeft(),
        ),
      )
      .catch(() => null);
    // Let the loads this round triggered finish, whatever comes next. The quiet window counts
    // from the end of the round: requests its last frame started may still be on their way to us.
    await network.waitForIdle(options.quietMs, Math.min(2000, options.remaining()), Date.now());
    if (!round)
      stop = 'unscrollable'; // the page went away under us (navigation, crash)
    else {
      steps += round.steps;
      height = round.scrollHeight;
      if (round.ended === 'stuck') stop = 'unscrollable';
      else if (round.ended === 'height') stop = 'height';
      else if (round.ended === 'time') stop = 'time';
      else if (round.ended === 'bottom') {
        // Quiet at the bottom: did what the page loaded make it longer?
        const again = await worlds
          .evaluate<Geometry>(mainFrameId, GEOMETRY_SCRIPT)
          .catch(() => round);
        height = again.scrollHeight;
        if (again.scrollY + again.innerHeight >= again.scrollHeight - 2) stop = 'bottom';
      }
    }
    if (stop) return { stoppedBy: stop, steps, height, ms: Date.now() - started };
  }
}

/** Title (of the main frame), visible text (frames appended) and media of every frame. */
export async function readFrames(
  worlds: IsolatedWorlds,
  frames: readonly FrameRef[],
  mainFrameId: string,
): Promise<{
  title: string;
  text: string;
  media: { kind: MediaKind; url: string; frameUrl: string }[];
}> {
  const reads = await Promise.all(
    frames.map((frame) =>
      worlds
        .evaluate<{
          page: { title: string; text: string };
          media: { kind: MediaKind; url: string }[];
        }>(frame.id, READ_FRAME_SCRIPT)
        .catch(() => null),
    ),
  );
  let title = '';
  const texts: string[] = [];
  const media: { kind: MediaKind; url: string; frameUrl: string }[] = [];
  frames.forEach((frame, i) => {
    const read = reads[i];
    media.push(...(read?.media ?? []).map((m) => ({ ...m, frameUrl: frame.url })));
    if (frame.id === mainFrameId) {
      title = read?.page.title ?? '';
      texts.unshift(read?.page.text ?? '');
    } else if (read?.page.text) {
      texts.push(`\n--- frame ${frame.url} ---\n${read.page.text}`);
    }
  });
  return { title, text: texts.join('\n'), media };
}

/** The viewport as it is now (CDP Page.captureScreenshot without a clip). */
export const viewportScreenshot = async (session: CDPSession): Promise<Buffer> =>
  Buffer.from((await session.send('Page.captureScreenshot', { format: 'png' })).data, 'base64');

/**
 * The whole document at scale 1: clip to the CSS content size and let Chromium render beyond the
 * viewport (what Playwright's `fullPage` does, without its caret/animation bookkeeping, which
 * costs a round trip per frame).
 */
export async function fullPageScreenshot(session: CDPSession): Promise<Buffer> {
  const { cssContentSize } = await session.send('Page.getLayoutMetrics');
  const clip = {
    x: 0,
    y: 0,
    width: Math.ceil(cssContentSize.width),
    height: Math.ceil(cssContentSize.height),
    scale: 1,
  };
  const { data } = await session.send('Page.captureScreenshot', {
    format: 'png',
    clip,
    captureBeyondViewport: true,
  });
  return Buffer.from(data, 'base64');
}
