import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  artifactMismatches,
  readRelease
} from "./chunk-3XZBKHZ3.js";
import "./chunk-U7MR4RMY.js";
import "./chunk-454Z53GN.js";
import "./chunk-HATRADPJ.js";
import "./chunk-KTM7YKZB.js";
import "./chunk-Z2455ISO.js";
import "./chunk-46JR2XVR.js";
import "./chunk-5VLW76UX.js";
import "./chunk-QSC7HOLP.js";
import "./chunk-JTFQQKCF.js";
import "./chunk-HVAR35HS.js";
import "./chunk-4WPOAIAG.js";
import "./chunk-EN4CQTO7.js";
import "./chunk-TPOQ4BEI.js";
import "./chunk-UBDLCOC5.js";
import "./chunk-RWUHQJ7E.js";
import "./chunk-F6FC4NS5.js";
import "./chunk-HV6P22BU.js";
import "./chunk-HZZU23IO.js";
import "./chunk-7YMLEWR4.js";
import "./chunk-2WJZ65FE.js";
import "./chunk-3GTBA4PB.js";
import "./chunk-WRTI2VV7.js";
import "./chunk-DZKCLBYI.js";
import "./chunk-E5PVBAA3.js";
import "./chunk-MFYIKXRD.js";
export {
  artifactMismatches,
  readRelease
};
