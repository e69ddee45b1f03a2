import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where package.json is: one folder above this file's (from `src/` or `dist/`). The service runs as
 * CommonJS, where `__dirname` says so; the tests run the sources as ES modules under Jest, which has no
 * `__dirname`, from the project's folder.
 */
const projectFolder = typeof __dirname === 'string' ? join(__dirname, '..') : process.cwd();

/**
 * The service's version: package.json's `version`, the one place it is written (see CHANGELOG.md).
 * Read from the file at start rather than imported: Jest is retiring JSON imports without an import
 * attribute, which this CommonJS build cannot write.
 */
export const APP_VERSION: string = (
  JSON.parse(readFileSync(join(projectFolder, 'package.json'), 'utf8')) as { version: string }
).version;
