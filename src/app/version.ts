/** The tool's version: what `--version` prints, and what the model cache ties its entries to. */
export const VERSION = '0.1.0';
