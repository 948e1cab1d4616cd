/** A user input (event log, state export) that cannot be read: the message names the file and the problem. */
export class InputError extends Error {}
