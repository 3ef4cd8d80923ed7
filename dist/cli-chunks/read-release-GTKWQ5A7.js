import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  artifactMismatches,
  readRelease
} from "./chunk-7XANR54O.js";
import "./chunk-VIUS64SR.js";
import "./chunk-CE6YCPFW.js";
import "./chunk-GBEUNYIK.js";
import "./chunk-BRY6DQRB.js";
import "./chunk-A756KPYA.js";
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
import "./chunk-LNAXXMJ5.js";
import "./chunk-336J7YO3.js";
import "./chunk-QNAUKXAJ.js";
import "./chunk-7BF7WXUO.js";
import "./chunk-HZZU23IO.js";
import "./chunk-E3MHIWUA.js";
import "./chunk-XT4WT7IS.js";
import "./chunk-Y52BHD6D.js";
import "./chunk-E5PVBAA3.js";
import "./chunk-RWUHQJ7E.js";
import "./chunk-F6FC4NS5.js";
import "./chunk-IPG6IIGA.js";
import "./chunk-ISCPHUTF.js";
export {
  artifactMismatches,
  readRelease
};
