/**
 * Builds the built-in example's stand-in model weights (model/weights/model.onnx) deterministically: a real, small
 * ONNX ModelProto (protobuf, encoded by hand per onnx.proto) for a 24→32→1 multilayer perceptron
 * (MatMul, Add, Relu, MatMul, Add, Sigmoid) whose weights come from a seeded PRNG. It is not a trained model; it
 * only gives the example a real binary file with a stable size and SHA-256. test/formats/example.test.ts checks
 * that the committed file is exactly these bytes.
 */
/** The stand-in model's input features, in input order (model/weights/feature-schema.json lists them). */
export const FEATURE_NAMES = [
  'amount',
  'amount_log',
  'amount_zscore_customer_90d',
  'merchant_category_code',
  'merchant_risk_score',
  'merchant_age_days',
  'card_present',
  'card_age_days',
  'customer_tenure_days',
  'tx_count_1h',
  'tx_count_24h',
  'tx_count_7d',
  'amount_sum_24h',
  'distinct_merchants_24h',
  'distance_from_home_km',
  'distance_from_last_tx_km',
  'seconds_since_last_tx',
  'is_foreign',
  'is_night',
  'device_change_30d',
  'ip_risk_score',
  'chargebacks_365d',
  'declines_24h',
  'velocity_ratio_1h_24h',
] as const;

const HIDDEN = 32;

/** mulberry32: tiny deterministic PRNG, enough for reproducible stand-in weights. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function varint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

type Field = number[];
const key = (field: number, wire: number): number[] => varint(field * 8 + wire);
const int = (field: number, value: number): Field => [...key(field, 0), ...varint(value)];
const bytesField = (field: number, data: ArrayLike<number>): Field => [
  ...key(field, 2),
  ...varint(data.length),
  ...Array.from(data),
];
const str = (field: number, s: string): Field => bytesField(field, Buffer.from(s, 'utf8'));
const msg = (field: number, ...parts: Field[]): Field => bytesField(field, parts.flat());

function tensor(name: string, dims: number[], values: Float32Array): Field {
  const raw = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  // TensorProto: dims = 1, data_type = 2 (1 = FLOAT), name = 8, raw_data = 9 (little-endian).
  return [...dims.flatMap((d) => int(1, d)), ...int(2, 1), ...str(8, name), ...bytesField(9, raw)];
}

function valueInfo(field: number, name: string, dims: Array<number | string>): Field {
  const shape = dims.map((d) => msg(1, typeof d === 'number' ? int(1, d) : str(2, d)));
  // ValueInfoProto { name = 1, type = 2 { tensor_type = 1 { elem_type = 1, shape = 2 { dim = 1 } } } }.
  return msg(field, str(1, name), msg(2, msg(1, int(1, 1), msg(2, ...shape))));
}

function node(name: string, op: string, inputs: string[], outputs: string[]): Field {
  // NodeProto: input = 1, output = 2, name = 3, op_type = 4.
  return msg(1, ...inputs.map((i) => str(1, i)), ...outputs.map((o) => str(2, o)), str(3, name), str(4, op));
}

function weights(random: () => number, n: number, scale: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.round((random() * 2 - 1) * scale * 1e4) / 1e4;
  return out;
}

/** The stand-in ONNX model's bytes; the same on every run and platform. */
export function buildStandInOnnx(): Uint8Array {
  const random = prng(20261118);
  const features = FEATURE_NAMES.length;
  const graph: Field[] = [
    node('dense1', 'MatMul', ['features', 'W1'], ['h0']),
    node('bias1', 'Add', ['h0', 'b1'], ['h1']),
    node('relu1', 'Relu', ['h1'], ['h2']),
    node('dense2', 'MatMul', ['h2', 'W2'], ['z0']),
    node('bias2', 'Add', ['z0', 'b2'], ['z']),
    node('sigmoid', 'Sigmoid', ['z'], ['fraud_probability']),
    str(2, 'fraud-detection-stand-in'),
    msg(5, tensor('W1', [features, HIDDEN], weights(random, features * HIDDEN, 0.5))),
    msg(5, tensor('b1', [HIDDEN], weights(random, HIDDEN, 0.1))),
    msg(5, tensor('W2', [HIDDEN, 1], weights(random, HIDDEN, 0.5))),
    msg(5, tensor('b2', [1], new Float32Array([-3.5]))),
    str(10, 'Stand-in weights for the mlgov example; not a trained model.'),
    valueInfo(11, 'features', ['batch', features]),
    valueInfo(12, 'fraud_probability', ['batch', 1]),
  ];
  const model: Field[] = [
    int(1, 8), // ir_version 8
    str(2, 'mlgov-example'),
    str(3, '1.0.0'),
    str(4, 'dev.mlgov.example'),
    int(5, 240), // model_version (2.4.0)
    str(6, 'fraud-detection 2.4.0 stand-in: deterministic pseudo-random weights, not trained.'),
    msg(7, ...graph),
    msg(8, str(1, ''), int(2, 17)), // opset_import: default domain, opset 17
    msg(14, str(1, 'feature_schema_version'), str(2, 'v2')),
  ];
  return Uint8Array.from(model.flat());
}
