import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  artifactMismatches,
  readRelease
} from "./chunk-PKXS2NHV.js";
import "./chunk-ODHP7GNA.js";
import "./chunk-46AJHBO2.js";
import "./chunk-3JGHHT73.js";
import "./chunk-KTM7YKZB.js";
import "./chunk-Z2455ISO.js";
import "./chunk-OSECTKQD.js";
import "./chunk-5VLW76UX.js";
import "./chunk-PYCKNYRZ.js";
import "./chunk-R6DRQ5E3.js";
import "./chunk-CULNXPNA.js";
import "./chunk-JRPBTYLM.js";
import "./chunk-33W2PEGA.js";
import "./chunk-JMJ52677.js";
import "./chunk-RWUHQJ7E.js";
import "./chunk-F6FC4NS5.js";
import "./chunk-HV6P22BU.js";
import "./chunk-HZZU23IO.js";
import "./chunk-7YMLEWR4.js";
import "./chunk-H74SEXRL.js";
import "./chunk-J47D27AB.js";
import "./chunk-LCHT3CU2.js";
import "./chunk-MFYIKXRD.js";
export {
  artifactMismatches,
  readRelease
};
