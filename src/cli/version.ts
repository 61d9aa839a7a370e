/** The version `--version` prints; kept apart so printing it loads nothing else. */
export { VERSION } from '../app/version.js';
