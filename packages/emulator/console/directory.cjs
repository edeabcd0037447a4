// Where the console's files are, for the emulator that serves them: found by a relative import, which resolves the
// same from src/ (tsx, vitest), dist/esm and dist/cjs.
module.exports = { directory: __dirname }
