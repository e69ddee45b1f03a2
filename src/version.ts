import packageJson from '../package.json';

/** The service's version: package.json's `version`, the one place it is written (see CHANGELOG.md). */
export const APP_VERSION: string = packageJson.version;
