/**
 * @module Facts about the capturing machine for the provenance record (SWGDE 21-F-001 §7.5:
 * time zone, clock, access addresses; Berkeley ¶155(g): the collecting machine's IP).
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { hostname, networkInterfaces, platform } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClockSource } from './capture-types.js';

/**
 * Describes the system clock and, when systemd's `timedatectl` answers, whether NTP keeps it in
 * sync. Never guesses: without `timedatectl` the sync state is `unknown`.
 */
export function probeClockSource(): Promise<ClockSource> {
  return new Promise((resolve) => {
    execFile('timedatectl', ['show'], { timeout: 2000 }, (error, stdout) => {
      if (error) {
        resolve({
          source: 'system clock (Node.js Date, CLOCK_REALTIME)',
          ntpSynchronized: 'unknown',
          detail: `timedatectl unavailable (${error.message.split('\n')[0]}); NTP state not determined`,
        });
        return;
      }
      const props = Object.fromEntries(
        stdout
          .split('\n')
          .filter((l) => l.includes('='))
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
      const synced =
        props.NTPSynchronized === 'yes' ? true : props.NTPSynchronized === 'no' ? false : 'unknown';
      resolve({
        source: 'system clock (Node.js Date, CLOCK_REALTIME)',
        ntpSynchronized: synced,
        detail: `timedatectl: NTP=${props.NTP ?? '?'} NTPSynchronized=${props.NTPSynchronized ?? '?'} Timezone=${props.Timezone ?? '?'}`,
      });
    });
  });
}

/** The machine's IANA time zone and its UTC offset at `at` (east positive, in minutes). */
export function timeZoneInfo(at: Date): { timeZone: string; utcOffsetMinutes: number } {
  return {
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    utcOffsetMinutes: -at.getTimezoneOffset(),
  };
}

/** Host name, platform and the non-internal interface addresses of the collecting machine. */
export function hostInfo(): { hostname: string; platform: string; addresses: string[] } {
  const addresses = Object.values(networkInterfaces())
    .flat()
    .filter((i) => i !== undefined && !i.internal)
    .map((i) => i!.address);
  return { hostname: hostname(), platform: platform(), addresses };
}

/** Vigil's version from the package.json above this module. */
export async function readVigilVersion(): Promise<string> {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'vigil' && pkg.version) return pkg.version;
    } catch {
      // keep walking up
    }
    dir = path.dirname(dir);
  }
  return 'unknown';
}
