/**
 * `mlgov export --format cyclonedx`: a CycloneDX 1.6 ML-BOM (JSON) for one release.
 *
 * Shape (see docs/exports.md):
 * - `metadata.component` is the model (`machine-learning-model`), with its `modelCard` (model parameters, the
 *   evaluation and fairness metrics as `quantitativeAnalysis.performanceMetrics`, intended use and limitations, and
 *   one `considerations.fairnessAssessments` entry per attribute of the bias report), its provenance (source
 *   repository and commit, training run, framework) and, on a promotion or rollback, the previous release as its
 *   `pedigree.ancestors`.
 * - `components` holds every artifact and the bias report as `file` components with their SHA-256, and the
 *   training and evaluation datasets as `data` components (snapshot, window, URI, hash); the model depends on all.
 *
 * Built with the CycloneDX library (`@cyclonedx/cyclonedx-library`) for everything its models cover (components,
 * hashes, references, properties, dependencies, serialisation to spec 1.6). Its models have no `modelCard`, `data`
 * or `pedigree` yet, so those members are added to the library's normalised JSON afterwards; the tests validate the
 * result against the official 1.6 JSON schema that the library ships.
 *
 * Pure: documents in, JSON out. `generatedAt` is passed in and the serial number is derived from the manifest
 * digest and that time, so the same inputs give the same bytes.
 */
import { createHash } from 'node:crypto';
// Subpath imports on purpose: the package root also loads its validators, which locate their schema files with
// `__dirname` and so cannot run from an ESM bundle (dist/cli.js). Only the tests validate.
import * as Enums from '@cyclonedx/cyclonedx-library/Enums';
import * as Models from '@cyclonedx/cyclonedx-library/Models';
import * as Serialize from '@cyclonedx/cyclonedx-library/Serialize';
import * as Spec from '@cyclonedx/cyclonedx-library/Spec';
import { parseS3Url } from '../adapters/s3-location.js';
import type { BiasReport } from '../formats/bias-report.js';
import type { Manifest } from '../formats/manifest.js';
import {
  approvalViews,
  BIAS_METRIC_LABELS,
  describeThreshold,
  fairnessMetricRows,
  releaseDigests,
  type ReleaseDocuments,
} from './release-view.js';

export interface CycloneDxInput extends ReleaseDocuments {
  /** ISO 8601 time of the export (`metadata.timestamp`). */
  generatedAt: string;
  toolVersion: string;
}

/** Property names used in the BOM; the `mlgov:` namespace keeps them apart from other tools' properties. */
export const CDX_PROPERTY = {
  manifestDigest: 'mlgov:manifest:digest',
  policyDigest: 'mlgov:policy:digest',
  reportDigest: 'mlgov:bias-report:digest',
  jira: 'mlgov:jira:key',
  releaseType: 'mlgov:release:type',
  releaseReason: 'mlgov:release:reason',
  verdict: 'mlgov:gate:verdict',
} as const;

type Json = Record<string, unknown>;

/** `bom-ref`s are stable, readable names so other documents (VEX, attestations) can point at them. */
export const bomRefs = {
  model: (m: Manifest): string => `model:${m.name}@${m.version}`,
  artifact: (path: string): string => `artifact:${path}`,
  biasReport: (path: string): string => `bias-report:${path}`,
  trainingData: (m: Manifest): string => `dataset:training:${m.provenance.data.featureStoreSnapshot}`,
  evaluationData: (r: BiasReport): string => `dataset:evaluation:${r.dataset?.name ?? 'unnamed'}`,
};

/**
 * A name-based UUID (RFC 9562 version 5: SHA-1 in the URL namespace) for the BOM's serial number: reproducible for
 * the same release and export time, different for any other.
 */
