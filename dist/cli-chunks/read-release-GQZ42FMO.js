import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  artifactMismatches,
  readRelease
} from "./chunk-MMHMN2WE.js";
import "./chunk-YD4BVTCT.js";
import "./chunk-4ZJECBO6.js";
import "./chunk-JZS2BRXZ.js";
import "./chunk-3ABW52G5.js";
import "./chunk-MLSSRX2Y.js";
import "./chunk-CKS5CWCC.js";
import "./chunk-N44YMU6Y.js";
import "./chunk-P2TJPI3S.js";
import "./chunk-HV6P22BU.js";
import "./chunk-7YMLEWR4.js";
import "./chunk-ZATCKFWQ.js";
import "./chunk-HATRADPJ.js";
import "./chunk-KTM7YKZB.js";
import "./chunk-3GTBA4PB.js";
import "./chunk-WRTI2VV7.js";
import "./chunk-Z2455ISO.js";
import "./chunk-NWOYYDP3.js";
import "./chunk-XJMYO6BC.js";
import "./chunk-KDG7RUCA.js";
import "./chunk-BVMQICGH.js";
import "./chunk-P24RLPPK.js";
import "./chunk-HZZU23IO.js";
import "./chunk-O4GISOAI.js";
import "./chunk-XT4WT7IS.js";
import "./chunk-KQ4VEUVB.js";
import "./chunk-E5PVBAA3.js";
import "./chunk-RWUHQJ7E.js";
import "./chunk-F6FC4NS5.js";
import "./chunk-IPG6IIGA.js";
import "./chunk-ISCPHUTF.js";
export {
  artifactMismatches,
  readRelease
};
