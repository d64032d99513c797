/** A longer "line" (or CSV field, or JSON value) is not a log line; dropping it keeps memory bounded. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;
