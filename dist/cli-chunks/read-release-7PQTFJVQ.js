import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  artifactMismatches,
  readRelease
} from "./chunk-LJKWV2K5.js";
import "./chunk-ALWCSR4W.js";
import "./chunk-DY4PPGOU.js";
import "./chunk-ILJEZ73L.js";
import "./chunk-KTM7YKZB.js";
import "./chunk-Z2455ISO.js";
import "./chunk-Z7D4QMT3.js";
import "./chunk-5VLW76UX.js";
import "./chunk-4ZQI5MLB.js";
import "./chunk-JTFQQKCF.js";
import "./chunk-52MYAXI3.js";
import "./chunk-GTFHSB3D.js";
import "./chunk-CQFOHIKX.js";
import "./chunk-4SZQKZWO.js";
import "./chunk-AET4CHNW.js";
import "./chunk-RWUHQJ7E.js";
import "./chunk-F6FC4NS5.js";
import "./chunk-HV6P22BU.js";
import "./chunk-HZZU23IO.js";
import "./chunk-7YMLEWR4.js";
import "./chunk-2WJZ65FE.js";
import "./chunk-DUCLXKKE.js";
import "./chunk-WRTI2VV7.js";
import "./chunk-XOBLXXAP.js";
import "./chunk-E5PVBAA3.js";
import "./chunk-MFYIKXRD.js";
export {
  artifactMismatches,
  readRelease
};
