import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);

// src/checks/bounds.ts
var BOUNDARY_TOLERANCE = 1e-9;
function noise(value, limit) {
  return BOUNDARY_TOLERANCE * Math.max(1, Math.abs(value), Math.abs(limit));
}
function belowMin(value, min) {
  return value < min - noise(value, min);
}
function aboveMax(value, max) {
  return value > max + noise(value, max);
}

export {
  belowMin,
  aboveMax
};
