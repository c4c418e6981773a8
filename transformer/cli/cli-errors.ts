// The two ways a CLI run can fail before there is anything to report; both exit with code 2.

/** The arguments are wrong: the message is followed by the usage text. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** What the arguments point at is wrong (a missing file, an unknown class): just the message. */
export class InputError extends Error {
  override name = "InputError";
}
