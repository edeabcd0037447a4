#!/usr/bin/env node
/**
 * The `sinch-numbers` bin: runs the command line. Bundled (what ships), its launcher answers `--version` and every
 * `--help` from a table that the command line computed at build time, without loading this (see
 * `internal/answers.ts`; `SINCH_NUMBERS_NO_FAST_PATH=1` leaves every answer to the command line).
 *
 * @since 0.1.0
 */
import { main } from "./internal/main.js"

main()
