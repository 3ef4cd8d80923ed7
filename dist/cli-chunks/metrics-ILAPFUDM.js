import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  readWorkingManifest,
  recordedPath,
  writeRepositoryFile
} from "./chunk-MVWU6BFS.js";
import {
  UsageError,
  booleanOption,
  stringOption
} from "./chunk-ZFWI3SVE.js";
import {
  readS3Object
} from "./chunk-Q6TCAIFB.js";
import {
  BinaryLabels,
  BinaryPredictions,
  readTable,
  tableColumns
} from "./chunk-3GTBA4PB.js";
import {
  InputFileError,
  RowProblem
} from "./chunk-WRTI2VV7.js";
import "./chunk-336J7YO3.js";
import {
  isS3Url,
  parseS3Url
} from "./chunk-XT4WT7IS.js";
import {
  DEFAULT_POLICY_PATH,
  at,
  isObject,
  parseJsonDocument
} from "./chunk-KIYJOZ3G.js";
import {
  manifestDigest
} from "./chunk-4LCUO2WG.js";
import "./chunk-IPG6IIGA.js";
import "./chunk-ISCPHUTF.js";

// src/cli/commands/metrics.ts
import { resolve } from "node:path";

// src/metrics/evaluation-plan.ts
function indentOf(text) {
  const m = /\n([ \t]+)\S/.exec(text);
  return m ? m[1] : "  ";
}
function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}
function set(obj, key, value, ptr, changes) {
  if (same(obj[key], value)) return;
  changes.push({ pointer: ptr, from: obj[key], to: value });
  obj[key] = value;
}
function planEvaluationImport(manifest, text, part, source, evaluatedAt) {
  return planManifestEdit(manifest, text, (updated, changes) => {
    const evaluation = isObject(updated["evaluation"]) ? updated["evaluation"] : {};
    updated["evaluation"] = evaluation;
    if (part.kind === "backtest") {
      set(evaluation, "backtest", part.backtest, "/evaluation/backtest", changes);
    } else {
      const metrics = isObject(evaluation["metrics"]) ? evaluation["metrics"] : {};
      evaluation["metrics"] = metrics;
      set(metrics, "auc", part.auc, "/evaluation/metrics/auc", changes);
      for (const name of ["precision", "recall"]) {
        if (part.classification)
          setOrRemove(metrics, name, part.classification[name], `/evaluation/metrics/${name}`, changes);
      }
    }
    const sources = isObject(evaluation["source"]) ? evaluation["source"] : {};
    evaluation["source"] = sources;
    set(sources, part.kind, source, `/evaluation/source/${part.kind}`, changes);
    if (changes.length > 0) set(evaluation, "evaluatedAt", evaluatedAt, "/evaluation/evaluatedAt", changes);
  });
}
function setOrRemove(obj, key, value, ptr, changes) {
  if (value !== void 0) return set(obj, key, value, ptr, changes);
  if (obj[key] === void 0) return;
  changes.push({ pointer: ptr, from: obj[key], to: void 0 });
  delete obj[key];
}
function planManifestEdit(manifest, text, edit) {
  if (!isObject(manifest)) {
    throw new InputFileError("MANIFEST_UNUSABLE", "the manifest is not a JSON object", "Fix the manifest first.");
  }
  const updated = structuredClone(manifest);
  const changes = [];
  edit(updated, changes);
  const digestBefore = manifestDigest(manifest);
  const digestAfter = manifestDigest(updated);
  const approvals = Array.isArray(manifest["approvals"]) ? manifest["approvals"] : [];
  return {
    text: changes.length === 0 ? text : JSON.stringify(updated, null, indentOf(text)) + (text.endsWith("\n") || text === "" ? "\n" : ""),
    changes,
    digestBefore,
    digestAfter,
    voidedApprovals: digestBefore === digestAfter ? [] : approvals
  };
}

// src/metrics/import-evaluation.ts
import { readFile as readFile2, stat as stat2 } from "node:fs/promises";
import { extname } from "node:path";

