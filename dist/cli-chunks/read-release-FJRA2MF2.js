import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  artifactMismatches,
  readRelease
} from "./chunk-LKXNBFAR.js";
import "./chunk-WKFMQEM4.js";
import "./chunk-IR6H6IVL.js";
import "./chunk-FPDU4PAM.js";
import "./chunk-JFNRYS2H.js";
import "./chunk-VR3ZHBDP.js";
import "./chunk-CKS5CWCC.js";
import "./chunk-DPYABOYN.js";
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
import "./chunk-SOV3JK4A.js";
import "./chunk-KDG7RUCA.js";
import "./chunk-3QIEV3US.js";
import "./chunk-QU3HK2SG.js";
import "./chunk-HZZU23IO.js";
import "./chunk-O4GISOAI.js";
import "./chunk-XT4WT7IS.js";
import "./chunk-BFFYRPRT.js";
import "./chunk-E5PVBAA3.js";
import "./chunk-RWUHQJ7E.js";
import "./chunk-F6FC4NS5.js";
import "./chunk-IPG6IIGA.js";
import "./chunk-ISCPHUTF.js";
export {
  artifactMismatches,
  readRelease
};
