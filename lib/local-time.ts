/**
 * Times as the people reading them live them: in the configured offset
 * (QINGFENG_UTC_OFFSET), not as UTC ISO stamps. Machine output (JSON, CSV)
 * keeps ISO-8601.
 */
export function localDateTime(at: string | number | Date, offsetMinutes: number): string {
  const shifted = shift(at, offsetMinutes);
  return shifted === undefined ? String(at) : shifted.toISOString().slice(0, 16).replace("T", " ");
}

/** The local calendar day of a time (a due time of 2026-12-01T00:00+08:00 is 12-01, not 11-30). */
export function localDate(at: string | number | Date, offsetMinutes: number): string {
  const shifted = shift(at, offsetMinutes);
  return shifted === undefined ? String(at) : shifted.toISOString().slice(0, 10);
}

function shift(at: string | number | Date, offsetMinutes: number): Date | undefined {
  const ms = at instanceof Date ? at.getTime() : typeof at === "number" ? at : Date.parse(at);
  return Number.isNaN(ms) ? undefined : new Date(ms + offsetMinutes * 60_000);
}
