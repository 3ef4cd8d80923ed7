import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);

// src/evidence/evidence-error.ts
var EvidenceError = class extends Error {
  constructor(message, fix, exitCode = 2) {
    super(message);
    this.fix = fix;
    this.exitCode = exitCode;
  }
  fix;
  exitCode;
  name = "EvidenceError";
};

export {
  EvidenceError
};
