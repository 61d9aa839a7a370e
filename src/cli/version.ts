/** The version `--version` prints; kept apart so printing it loads nothing else. */
export const VERSION = '0.1.0';
