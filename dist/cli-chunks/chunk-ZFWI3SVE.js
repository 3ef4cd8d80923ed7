import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);

// src/cli/cli-io.ts
var UsageError = class extends Error {
  name = "UsageError";
};
var CliError = class extends Error {
  constructor(message, fix, exitCode = 2, options) {
    super(message, options);
    this.fix = fix;
    this.exitCode = exitCode;
  }
  fix;
  exitCode;
  name = "CliError";
};
var commonOptions = {
  repo: { type: "string" },
  format: { type: "string" },
  output: { type: "string" },
  help: { type: "boolean", short: "h" }
};
function stringOption(args, name) {
  const v = args.values[name];
  return typeof v === "string" ? v : void 0;
}
function booleanOption(args, name) {
  return args.values[name] === true;
}
function requireOption(args, name) {
  const v = stringOption(args, name);
  if (v === void 0 || v === "") throw new UsageError(`--${name} is required`);
  return v;
}
function formatOption(args, allowed, fallback) {
  const v = stringOption(args, "format") ?? fallback;
  if (!allowed.includes(v)) {
    throw new UsageError(`--format ${v} is not supported here; use one of: ${allowed.join(", ")}`);
  }
  return v;
}
var READER_GONE = /* @__PURE__ */ new Set(["EPIPE", "ERR_STREAM_DESTROYED", "ECONNRESET"]);
function processOutput(stream, onFailure) {
  let closed = false;
  const fail = (code, fallback) => {
    if (closed) return;
    closed = true;
    if (!READER_GONE.has(code ?? "")) onFailure(code ?? fallback);
  };
  stream.on("error", (err) => fail(err.code, err.message));
  return (text) => {
    if (closed) return;
    try {
      stream.write(text);
    } catch (err) {
      fail(err.code, String(err));
    }
  };
}

export {
  UsageError,
  CliError,
  commonOptions,
  stringOption,
  booleanOption,
  requireOption,
  formatOption,
  processOutput
};
