// Makes a fresh checkout runnable: npm packages from the lockfile, the Debian packages Vigil
// drives (Chromium, exiftool, ffmpeg, tesseract, poppler, qpdf, fonts), and the compiled CLI.
// Used by `npm start`, `npm test` and `npm run bench`; plain Node, no dependencies.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from './build.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Debian packages and the command that proves each is present. */
const DEBIAN = [
  ['chromium', 'chromium'],
  ['libimage-exiftool-perl', 'exiftool'],
  ['ffmpeg', 'ffmpeg'],
  ['tesseract-ocr', 'tesseract'],
  ['tesseract-ocr-ara', null],
  ['tesseract-ocr-urd', null],
  ['tesseract-ocr-ind', null],
  ['tesseract-ocr-msa', null],
  ['poppler-utils', 'pdftotext'],
  ['qpdf', 'qpdf'],
  ['fonts-noto-core', null],
  ['fonts-dejavu-core', null],
  ['openssl', 'openssl'],
];

const say = (line) => process.stderr.write(`[setup] ${line}\n`);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: ROOT, ...options });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed with exit code ${result.status ?? result.signal}`,
    );
  }
}

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function debianInstalled(pkg) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

function ensureNode() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 20)
    throw new Error(`Vigil needs Node 20 or later; this is Node ${process.versions.node}`);
}

function ensureNpmPackages() {
  const lock = path.join(ROOT, 'package-lock.json');
  const stamp = path.join(ROOT, 'node_modules', '.vigil-lock-sha256');
  const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
  const lockHash = createHash('sha256').update(fs.readFileSync(lock)).digest('hex');
  const built = fs.existsSync(
    path.join(ROOT, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'),
  );
  // Installed from this very lockfile (stamp), or installed after it last changed (npm's marker).
  const fresh =
    built &&
    ((fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === lockHash) ||
      (fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs));
  if (fresh) return;
  say('installing npm packages from package-lock.json (better-sqlite3 compiles; about a minute)…');
  run('npm', ['ci', '--no-audit', '--no-fund']);
  fs.writeFileSync(stamp, lockHash);
}

function ensureDebianPackages() {
  if (!hasCommand('dpkg-query')) {
    say(
      'not a Debian system: install Chromium, exiftool, ffmpeg, tesseract, poppler-utils and qpdf yourself',
    );
    return;
  }
  const missing = DEBIAN.filter(
    ([pkg, command]) => !(command ? hasCommand(command) : false) && !debianInstalled(pkg),
  ).map(([pkg]) => pkg);
  if (missing.length === 0) return;
  const root = process.getuid?.() === 0;
  const prefix = root ? [] : hasCommand('sudo') ? ['sudo', '-n'] : null;
  if (prefix === null) {
    say(
      `missing Debian packages: ${missing.join(' ')}; install them with: sudo apt-get install ${missing.join(' ')}`,
    );
    return;
  }
  say(`installing Debian packages: ${missing.join(' ')}…`);
  const apt = (args) => {
    const [command, ...rest] = [...prefix, 'apt-get', ...args];
    run(command, rest, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  };
  try {
    apt(['install', '-y', '-qq', '--no-install-recommends', ...missing]);
  } catch {
    apt(['update', '-qq']);
    apt(['install', '-y', '-qq', '--no-install-recommends', ...missing]);
  }
}

function compile(web) {
  say('building…');
  if (build() !== 0) say('the build reported type errors (see above); `npm run check` lists them');
  if (web) {
    say('building the web UI…');
    run(process.execPath, [
      path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'web/vite.config.ts',
      '--logLevel',
      'warn',
    ]);
  }
}

/**
 * Everything `npm start`, `npm test` and `npm run bench` need before they run. The web UI is
 * built for `npm start` only: its end-to-end tests build their own copy.
 */
export function ensure({ web = false } = {}) {
  ensureNode();
  ensureNpmPackages();
  ensureDebianPackages();
  compile(web);
}
