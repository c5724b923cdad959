/**
 * @module vPDQ-style video hashing: ffmpeg decodes the video and pipes sampled frames as raw RGB
 * on stdout; each frame gets a PDQ hash with its frame number, timestamp and quality.
 *
 * After ThreatExchange vPDQ ("convert it into a sequence of frame images at some interval, for
 * example 1 frame/second; use PDQ on each; annotate with frame number, quality, timestamp"):
 * like vPDQ we keep every K-th decoded frame, K = round(source fps ÷ wanted rate), so frame
 * numbers are positions in the source stream; timestamps come from the frame's own
 * presentation time (ffmpeg `showinfo`), so variable-frame-rate video is timed right too.
 * Frames are hashed at full resolution, as decoded; rotation metadata is ignored
 * (`-noautorotate`), as EXIF orientation is for images.
 */
import { spawn } from 'node:child_process';
import { invalidInput, unavailable } from '../../core/errors.js';
import { pdqFromPixels } from './pdq.js';
import type { PdqResult } from './pdq.js';

/** One hashed frame, as in vPDQ's `frame_number, hash, quality, timestamp`. */
export interface VideoFrameHash {
  /** Position of the frame in the decoded source stream, from 0. */
  frameNumber: number;
  /** Presentation time in seconds. */
  timestamp: number;
  /** PDQ hash, 64 hex digits. */
  pdq: string;
  /** PDQ quality 0–100; frames under 50 are kept but never matched. */
  quality: number;
}

/** A video's frame hashes and what they were sampled from. */
export interface VideoHash {
  width: number;
  height: number;
  /** Frame rate of the source stream (average), frames per second. */
  sourceFps: number;
  /** Every `frameStep`-th decoded frame was hashed. */
  frameStep: number;
  frames: VideoFrameHash[];
}

export interface VideoHashOptions {
  /** Frames hashed per second of video (vPDQ's default interval is one second). Default 1. */
  framesPerSecond?: number;
  /** ffmpeg and ffprobe executables; default from PATH (Debian package `ffmpeg`). */
  ffmpegPath?: string;
  ffprobePath?: string;
  /** Give up on a video after this long, in ms. Default 10 minutes. */
  timeoutMs?: number;
}

interface ProbeResult {
  width: number;
  height: number;
  fps: number;
}

/** Run a command to completion, collecting stdout; reject with its stderr tail on failure. */
function run(command: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr
      .setEncoding('utf8')
      .on('data', (chunk: string) => (err = (err + chunk).slice(-4000)));
    child.on('error', (cause) => {
      clearTimeout(timer);
      reject(
        unavailable(`cannot run ${command}: ${cause.message}`, {
          hint: 'install the Debian package ffmpeg (it provides ffmpeg and ffprobe)',
          cause,
        }),
      );
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(invalidInput(`${command} failed (${signal ?? `exit ${code}`}): ${err.trim()}`));
    });
  });
}

const parseRate = (rate: string | undefined): number => {
  const [num, den] = (rate ?? '').split('/').map(Number);
  return num !== undefined && den !== undefined && num > 0 && den > 0 ? num / den : 0;
};

async function probe(file: string, ffprobe: string, timeoutMs: number): Promise<ProbeResult> {
  const json = await run(
    ffprobe,
    [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=width,height,avg_frame_rate,r_frame_rate',
      '-of',
      'json',
      file,
    ],
    timeoutMs,
  ).catch((cause: unknown) => {
    if (cause instanceof Error && 'code' in cause && cause.code === 'unavailable') throw cause;
    throw invalidInput(`not a video ffprobe can read: ${file}`, {
      hint: 'check the file is a complete video (mp4, webm, mkv, mov, …)',
      cause,
    });
  });
  const parsed = JSON.parse(json) as {
    streams?: { width?: number; height?: number; avg_frame_rate?: string; r_frame_rate?: string }[];
  };
  const stream = parsed.streams?.[0];
  if (!stream?.width || !stream.height) {
    throw invalidInput(`no video stream in ${file}`, {
      hint: 'hash audio-only files by SHA-256/MD5 only',
    });
  }
  const fps = parseRate(stream.avg_frame_rate) || parseRate(stream.r_frame_rate);
  return { width: stream.width, height: stream.height, fps };
}

