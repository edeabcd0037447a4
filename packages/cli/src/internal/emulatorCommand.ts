/** @internal */
import * as EmulatorCli from "@effect-sinch/emulator/EmulatorCli"
import * as Command from "@effect/cli/Command"

/**
 * `sinch-numbers emulator`: the emulator's own command (its options, help and handler, from `EmulatorCli`), under
 * the name `emulator`, so its flags are declared once, in the emulator.
 *
 * @internal
 */
export const command = Command.make("emulator", EmulatorCli.options, EmulatorCli.handler).pipe(
  Command.withDescription("Start the Sinch Numbers emulator on this machine (no account needed), with its flags.")
)
