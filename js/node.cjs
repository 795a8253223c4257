// Node (CommonJS) entry: same as node.mjs, over the CommonJS copy of the glue.
"use strict";
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const glue = require("./whautomate.cjs");

glue.initSync({ module: readFileSync(join(__dirname, "whautomate_bg.wasm")) });

module.exports = glue;
