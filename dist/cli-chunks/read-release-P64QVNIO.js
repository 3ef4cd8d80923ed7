import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  artifactMismatches,
  readRelease
} from "./chunk-JB4A346Q.js";
import "./chunk-4UBEUK7P.js";
import "./chunk-TUENCGN3.js";
import "./chunk-PNRBMGGE.js";
import "./chunk-3SXK6VHG.js";
import "./chunk-LYFXWYPW.js";
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
import "./chunk-UIZAA7ZY.js";
import "./chunk-336J7YO3.js";
import "./chunk-VVGVTTPI.js";
import "./chunk-V25SIWVS.js";
import "./chunk-HZZU23IO.js";
import "./chunk-O4GISOAI.js";
import "./chunk-XT4WT7IS.js";
import "./chunk-IE4Q3DSN.js";
import "./chunk-E5PVBAA3.js";
import "./chunk-RWUHQJ7E.js";
import "./chunk-F6FC4NS5.js";
import "./chunk-IPG6IIGA.js";
import "./chunk-ISCPHUTF.js";
export {
  artifactMismatches,
  readRelease
};