export function serialNumberFor(name: string): string {
  // The RFC 4122 URL namespace, 6ba7b811-9dad-11d1-80b4-00c04fd430c8, as bytes.
  const ns = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function props(pairs: Array<[string, string | number | undefined | null]>): Models.PropertyRepository {
  const repo = new Models.PropertyRepository();
  for (const [name, value] of pairs) {
    if (value !== undefined && value !== null && value !== '') repo.add(new Models.Property(name, String(value)));
  }
  return repo;
}

function isHex64(s: string | undefined): s is string {
  return s !== undefined && /^[0-9a-f]{64}$/i.test(s);
}

/**
 * Builds the ML-BOM as a JSON object (CycloneDX 1.6). Throws a TypeError only when the manifest lacks what every
 * BOM needs (name, version); everything optional is left out when absent.
 */
export function buildCycloneDxBom(input: CycloneDxInput): Json {
  const m = input.manifest;
  const digests = releaseDigests(input);
  const model = modelComponent(input, digests);
  const training = trainingDataComponent(m);
  const evaluation = evaluationDataComponent(input.biasReport);
  const components = [
    ...fileComponents(m, digests, input.biasReportFileSha256),
    ...(training ? [training] : []),
    ...(evaluation ? [evaluation] : []),
  ];
  for (const c of components) {
    model.dependencies.add(c.bomRef);
  }

  const tool = new Models.Component(Enums.ComponentType.Application, 'mlgov', { version: input.toolVersion });
  const bom = new Models.Bom({
    serialNumber: serialNumberFor(`mlgov:cyclonedx:${digests.manifestDigest}:${input.generatedAt}`),
    metadata: new Models.Metadata({
      timestamp: new Date(input.generatedAt),
      component: model,
      tools: new Models.Tools({ components: new Models.ComponentRepository([tool]) }),
      lifecycles: new Models.LifecycleRepository([new Models.NamedLifecycle('model-release')]),
    }),
    components: new Models.ComponentRepository(components),
  });

  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));
  // sortLists: false keeps the manifest's artifact order, which is the order reviewers know.
  const json = JSON.parse(serializer.serialize(bom, { sortLists: false })) as Json;
  addUnmodelledMembers(json, input, training !== undefined, evaluation !== undefined);
  return json;
}

type Digests = ReturnType<typeof releaseDigests>;

/** The model itself: its identity, digests, release and provenance as properties, its code and training run. */
function modelComponent(input: CycloneDxInput, digests: Digests): Models.Component {
  const m = input.manifest;
  const p = m.provenance;
  const model = new Models.Component(Enums.ComponentType.MachineLearningModel, m.name, {
    version: m.version,
    bomRef: bomRefs.model(m),
    ...(m.description !== undefined ? { description: m.description } : {}),
    ...(m.owner !== undefined ? { supplier: new Models.OrganizationalEntity({ name: m.owner }) } : {}),
    properties: props([
      [CDX_PROPERTY.manifestDigest, digests.manifestDigest],
      [CDX_PROPERTY.policyDigest, digests.policyDigest],
      [CDX_PROPERTY.reportDigest, digests.reportDigest],
      [CDX_PROPERTY.jira, m.jira],
      [CDX_PROPERTY.releaseType, m.release?.type],
      [CDX_PROPERTY.releaseReason, m.release?.reason],
      [CDX_PROPERTY.verdict, input.report?.verdict],
      ['mlgov:provenance:code:repository', p?.code?.repository],
      ['mlgov:provenance:code:commit', p?.code?.commit],
      ['mlgov:provenance:training:pipeline', p?.training?.pipeline],
      ['mlgov:provenance:training:runId', p?.training?.runId],
      ['mlgov:provenance:training:triggeredBy', p?.training?.triggeredBy],
      ['mlgov:provenance:training:startedAt', p?.training?.startedAt],
      ['mlgov:provenance:training:finishedAt', p?.training?.finishedAt],
      ['mlgov:provenance:featureSchemaVersion', p?.featureSchemaVersion],
      ['mlgov:provenance:framework', p?.framework ? `${p.framework.name} ${p.framework.version}` : undefined],
      ['mlgov:evaluation:evaluatedAt', m.evaluation?.evaluatedAt],
    ]),
  });
  if (p?.code?.repository) {
    model.externalReferences.add(
      new Models.ExternalReference(p.code.repository, Enums.ExternalReferenceType.VCS, {
        comment: `source at commit ${p.code.commit}`,
      }),
    );
  }
  if (p?.training?.runUrl) {
    model.externalReferences.add(
      new Models.ExternalReference(p.training.runUrl, Enums.ExternalReferenceType.BuildMeta, {
        comment: `training run ${p.training.runId} of ${p.training.pipeline}`,
      }),
    );
  }
  return model;
}

