/**
 * Imported first by the local cloud's processes (the gateway with its handlers, the sends consumer), before anything
 * loads the Powertools Tracer: outside Lambda the Tracer is disabled and traces nothing, but the X-Ray SDK it loads
 * starts, in its default automatic mode, a cls-hooked namespace — an async hook run on every promise and socket of
 * the process (with destroy tracking), a few per cent of the gateway's CPU under the click-day burst for no trace.
 * Manual mode installs no hook. On AWS nothing changes (this file is local only); a value already set is kept.
 */
process.env.AWS_XRAY_MANUAL_MODE ??= '1';
