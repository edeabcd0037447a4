// After `changeset version`: writes each package's version where its code shows it (the emulator's --version).
import { readFileSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
for (const pkg of ["emulator"]) {
  const { version } = JSON.parse(readFileSync(join(root, "packages", pkg, "package.json"), "utf8"))
  const file = join(root, "packages", pkg, "src", "internal", "version.ts")
  const text = readFileSync(file, "utf8").replace(/moduleVersion = "[^"]*"/, `moduleVersion = ${JSON.stringify(version)}`)
  writeFileSync(file, text)
  console.log(`${pkg}: src/internal/version.ts says ${version}`)
}
