import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);

// src/version.ts
var TOOL_VERSION = "1.0.0";

export {
  TOOL_VERSION
};
