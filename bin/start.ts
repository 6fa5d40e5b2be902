/** `npm start`: the local cloud. Built by the "Local cloud" issue; until it lands this says so and fails. */
console.error('Il cloud locale non è ancora disponibile in questa versione (npm start).');
process.exit(1);