/**
 * Hash a video file vPDQ-style: sample frames with ffmpeg, PDQ each one.
 *
 * @example
 * const { frames } = await hashVideo('clip.mp4', { framesPerSecond: 1 });
 * // frames[0] = { frameNumber: 0, timestamp: 0, pdq: 'e271…', quality: 100 }
 * @throws VigilError `unavailable` without ffmpeg; `invalid_input` for a file it cannot decode.
 */
export async function hashVideo(file: string, options: VideoHashOptions = {}): Promise<VideoHash> {
  const rate = options.framesPerSecond ?? 1;
  if (!(rate > 0)) throw invalidInput(`frames per second must be > 0, got ${rate}`);
  const ffmpeg = options.ffmpegPath ?? 'ffmpeg';
  const timeoutMs = options.timeoutMs ?? 600_000;
  const { width, height, fps } = await probe(file, options.ffprobePath ?? 'ffprobe', timeoutMs);
  // vPDQ: hash every K-th frame; with an unknown source rate, every frame.
  const frameStep = fps > 0 ? Math.max(1, Math.round(fps / rate)) : 1;
  const frameBytes = width * height * 3;

  const hashes: PdqResult[] = [];
  const times: number[] = [];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      ffmpeg,
      [
        '-hide_banner',
        '-nostdin',
        '-loglevel',
        'info',
        '-noautorotate',
        '-i',
        file,
        '-map',
        '0:v:0',
        '-vf',
        `select='not(mod(n\\,${frameStep}))',showinfo`,
        '-fps_mode',
        'passthrough',
        '-f',
        'rawvideo',
        '-pix_fmt',
        'rgb24',
        'pipe:1',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    let failure: Error | undefined;
    const frame = new Uint8Array(frameBytes);
    let filled = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      let offset = 0;
      while (offset < chunk.length) {
        const take = Math.min(frameBytes - filled, chunk.length - offset);
        frame.set(chunk.subarray(offset, offset + take), filled);
        filled += take;
        offset += take;
        if (filled === frameBytes) {
          hashes.push(pdqFromPixels({ data: frame, width, height, channels: 3 }));
          filled = 0;
        }
      }
    });
    let pending = '';
    let tail = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const m = /\] n:\s*(\d+)\s+pts:\s*-?\d+\s+pts_time:(-?[\d.]+(?:e[-+]?\d+)?)/.exec(line);
        if (m) times[Number(m[1])] = Number(m[2]);
        else if (!line.includes('Parsed_showinfo')) tail = (tail + line + '\n').slice(-4000);
      }
    });
    child.on('error', (cause) => {
      failure = unavailable(`cannot run ${ffmpeg}: ${cause.message}`, {
        hint: 'install the Debian package ffmpeg',
        cause,
      });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (failure) reject(failure);
      else if (code !== 0) {
        reject(
          invalidInput(
            `ffmpeg could not decode ${file} (${signal ?? `exit ${code}`}): ${tail.trim()}`,
          ),
        );
      } else if (filled !== 0) {
        reject(
          invalidInput(
            `ffmpeg returned a partial frame for ${file} (${filled} of ${frameBytes} bytes)`,
          ),
        );
      } else resolve();
    });
  });

  const frames = hashes.map((h, k) => {
    const frameNumber = k * frameStep;
    const timestamp = times[k] ?? (fps > 0 ? frameNumber / fps : k / rate);
    return { frameNumber, timestamp, pdq: h.hash, quality: h.quality };
  });
  return { width, height, sourceFps: fps, frameStep, frames };
}
