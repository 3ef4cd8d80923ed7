import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  artifactMismatches,
  readRelease
} from "./chunk-OCKIDYKP.js";
import "./chunk-HV26XDG4.js";
import "./chunk-PD3H2PXO.js";
import "./chunk-7YFG23J3.js";
import "./chunk-6PPUHZ36.js";
import "./chunk-HY55BCWC.js";
import "./chunk-CKS5CWCC.js";
import "./chunk-NQSBOY3I.js";
import "./chunk-P2TJPI3S.js";
import "./chunk-HV6P22BU.js";
import "./chunk-7YMLEWR4.js";
import "./chunk-Q6TCAIFB.js";
import "./chunk-HATRADPJ.js";
import "./chunk-KTM7YKZB.js";
import "./chunk-3GTBA4PB.js";
import "./chunk-WRTI2VV7.js";
import "./chunk-Z2455ISO.js";
import "./chunk-NWOYYDP3.js";
import "./chunk-MO25CVYJ.js";
import "./chunk-336J7YO3.js";
import "./chunk-6HMQZUE3.js";
import "./chunk-UWOUS6VU.js";
import "./chunk-HZZU23IO.js";
import "./chunk-O4GISOAI.js";
import "./chunk-XT4WT7IS.js";
import "./chunk-DT2OKAG6.js";
import "./chunk-E5PVBAA3.js";
import "./chunk-RWUHQJ7E.js";
import "./chunk-F6FC4NS5.js";
import "./chunk-IPG6IIGA.js";
import "./chunk-ISCPHUTF.js";
export {
  artifactMismatches,
  readRelease
};
