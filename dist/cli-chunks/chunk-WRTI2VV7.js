import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);

// src/metrics/input-error.ts
var InputFileError = class extends Error {
  constructor(code, message, fix) {
    super(`${message} [${code}]`);
    this.code = code;
    this.fix = fix;
  }
  code;
  fix;
  name = "InputFileError";
  exitCode = 2;
};
var RowProblem = class extends Error {
  constructor(code, message, fix) {
    super(message);
    this.code = code;
    this.fix = fix;
  }
  code;
  fix;
  name = "RowProblem";
};

export {
  InputFileError,
  RowProblem
};