/** The release's files: each artifact, then the bias report, with their SHA-256. */
function fileComponents(m: Manifest, digests: Digests, biasReportFileSha256?: string): Models.Component[] {
  const components: Models.Component[] = [];
  for (const a of m.artifacts ?? []) {
    const file = new Models.Component(Enums.ComponentType.File, a.path, {
      bomRef: bomRefs.artifact(a.path),
      properties: props([['mlgov:artifact:size', a.size]]),
    });
    if (isHex64(a.sha256)) file.hashes.set(Enums.HashAlgorithm['SHA-256'], a.sha256.toLowerCase());
    const object = parseS3Url(a.path);
    if (object.ok) {
      // An artifact in object storage: where to fetch it, and the exact version the hash is of (docs/s3.md).
      const version = object.location.versionId;
      if (version !== undefined) file.properties.add(new Models.Property('mlgov:artifact:s3:versionId', version));
      file.externalReferences.add(
        new Models.ExternalReference(a.path, Enums.ExternalReferenceType.Distribution, {
          comment:
            version !== undefined
              ? `s3://${object.location.bucket}/${object.location.key}, version ${version}`
              : `s3://${object.location.bucket}/${object.location.key}, unversioned: the bytes under the key can be replaced`,
        }),
      );
    }
    components.push(file);
  }
  if (m.biasReport?.path) {
    const file = new Models.Component(Enums.ComponentType.File, m.biasReport.path, {
      bomRef: bomRefs.biasReport(m.biasReport.path),
      description: 'Bias report (fairness metrics per attribute and group)',
      properties: props([[CDX_PROPERTY.reportDigest, digests.reportDigest]]),
    });
    // The file's own hash: the manifest's biasReport.sha256 binds the content without approvals, not the bytes.
    const fileSha256 = biasReportFileSha256 ?? m.biasReport.sha256;
    if (isHex64(fileSha256)) file.hashes.set(Enums.HashAlgorithm['SHA-256'], fileSha256.toLowerCase());
    components.push(file);
  }
  return components;
}

/** The feature-store snapshot the model was trained on, when the manifest names one. */
function trainingDataComponent(m: Manifest): Models.Component | undefined {
  const data = m.provenance?.data;
  if (!data?.featureStoreSnapshot) return undefined;
  const training = new Models.Component(Enums.ComponentType.Data, data.featureStoreSnapshot, {
    bomRef: bomRefs.trainingData(m),
    description: 'Training data: feature-store snapshot',
    properties: props([
      ['mlgov:data:window:from', data.window?.from],
      ['mlgov:data:window:to', data.window?.to],
      ['mlgov:data:uri', data.uri],
    ]),
  });
  if (isHex64(data.sha256)) training.hashes.set(Enums.HashAlgorithm['SHA-256'], data.sha256.toLowerCase());
  return training;
}

/** The dataset the bias report was computed on, when the report names one. */
function evaluationDataComponent(r: BiasReport | undefined): Models.Component | undefined {
  if (!r?.dataset) return undefined;
  const evaluation = new Models.Component(Enums.ComponentType.Data, r.dataset.name, {
    bomRef: bomRefs.evaluationData(r),
    description: 'Evaluation data the bias report was computed on',
    properties: props([['mlgov:data:rows', r.dataset.rows]]),
  });
  if (isHex64(r.dataset.sha256)) evaluation.hashes.set(Enums.HashAlgorithm['SHA-256'], r.dataset.sha256.toLowerCase());
  return evaluation;
}

/**
 * The library has no model for these members (see the module comment): the model card, the pedigree (the release
 * this one replaces) and the datasets' `data`, added to the normalised JSON.
 */
