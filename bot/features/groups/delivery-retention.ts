/** How long a delivery id is remembered by default: platforms redeliver within hours, not weeks. */
export const DELIVERY_RETENTION_MS = 7 * 24 * 3_600_000;

/** Old delivery ids are pruned at most this often (a delete over the table, so not per insert). */
export const PRUNE_EVERY_MS = 3_600_000;
