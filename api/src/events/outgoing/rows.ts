// Raw query results read the same on PGlite ({ rows }) and node-postgres (an array-like result).
export type Row = Record<string, unknown>;

export const rowsOf = (result: unknown): Row[] =>
  ((result as { rows?: Row[] }).rows ?? (result as Row[])) as Row[];

export const isoOf = (value: unknown): string | null =>
  value === null || value === undefined ? null : new Date(value as string | Date).toISOString();