function addUnmodelledMembers(json: Json, input: CycloneDxInput, hasTraining: boolean, hasEvaluation: boolean): void {
  const m = input.manifest;
  const r = input.biasReport;
  const metadata = json['metadata'] as Json;
  const modelJson = metadata['component'] as Json;
  modelJson['modelCard'] = buildModelCard(input, hasTraining, hasEvaluation);
  if (input.baseManifest && input.baseManifest.version !== m.version) {
    modelJson['pedigree'] = {
      ancestors: [
        {
          type: 'machine-learning-model',
          name: input.baseManifest.name,
          version: input.baseManifest.version,
          description: 'The previous (production) release this one replaces',
        },
      ],
    };
  }
  const data = m.provenance?.data;
  for (const c of (json['components'] as Json[] | undefined) ?? []) {
    if (hasTraining && data && c['bom-ref'] === bomRefs.trainingData(m)) {
      c['data'] = [
        {
          type: 'dataset',
          name: data.featureStoreSnapshot,
          ...(data.uri ? { contents: { url: data.uri } } : {}),
          description: data.window
            ? `Training window ${data.window.from} to ${data.window.to}`
            : 'Training data (window not declared)',
        },
      ];
    }
    if (hasEvaluation && r?.dataset && c['bom-ref'] === bomRefs.evaluationData(r)) {
      c['data'] = [
        {
          type: 'dataset',
          name: r.dataset.name,
          description: `Evaluation data for the bias report${r.dataset.rows !== undefined ? ` (${r.dataset.rows} rows)` : ''}`,
        },
      ];
    }
  }
}

/** Numbers as strings (the schema's performance metric values are strings), without float noise. */
function metricValue(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(12)));
}

/** The CycloneDX model card: parameters, the quantitative analysis and the considerations (use, limits, fairness). */
function buildModelCard(input: CycloneDxInput, hasTraining: boolean, hasEvaluation: boolean): Json {
  const m = input.manifest;
  const r = input.biasReport;
  const modelParameters = modelParametersOf(input, hasTraining, hasEvaluation);
  const metrics = [...evaluationMetrics(m), ...groupMetrics(r)];
  const considerations = considerationsOf(input);
  const card: Json = {
    'bom-ref': `model-card:${m.name}@${m.version}`,
  };
  if (Object.keys(modelParameters).length > 0) card['modelParameters'] = modelParameters;
  if (metrics.length > 0) card['quantitativeAnalysis'] = { performanceMetrics: metrics };
  if (Object.keys(considerations).length > 0) card['considerations'] = considerations;
  const cardProps: Json[] = [];
  if (r?.generatedAt) cardProps.push({ name: 'mlgov:bias-report:generatedAt', value: r.generatedAt });
  if (r?.generator)
    cardProps.push({ name: 'mlgov:bias-report:generator', value: `${r.generator.name} ${r.generator.version}` });
  if (cardProps.length > 0) card['properties'] = cardProps;
  return card;
}

function modelParametersOf(input: CycloneDxInput, hasTraining: boolean, hasEvaluation: boolean): Json {
  const r = input.biasReport;
  const datasets: Json[] = [];
  if (hasTraining) datasets.push({ ref: bomRefs.trainingData(input.manifest) });
  if (hasEvaluation && r) datasets.push({ ref: bomRefs.evaluationData(r) });
  const modelParameters: Json = {};
  // A bias report with true-positive rates was computed against labels: the model is a supervised classifier.
  // Nothing else is inferred; the manifest does not state an architecture.
  const labelled = r?.attributes.some((a) => a.groups.some((g) => typeof g.truePositiveRate === 'number')) ?? false;
  if (labelled) {
    modelParameters['approach'] = { type: 'supervised' };
    modelParameters['task'] = 'classification';
  }
  if (datasets.length > 0) modelParameters['datasets'] = datasets;
  return modelParameters;
}

