import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  artifactMismatches,
  readRelease
} from "./chunk-JCOCOXRA.js";
import "./chunk-P7XQR3WL.js";
import "./chunk-WMRNMRH2.js";
import "./chunk-D2VA7YT6.js";
import "./chunk-FSIBMHDL.js";
import "./chunk-QS2BFB7C.js";
import "./chunk-CKS5CWCC.js";
import "./chunk-UA252W27.js";
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
import "./chunk-FYLG7NGB.js";
import "./chunk-336J7YO3.js";
import "./chunk-Z5R5WJWE.js";
import "./chunk-5UZGN34B.js";
import "./chunk-HZZU23IO.js";
import "./chunk-O4GISOAI.js";
import "./chunk-XT4WT7IS.js";
import "./chunk-WS36HT3X.js";
import "./chunk-E5PVBAA3.js";
import "./chunk-RWUHQJ7E.js";
import "./chunk-F6FC4NS5.js";
import "./chunk-IPG6IIGA.js";
import "./chunk-ISCPHUTF.js";
export {
  artifactMismatches,
  readRelease
};