// src/metrics/evaluation-metrics.ts
function numberIn(text, column) {
  const v = text.trim() === "" ? NaN : Number(text);
  if (!Number.isFinite(v)) {
    throw new RowProblem(
      text === "" ? "VALUE_MISSING" : "VALUE_NOT_NUMBER",
      text === "" ? `no value in column "${column}"` : `"${text}" in column "${column}" is not a number`,
      "Every row needs a finite number there; drop or fill missing values in the pipeline before importing."
    );
  }
  return v;
}
var ErrorSums = class {
  rows = 0;
  absolute = 0;
  squared = 0;
  signed = 0;
  add(error) {
    this.rows++;
    this.absolute += Math.abs(error);
    this.squared += error * error;
    this.signed += error;
  }
  metrics() {
    return {
      mae: this.absolute / this.rows,
      rmse: Math.sqrt(this.squared / this.rows),
      bias: this.signed / this.rows
    };
  }
};
var ForecastErrors = class {
  all = new ErrorSums();
  seasons = /* @__PURE__ */ new Map();
  windows = /* @__PURE__ */ new Set();
  add(window, season, yTrue, yPred) {
    if (window === "")
      throw new RowProblem("VALUE_MISSING", 'no value in column "window"', "Every prediction belongs to a window.");
    const error = yPred - yTrue;
    this.all.add(error);
    this.windows.add(window);
    if (season !== void 0) {
      if (season === "")
        throw new RowProblem("VALUE_MISSING", 'no value in column "season"', "Every prediction needs its season.");
      let s = this.seasons.get(season);
      if (!s) {
        s = new ErrorSums();
        this.seasons.set(season, s);
      }
      s.add(error);
    }
  }
  get rows() {
    return this.all.rows;
  }
  /** The manifest's `evaluation.backtest`; seasons sorted by name so the same file gives the same bytes. */
  backtest() {
    const { mae, rmse, bias } = this.all.metrics();
    const out = { mae, rmse, bias, windows: this.windows.size };
    if (this.seasons.size > 0) {
      const seasons = {};
      for (const name of [...this.seasons.keys()].sort()) {
        const m = this.seasons.get(name).metrics();
        seasons[name] = { mae: m.mae, rmse: m.rmse };
      }
      out.seasons = seasons;
    }
    return out;
  }
};
var Doubles = class {
  data = new Float64Array(1024);
  length = 0;
  push(v) {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  sorted() {
    return this.data.subarray(0, this.length).sort();
  }
};
var ScoreCollector = class {
  positives = new Doubles();
  negatives = new Doubles();
  add(positive, score) {
    (positive ? this.positives : this.negatives).push(score);
  }
  get counts() {
    return { positives: this.positives.length, negatives: this.negatives.length };
  }
  /** The AUC, or undefined without both a positive and a negative (it has no meaning then). */
  auc() {
    return aucOfSorted(this.positives.sorted(), this.negatives.sorted());
  }
};
function aucOfSorted(positives, negatives) {
  const nPos = positives.length;
  const nNeg = negatives.length;
  if (nPos === 0 || nNeg === 0) return void 0;
  let below = 0;
  let wins = 0;
  let i = 0;
  while (i < nPos) {
    const score = positives[i];
    let samePos = 0;
    while (i < nPos && positives[i] === score) {
      samePos++;
      i++;
    }
    while (below < nNeg && negatives[below] < score) below++;
    let equal = 0;
    while (below + equal < nNeg && negatives[below + equal] === score) equal++;
    wins += samePos * (2 * below + equal);
  }
  return wins / (2 * nPos * nNeg);
}
var ConfusionCounts = class {
  truePositives = 0;
  falsePositives = 0;
  falseNegatives = 0;
  trueNegatives = 0;
  add(positive, predictedPositive) {
    if (predictedPositive) {
      if (positive) this.truePositives++;
      else this.falsePositives++;
    } else if (positive) this.falseNegatives++;
    else this.trueNegatives++;
  }
  /** TP / (TP + FP); undefined when nothing was predicted positive. */
  precision() {
    const predicted = this.truePositives + this.falsePositives;
    return predicted === 0 ? void 0 : this.truePositives / predicted;
  }
  /** TP / (TP + FN); undefined when no row is positive. */
  recall() {
    const actual = this.truePositives + this.falseNegatives;
    return actual === 0 ? void 0 : this.truePositives / actual;
  }
};

// src/metrics/training-run.ts
import { readFile, stat } from "node:fs/promises";
var MEMBERS = [
  ["pipeline", "pipeline"],
  ["runId", "run_id"],
  ["runUrl", "run_url"],
  ["triggeredBy", "triggered_by"],
  ["startedAt", "started_at"],
  ["finishedAt", "finished_at"]
];
var DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;
function isTrainingRun(value) {
  return isObject(value) && (value["runId"] !== void 0 || value["run_id"] !== void 0);
}
function runProblem(doc, ptr, message) {
  return new InputFileError(
    "TRAINING_RUN_INVALID",
    `${doc.file}:${at(doc, ptr).line ?? 1}: ${ptr || "(root)"} ${message}`,
    'Write the run record as {"pipeline", "runId", "runUrl", "triggeredBy", "startedAt", "finishedAt"} (docs/training-outputs.md).'
  );
}
function memberOf(doc, root, [camel, snake]) {
  if (camel !== snake && root[camel] !== void 0 && root[snake] !== void 0)
    throw runProblem(doc, `/${snake}`, `repeats /${camel}: write one of them`);
  const name = root[camel] !== void 0 ? camel : root[snake] !== void 0 ? snake : void 0;
  return name === void 0 ? void 0 : { value: root[name], ptr: `/${name}` };
}
function checked(doc, member, value, ptr) {
  if (typeof value !== "string" || value.trim() === "") throw runProblem(doc, ptr, "must be a non-empty string");
  if (member === "runUrl") {
    if (value.length > 2048 || !/^https?:\/\/[^\s]+$/i.test(value) || !URL.canParse(value))
      throw runProblem(doc, ptr, "must be an http(s) URL of at most 2048 characters");
  } else if (member === "startedAt" || member === "finishedAt") {
    if (!DATE_TIME.test(value) || Number.isNaN(Date.parse(value)))
      throw runProblem(doc, ptr, "must be an ISO 8601 date-time with a time zone, e.g. 2026-11-18T04:00:00Z");
  } else if (value.length > 256) throw runProblem(doc, ptr, "must be at most 256 characters");
  return value;
}
async function readRunBytes(path) {
  try {
    if (!(await stat(path)).isFile()) throw new Error("not a file");
    return await readFile(path);
  } catch {
    throw new InputFileError("INPUT_UNREADABLE", `${path} could not be read`, "Pass the path of the run record.");
  }
}
async function importTrainingRun(path) {
  const doc = parseJsonDocument(path, await readRunBytes(path));
  if (doc.problems.length > 0) {
    const p = doc.problems[0];
    throw new InputFileError("TRAINING_RUN_INVALID", `${path}:${p.line ?? 1}: ${p.message}`, p.fix);
  }
  if (!isObject(doc.value)) throw runProblem(doc, "", "must be a JSON object");
  const root = doc.value;
  const training = {};
  const pointers = {};
  for (const spelling of MEMBERS) {
    const found = memberOf(doc, root, spelling);
    if (!found) continue;
    training[spelling[0]] = checked(doc, spelling[0], found.value, found.ptr);
    pointers[spelling[0]] = found.ptr;
  }
  if (training.runId === void 0) throw runProblem(doc, "/runId", "is missing: a run record names its run");
  if (training.startedAt && training.finishedAt && Date.parse(training.finishedAt) < Date.parse(training.startedAt))
    throw runProblem(
      doc,
      pointers.finishedAt,
      `${training.finishedAt} is before ${pointers.startedAt.slice(1)} ${training.startedAt}: a run cannot finish before it starts`
    );
  const known = new Set(MEMBERS.flat());
  const ignored = Object.keys(root).filter((k) => !known.has(k));
  return {
    training,
    sha256: doc.sha256,
    notes: ignored.length ? [`ignored members of the run record: ${ignored.join(", ")}`] : []
  };
}
function planTrainingImport(manifest, text, run, source) {
  const notes = [];
  const plan = planManifestEdit(manifest, text, (updated, changes) => {
    const provenance = isObject(updated["provenance"]) ? updated["provenance"] : {};
    updated["provenance"] = provenance;
    const training = isObject(provenance["training"]) ? provenance["training"] : {};
    provenance["training"] = training;
    const newRun = training["runId"] !== run.training.runId;
    for (const [member] of MEMBERS) {
      const value = run.training[member];
      const ptr = `/provenance/training/${member}`;
      if (value !== void 0) set(training, member, value, ptr, changes);
      else if (newRun && member === "runUrl") setOrRemove(training, member, void 0, ptr, changes);
      else if (newRun && training[member] !== void 0)
        notes.push(`${ptr} is not in the run record: kept from the previous run (${String(training[member])})`);
    }
    set(training, "source", source, "/provenance/training/source", changes);
  });
  return { ...plan, notes };
}
function evaluationBeforeTraining(manifest, run) {
  const evaluatedAt = isObject(manifest) && isObject(manifest["evaluation"]) ? manifest["evaluation"]["evaluatedAt"] : "";
  const finished = run.training.finishedAt;
  if (typeof evaluatedAt !== "string" || finished === void 0) return void 0;
  return Date.parse(evaluatedAt) < Date.parse(finished) ? evaluatedAt : void 0;
}

// src/metrics/import-evaluation.ts
var TIME_MEMBERS = ["evaluated_at", "evaluatedAt", "generated_at", "generatedAt", "timestamp"];
var MAX_SEASONS = 100;
var MAX_SEASON_NAME = 128;
var BACKTEST_MEMBERS = ["mae", "rmse", "bias", "windows", "seasons"];
async function detectFormat(path, options) {
  if (options.format) return options.format;
  if (extname(path).toLowerCase() === ".json") return await jsonIsTrainingRun(path) ? "training-run" : "backtest";
  const columns = await tableColumns(path);
  if (columns.includes("y_true") && columns.includes("y_pred")) return "predictions";
  if (columns.includes(options.scoreColumn ?? "score")) return "scores";
  throw new InputFileError(
    "FORMAT_UNKNOWN",
    `${path} is neither per-window predictions (columns y_true, y_pred) nor scores (column ${options.scoreColumn ?? "score"}); its columns are: ${columns.join(", ")}`,
    "Pass --format backtest|predictions|scores|training-run, or name the columns as docs/training-outputs.md describes."
  );
}
async function jsonIsTrainingRun(path) {
  try {
    return isTrainingRun(parseJsonDocument(path, await readFile2(path)).value);
  } catch {
    return false;
  }
}
function backtestProblem(doc, ptr, message) {
  const where = at(doc, ptr);
  return new InputFileError(
    "BACKTEST_INVALID",
    `${doc.file}:${where.line ?? 1}: ${ptr || "(root)"} ${message}`,
    'Write backtest_results.json as {"backtest": {"mae": \u2026, "rmse": \u2026, "bias": \u2026, "windows": \u2026}} (docs/training-outputs.md).'
  );
}
function nonNegative(doc, v, ptr, integer = false) {
  if (typeof v !== "number" || v < 0 || integer && !Number.isInteger(v)) {
    throw backtestProblem(doc, ptr, `must be a ${integer ? "whole number" : "number"} of at least 0`);
  }
  return v;
}
function seasonsOf(doc, v) {
  const ptr = "/backtest/seasons";
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw backtestProblem(doc, ptr, "must be an object");
  const out = {};
  for (const [name, m] of Object.entries(v)) {
    const sp = `${ptr}/${name.replaceAll("~", "~0").replaceAll("/", "~1")}`;
    if (typeof m !== "object" || m === null || Array.isArray(m)) throw backtestProblem(doc, sp, "must be an object");
    const { mae, rmse } = m;
    out[name] = {
      ...mae !== void 0 ? { mae: nonNegative(doc, mae, `${sp}/mae`) } : {},
      ...rmse !== void 0 ? { rmse: nonNegative(doc, rmse, `${sp}/rmse`) } : {}
    };
  }
  return out;
}
async function importBacktestResults(path) {
  let bytes;
  try {
    if (!(await stat2(path)).isFile()) throw new Error("not a file");
    bytes = await readFile2(path);
  } catch {
    throw new InputFileError(
      "INPUT_UNREADABLE",
      `${path} could not be read`,
      "Pass the path of backtest_results.json."
    );
  }
  const doc = parseJsonDocument(path, bytes);
  if (doc.problems.length > 0) {
    const p = doc.problems[0];
    throw new InputFileError("BACKTEST_INVALID", `${path}:${p.line ?? 1}: ${p.message}`, p.fix);
  }
  const root = doc.value;
  const b = root && typeof root === "object" && !Array.isArray(root) ? root["backtest"] : void 0;
  if (typeof b !== "object" || b === null || Array.isArray(b)) {
    throw backtestProblem(doc, "/backtest", 'is missing: the file must hold a "backtest" object');
  }
  const raw = b;
  for (const required of ["mae", "rmse", "windows"]) {
    if (raw[required] === void 0) throw backtestProblem(doc, `/backtest/${required}`, "is missing");
  }
  const backtest = {
    mae: nonNegative(doc, raw["mae"], "/backtest/mae"),
    rmse: nonNegative(doc, raw["rmse"], "/backtest/rmse"),
    windows: nonNegative(doc, raw["windows"], "/backtest/windows", true)
  };
  if (raw["bias"] !== void 0) {
    if (typeof raw["bias"] !== "number") throw backtestProblem(doc, "/backtest/bias", "must be a number");
    backtest.bias = raw["bias"];
  }
  if (raw["seasons"] !== void 0) backtest.seasons = seasonsOf(doc, raw["seasons"]);
  checkSeasons(path, backtest);
  const stated = statedTime(doc, root, raw);
  const ignored = Object.keys(raw).filter((k) => !BACKTEST_MEMBERS.includes(k) && !TIME_MEMBERS.includes(k));
  return {
    part: { kind: "backtest", backtest },
    sha256: doc.sha256,
    format: "backtest",
    notes: ignored.length ? [`ignored members of "backtest": ${ignored.join(", ")}`] : [],
    ...stated ? { evaluatedAt: stated } : {}
  };
}
function statedTime(doc, root, backtest) {
  for (const [where, holder] of [
    ["", root],
    ["/backtest", backtest]
  ]) {
    const member = TIME_MEMBERS.find((k) => holder[k] !== void 0);
    if (member === void 0) continue;
    const value = holder[member];
    const at2 = typeof value === "string" ? new Date(value) : void 0;
    if (!at2 || Number.isNaN(at2.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(value))
      throw backtestProblem(doc, `${where}/${member}`, "must be an ISO 8601 date-time, e.g. 2026-11-18T06:00:00Z");
    return { at: isoSeconds(at2), from: `${where}/${member} of the file` };
  }
  return void 0;
}
var isoSeconds = (d) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
function checkSeasons(path, backtest) {
  const names = Object.keys(backtest.seasons ?? {});
  const long = names.find((n) => n.length > MAX_SEASON_NAME);
  if (names.length > MAX_SEASONS || long !== void 0) {
    throw new InputFileError(
      "SEASONS_TOO_MANY",
      long !== void 0 ? `${path}: season name "${long.slice(0, 40)}\u2026" is longer than ${MAX_SEASON_NAME} characters` : `${path}: ${names.length} seasons; the manifest holds at most ${MAX_SEASONS}`,
      "Use a season column with a few named seasons (e.g. summer, winter), not dates."
    );
  }
}
async function importPredictions(path) {
  const errors = new ForecastErrors();
  let hasSeason = false;
  const table = await readTable(
    path,
    ["window", "season", "y_true", "y_pred"],
    (row) => {
      const yTrue = numberIn(row.text(2), "y_true");
      const yPred = numberIn(row.text(3), "y_pred");
      errors.add(row.text(0), hasSeason ? row.text(1) : void 0, yTrue, yPred);
    },
    {
      optional: ["season"],
      onColumns: (present) => {
        hasSeason = present[1];
      }
    }
  );
  if (table.rows === 0) {
    throw new InputFileError("INPUT_EMPTY", `${path} has no rows`, "Import the predictions of every backtest window.");
  }
  const backtest = errors.backtest();
  checkSeasons(path, backtest);
  return {
    part: { kind: "backtest", backtest },
    sha256: table.sha256,
    format: "predictions",
    rows: table.rows,
    notes: hasSeason ? [] : ['no "season" column: evaluation.backtest has no seasons']
  };
}
async function importScores(path, options) {
  const labelColumn = options.labelColumn ?? "label";
  const scoreColumn = options.scoreColumn ?? "score";
  const predictionColumn = options.predictionColumn ?? "prediction";
  const labels = new BinaryLabels(options.positiveLabel);
  const decisions = new BinaryPredictions(options.positiveLabel);
  const scores = new ScoreCollector();
  const confusion = new ConfusionCounts();
  let hasDecisions = false;
  const table = await readTable(
    path,
    [labelColumn, scoreColumn, predictionColumn],
    (row) => {
      const positive = labels.isPositive(row.text(0), labelColumn);
      scores.add(positive, numberIn(row.text(1), scoreColumn));
      if (hasDecisions) confusion.add(positive, decisions.isPositive(row.text(2), predictionColumn));
    },
    {
      // A column the user named must be there; the default one is read when the pipeline wrote it.
      optional: options.predictionColumn === void 0 ? [predictionColumn] : [],
      onColumns: (present) => {
        hasDecisions = present[2];
      }
    }
  );
  const auc = scores.auc();
  if (auc === void 0) {
    const { positives, negatives } = scores.counts;
    throw new InputFileError(
      "AUC_UNDEFINED",
      `${path} has ${positives} positive and ${negatives} negative row(s); the AUC needs at least one of each`,
      "Import the scores of the whole evaluation set."
    );
  }
  const notes = [];
  if (!hasDecisions) {
    notes.push(
      `no "${predictionColumn}" column: precision and recall are not computed (evaluation.metrics keeps any it holds)`
    );
    return { part: { kind: "auc", auc }, sha256: table.sha256, format: "scores", rows: table.rows, notes };
  }
  const classification = { precision: confusion.precision(), recall: confusion.recall() };
  const { truePositives: tp, falsePositives: fp, falseNegatives: fn } = confusion;
  notes.push(`"${predictionColumn}": ${tp} true positive(s), ${fp} false positive(s), ${fn} false negative(s)`);
  if (classification.precision === void 0)
    notes.push("precision is undefined (no row is predicted positive): left out of evaluation.metrics");
  return {
    part: { kind: "auc", auc, classification },
    sha256: table.sha256,
    format: "scores",
    rows: table.rows,
    notes
  };
}
async function importEvaluation(path, options) {
  const format = await detectFormat(path, options);
  if (format === "training-run")
    throw new InputFileError(
      "FORMAT_UNKNOWN",
      `${path} is a training run record, not an evaluation output`,
      "Import it with mlgov metrics import FILE --format training-run: it fills provenance.training."
    );
  const imported = format === "backtest" ? await importBacktestResults(path) : format === "predictions" ? await importPredictions(path) : await importScores(path, options);
  imported.evaluatedAt ??= { at: isoSeconds((await stat2(path)).mtime), from: "the file's modification time" };
  return imported;
}

// src/metrics/s3-source.ts
import { mkdtemp, rm, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
var MAX_S3_SOURCE_BYTES = 1024 ** 3;
async function fetchS3Source(url, settings, options) {
  const parsed = parseS3Url(url);
  if (!parsed.ok)
    throw new InputFileError(
      "S3_SOURCE_UNREADABLE",
      `${url.slice(0, 200)} is not a valid S3 location: ${parsed.problem}`,
      "Write s3://bucket/path/to/file, optionally with ?versionId=\u2026 (docs/s3.md)."
    );
  const dir = await mkdtemp(join(tmpdir(), "mlgov-s3-source-"));
  const remove = () => rm(dir, { recursive: true, force: true });
  const file = join(dir, parsed.location.key.split("/").pop());
  const read = await readS3Object(url, settings, file, {
    env: options.env,
    ...options.client ? { client: options.client } : {},
    maxBytes: options.maxBytes ?? MAX_S3_SOURCE_BYTES
  }).catch(async (err) => {
    await remove();
    throw err;
  });
  if (read.kind !== "read") {
    await remove();
    throw new InputFileError("S3_SOURCE_UNREADABLE", read.failure.message, read.failure.fix);
  }
  if (read.lastModified) await utimes(file, new Date(read.lastModified), new Date(read.lastModified));
  return {
    file,
    recorded: read.url,
    sha256: read.sha256,
    ...read.lastModified ? { lastModified: read.lastModified } : {},
    notes: [`read ${read.url} (${read.size} bytes, hashed as it streamed)`, ...read.notes],
    rename: (err) => renamed(err, file, read.url),
    remove
  };
}
function renamed(err, file, url) {
  if (!(err instanceof InputFileError)) return err;
  const message = err.message.replace(` [${err.code}]`, "").replaceAll(file, url);
  return new InputFileError(err.code, message, err.fix);
}

// src/cli/commands/metrics.ts
var FORMATS = ["backtest", "predictions", "scores", "training-run"];
var usage = `mlgov metrics import FILE [--model NAME] [--format backtest|predictions|scores|training-run] [--dry-run] [--repo DIR]
                     [--policy FILE] [--label COL] [--score COL] [--prediction COL] [--positive-label VALUE]
                     [--evaluated-at DATE]

Fills the manifest's evaluation from a file the training pipeline wrote (docs/training-outputs.md), and records the
file's path and SHA-256 under evaluation.source. FILE may be s3://bucket/key[?versionId=\u2026]: read through the policy's
s3 section and the AWS environment, hashed as it streams, recorded pinned to the version read (docs/s3.md).
  backtest     backtest_results.json: {"backtest": {"mae", "rmse", "bias", "windows"[, "seasons"]}} -> evaluation.backtest
  predictions  CSV or Parquet with window, y_true, y_pred[, season]: MAE, RMSE, bias (y_pred - y_true) over every
               row, distinct windows, MAE/RMSE per season -> evaluation.backtest
  scores       CSV or Parquet with label, score[, prediction]: exact AUC (Mann-Whitney, ties count 1/2) ->
               evaluation.metrics.auc; with a prediction column (the decision) also precision = TP/(TP+FP) and
               recall = TP/(TP+FN) -> evaluation.metrics.precision, .recall
  training-run the run record: {"pipeline", "runId", "runUrl", "triggeredBy", "startedAt", "finishedAt"} (or
               snake_case) -> provenance.training, its path and SHA-256 under provenance.training.source

  --format          the file's format (default: .json with runId/run_id is training-run, other .json backtest; else
                    predictions with y_true and y_pred columns, scores with a score column)
  --model NAME      refuse unless the manifest is NAME's
  --label, --score  scores: the column names (default label, score)
  --prediction COL  scores: the decision column (default prediction, used when present; required when named)
  --positive-label  scores: the label (and word decision) of the positive class when labels are not 1/0
  --evaluated-at DATE  when the evaluation ran, when the file does not say it (evaluated_at, generated_at or
                    timestamp in a backtest file); default: the file's modification time, never the time of the import
  --dry-run         show the changes without writing

Editing the manifest changes its digest, so every existing approval stops counting.
exit codes: 0 imported (or nothing to change), 2 the file or manifest could not be used (nothing written)`;
function approvalLine(a) {
  return `  - ${a.approver} (${a.role}, ${a.decision} ${a.at})`;
}
function describeValue(v) {
  if (v === void 0) return "(absent)";
  const text = JSON.stringify(v);
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}
function report(io, manifestPath, imported, plan, dryRun) {
  const rows = imported.rows !== void 0 ? `, ${imported.rows} row(s)` : "";
  io.stdout(`read ${imported.format} file (sha256 ${imported.sha256}${rows})
`);
  for (const note of imported.notes) io.stdout(`note: ${note}
`);
  if (imported.evaluatedAt) io.stdout(`evaluated at ${imported.evaluatedAt.at} (from ${imported.evaluatedAt.from})
`);
  if (plan.changes.length === 0) {
    io.stdout(`${manifestPath} already holds these figures from this file; nothing written.
`);
    return;
  }
  const lines = plan.changes.map((c) => `  ${c.pointer}: ${describeValue(c.from)} -> ${describeValue(c.to)}`);
  io.stdout(`${dryRun ? "would update" : "updated"} ${manifestPath}:
${lines.join("\n")}
`);
  io.stdout(`manifest digest: ${plan.digestBefore} -> ${plan.digestAfter}
`);
  if (plan.voidedApprovals.length > 0) {
    io.stdout(
      `
The manifest digest changed, so ${dryRun ? "these approvals would no longer count" : "these approvals no longer count"} and must be renewed (mlgov approve):
${plan.voidedApprovals.map(approvalLine).join("\n")}
`
    );
  }
  io.stdout(
    `
next: import the other outputs (mlgov metrics import FILE), compute the bias report (mlgov bias compute), then mlgov checksums --write, then the approvals last (each edit above voids approvals given before it).
`
  );
}
function evaluationTime(args, imported) {
  const flag = stringOption(args, "evaluated-at");
  if (flag === void 0) return imported.evaluatedAt.at;
  const at2 = new Date(flag);
  if (Number.isNaN(at2.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(flag))
    throw new UsageError(`--evaluated-at "${flag}" is not a date (use ISO 8601, e.g. 2026-11-18T06:00:00Z)`);
  const iso = at2.toISOString().replace(/\.\d{3}Z$/, "Z");
  if (imported.evaluatedAt && !imported.evaluatedAt.from.includes("modification time") && imported.evaluatedAt.at !== iso)
    throw new UsageError(
      `--evaluated-at ${iso} disagrees with ${imported.evaluatedAt.at}, which the file states (${imported.evaluatedAt.from})`
    );
  imported.evaluatedAt = { at: iso, from: "--evaluated-at" };
  return iso;
}
function importOptions(args, format) {
  const label = stringOption(args, "label");
  const score = stringOption(args, "score");
  const prediction = stringOption(args, "prediction");
  const positiveLabel = stringOption(args, "positive-label");
  return {
    ...format !== void 0 ? { format } : {},
    ...label !== void 0 ? { labelColumn: label } : {},
    ...score !== void 0 ? { scoreColumn: score } : {},
    ...prediction !== void 0 ? { predictionColumn: prediction } : {},
    ...positiveLabel !== void 0 ? { positiveLabel } : {}
  };
}
async function importRunRecord(io, args, at2) {
  if (stringOption(args, "evaluated-at") !== void 0)
    throw new UsageError("--evaluated-at is about an evaluation; a training run record states its own times");
  const run = await importTrainingRun(at2.path);
  const plan = planTrainingImport(at2.working.value, at2.working.text, run, { path: at2.recorded, sha256: run.sha256 });
  const later = evaluationBeforeTraining(at2.working.value, run);
  const notes = [...run.notes, ...plan.notes, ...at2.notes];
  if (later !== void 0)
    notes.push(
      `training finished (${run.training.finishedAt}) after evaluation.evaluatedAt (${later}): import this run's evaluation next`
    );
  if (plan.changes.length > 0 && !at2.dryRun) await writeRepositoryFile(at2.repoRoot, at2.working.path, plan.text);
  report(io, at2.working.path, { format: "training-run", sha256: run.sha256, notes }, plan, at2.dryRun);
}
async function importFile(io, args, at2) {
  if (await detectFormat(at2.path, at2.options) === "training-run") {
    await importRunRecord(io, args, at2);
    return;
  }
  const imported = await importEvaluation(at2.path, at2.options);
  if (at2.s3) s3Provenance(imported, at2.s3, stringOption(args, "evaluated-at"));
  const evaluatedAt = evaluationTime(args, imported);
  imported.notes.push(...at2.notes);
  const plan = planEvaluationImport(
    at2.working.value,
    at2.working.text,
    imported.part,
    { path: at2.recorded, sha256: imported.sha256, format: imported.format },
    evaluatedAt
  );
  if (plan.changes.length > 0 && !at2.dryRun) await writeRepositoryFile(at2.repoRoot, at2.working.path, plan.text);
  report(io, at2.working.path, imported, plan, at2.dryRun);
}
function s3Provenance(imported, source, flag) {
  if (imported.sha256 !== source.sha256)
    throw new InputFileError(
      "S3_SOURCE_UNREADABLE",
      `${source.recorded} changed on this machine while it was imported`,
      "Run the import again."
    );
  if (!imported.evaluatedAt?.from.includes("modification time")) return;
  if (source.lastModified) {
    imported.evaluatedAt = { at: imported.evaluatedAt.at, from: "the S3 object's LastModified" };
  } else if (flag === void 0) {
    throw new InputFileError(
      "S3_SOURCE_UNREADABLE",
      `${source.recorded} states no evaluation time and the store gave no LastModified`,
      "Pass --evaluated-at DATE: when the evaluation ran."
    );
  }
}
var metricsCommand = {
  name: "metrics",
  usage,
  options: {
    repo: { type: "string" },
    help: { type: "boolean", short: "h" },
    format: { type: "string" },
    model: { type: "string" },
    policy: { type: "string" },
    label: { type: "string" },
    score: { type: "string" },
    prediction: { type: "string" },
    "positive-label": { type: "string" },
    "dry-run": { type: "boolean" },
    "evaluated-at": { type: "string" }
  },
  allowPositionals: true,
  async run(args, io) {
    const [sub, file, ...extra] = args.positionals;
    if (sub !== "import") throw new UsageError("say what to do: mlgov metrics import FILE");
    if (file === void 0) throw new UsageError("name the file to import: mlgov metrics import FILE");
    if (extra.length > 0) throw new UsageError(`unexpected argument: ${extra[0]}`);
    const format = stringOption(args, "format");
    if (format !== void 0 && !FORMATS.includes(format)) {
      throw new UsageError(`--format ${format} is not an input format; use one of: ${FORMATS.join(", ")}`);
    }
    const repoRoot = resolve(io.cwd, stringOption(args, "repo") ?? ".");
    const dryRun = booleanOption(args, "dry-run");
    const working = await readWorkingManifest(
      repoRoot,
      stringOption(args, "policy") ?? DEFAULT_POLICY_PATH,
      stringOption(args, "model")
    );
    const options = importOptions(args, format);
    if (!isS3Url(file)) {
      const path = resolve(io.cwd, file);
      const recorded = await recordedPath(repoRoot, path);
      const outside = recorded.insideRepository ? [] : [
        `${file} is outside the repository: recorded by name with its SHA-256; keep the file where reviewers can check it`
      ];
      await importFile(io, args, { repoRoot, path, recorded: recorded.path, notes: outside, working, dryRun, options });
      return 0;
    }
    const source = await fetchS3Source(file, working.policy.s3, { env: io.env });
    try {
      const at2 = { repoRoot, path: source.file, recorded: source.recorded, notes: source.notes, working, dryRun };
      await importFile(io, args, { ...at2, options, s3: source });
    } catch (err) {
      throw source.rename(err);
    } finally {
      await source.remove();
    }
    return 0;
  }
};
export {
  metricsCommand
};