/** The manifest's evaluation metrics, then the backtest's errors overall and per season. */
function evaluationMetrics(m: Manifest): Json[] {
  const metrics: Json[] = [];
  for (const [name, v] of Object.entries(m.evaluation?.metrics ?? {})) {
    if (typeof v === 'number' && Number.isFinite(v))
      metrics.push({ type: name, value: metricValue(v), slice: 'evaluation' });
  }
  const bt = m.evaluation?.backtest;
  if (!bt) return metrics;
  for (const k of ['mae', 'rmse', 'bias'] as const) {
    const v = bt[k];
    if (typeof v === 'number') {
      metrics.push({ type: k, value: metricValue(v), slice: `backtest (${bt.windows ?? '?'} windows)` });
    }
  }
  for (const [season, s] of Object.entries(bt.seasons ?? {})) {
    if (typeof s.mae === 'number')
      metrics.push({ type: 'mae', value: metricValue(s.mae), slice: `backtest season=${season}` });
    if (typeof s.rmse === 'number')
      metrics.push({ type: 'rmse', value: metricValue(s.rmse), slice: `backtest season=${season}` });
  }
  return metrics;
}

/** The bias report's rates per group (with their intervals), then its summary metrics per attribute. */
function groupMetrics(r: BiasReport | undefined): Json[] {
  const metrics: Json[] = [];
  for (const a of r?.attributes ?? []) {
    for (const g of a.groups) {
      const rates = [
        ['selection_rate', g.selectionRate, g.intervals?.selectionRate],
        ['true_positive_rate', g.truePositiveRate, g.intervals?.truePositiveRate],
        ['false_positive_rate', g.falsePositiveRate, g.intervals?.falsePositiveRate],
      ] as const;
      for (const [type, v, ci] of rates) {
        if (typeof v !== 'number' || !Number.isFinite(v)) continue;
        metrics.push({
          type,
          value: metricValue(v),
          slice: `${a.name}=${g.group} (n=${g.n})`,
          ...(ci ? { confidenceInterval: { lowerBound: metricValue(ci.low), upperBound: metricValue(ci.high) } } : {}),
        });
      }
    }
    for (const [name, v] of Object.entries(a.metrics)) {
      if (typeof v === 'number' && Number.isFinite(v))
        metrics.push({ type: name, value: metricValue(v), slice: a.name });
    }
  }
  return metrics;
}

/** Intended use, limitations, and a fairness assessment per attribute with the fairness review. */
function considerationsOf(input: CycloneDxInput): Json {
  const m = input.manifest;
  const r = input.biasReport;
  const considerations: Json = {};
  if (m.intendedUse) considerations['useCases'] = [m.intendedUse];
  if (m.limitations && m.limitations.length > 0) considerations['technicalLimitations'] = [...m.limitations];
  const rows = fairnessMetricRows(input);
  const reviews = approvalViews(input).filter((a) => a.target === 'bias-report');
  const review =
    reviews.length === 0
      ? 'No fairness review is recorded in the bias report.'
      : reviews
          .map(
            (a) =>
              `${a.decision} by ${a.approver} (${a.role}) at ${a.at}` +
              (a.bound ? ', bound to this report' : ', naming another report digest (does not count)'),
          )
          .join('; ');
  const assessments = (r?.attributes ?? []).map((a) => {
    const own = rows.filter((row) => row.attribute === a.name);
    const results = own
      .map(
        (row) =>
          `${BIAS_METRIC_LABELS[row.metric] ?? row.metric} ${row.value === null || row.value === undefined ? 'undefined' : metricValue(row.value)}` +
          (row.threshold ? ` (threshold ${describeThreshold(row.threshold)}: ${row.standing})` : ' (no threshold)'),
      )
      .join('; ');
    return {
      groupAtRisk: `${a.name}: ${a.groups.map((g) => g.group).join(', ')}`,
      harms: `${r?.positiveLabel ? `Unequal rates of "${r.positiveLabel}" predictions across groups. ` : ''}${results}.`,
      mitigationStrategy: `Fairness thresholds enforced by the mlgov release gate (bias check). Review: ${review}`,
    };
  });
  if (assessments.length > 0) considerations['fairnessAssessments'] = assessments;
  return considerations;
}

/** The ML-BOM as pretty-printed JSON text with a final newline. */
export function renderCycloneDxJson(input: CycloneDxInput): string {
  return JSON.stringify(buildCycloneDxBom(input), null, 2) + '\n';
}
