import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Where Debian, Ubuntu and Google install a Chromium the Swagger UI test can drive. */
const KNOWN_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];
export const CHROMIUM_INSTALL_COMMAND = 'apt-get install -y chromium';
/** Installing Chromium (a few hundred MB) takes minutes on a slow mirror. */
export const CHROMIUM_INSTALL_TIMEOUT_MS = 600_000;

const found = (): string | undefined => KNOWN_PATHS.find((path) => existsSync(path));

/**
 * The Chromium to drive: `CHROMIUM_PATH`, else one installed where the distributions put it. When there is
 * none and this runs as root on a machine with apt-get (as CI does), it installs Debian's package, as
 * `.ci/run` does; otherwise it fails at once with one line naming the command that provides it.
 */
export function chromiumExecutable(): string {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH names no file: ${configured}`);
    return configured;
  }
  const installed = found();
  if (installed) return installed;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'ignore', env });
    const now = found();
    if (now) return now;
  }
  throw new Error(
    `Chromium is missing (the Swagger UI test drives it): run \`sudo ${CHROMIUM_INSTALL_COMMAND}\` or set CHROMIUM_PATH`,
  );
}
