/** The process exit codes, documented in the README. */
export const EXIT = {
  /** Every call was read and inferred. */
  ok: 0,
  /** Some calls were inferred; others could not be read (each has a diagnostic). */
  partial: 1,
  /** Bad input (nothing usable: empty, binary, no AWS call, unreadable) or bad arguments. */
  badInput: 2,
  /** A bug in infer-mapping: please report it with the input. */
  internal: 70,
  /** Ctrl-C while a paste was read from the terminal (128 + SIGINT, as the shell reports a command SIGINT stopped). */
  interrupted: 130,
  /** The output could not be written: standard output or --out (a reader that went away, EPIPE, is no failure). */
  outputFailed: 74,
} as const;
