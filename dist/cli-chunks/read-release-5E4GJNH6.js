import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  artifactMismatches,
  readRelease
} from "./chunk-PNEPC7BF.js";
import "./chunk-5BLKOFSO.js";
import "./chunk-4FDBEY4F.js";
import "./chunk-HATRADPJ.js";
import "./chunk-KTM7YKZB.js";
import "./chunk-Z2455ISO.js";
import "./chunk-5FV747E3.js";
import "./chunk-5VLW76UX.js";
import "./chunk-UPE6EXDJ.js";
import "./chunk-JTFQQKCF.js";
import "./chunk-224COV27.js";
import "./chunk-RDTR2MTU.js";
import "./chunk-EFJPGLYE.js";
import "./chunk-7NDX4IVH.js";
import "./chunk-QMI4VN4I.js";
import "./chunk-RWUHQJ7E.js";
import "./chunk-F6FC4NS5.js";
import "./chunk-HV6P22BU.js";
import "./chunk-HZZU23IO.js";
import "./chunk-7YMLEWR4.js";
import "./chunk-2WJZ65FE.js";
import "./chunk-3GTBA4PB.js";
import "./chunk-WRTI2VV7.js";
import "./chunk-II6VWIRH.js";
import "./chunk-E5PVBAA3.js";
import "./chunk-MFYIKXRD.js";
export {
  artifactMismatches,
  readRelease
};
