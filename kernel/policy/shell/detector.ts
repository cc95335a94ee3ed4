import type { ArgValue } from "./words";

/** Looks at one program's arguments; returns what it found (an escape), or undefined. */
export type Detector = (args: readonly ArgValue[]) => string | undefined;
