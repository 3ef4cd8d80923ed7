import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  artifactMismatches,
  readRelease
} from "./chunk-E3KNTSZQ.js";
import "./chunk-6CGME2LR.js";
import "./chunk-ONUCEF6J.js";
import "./chunk-5HDPDACY.js";
import "./chunk-TWLDCKBQ.js";
import "./chunk-7CPNODGQ.js";
import "./chunk-CW36UQVZ.js";
import "./chunk-HV6P22BU.js";
import "./chunk-7YMLEWR4.js";
import "./chunk-Q6TCAIFB.js";
import "./chunk-HATRADPJ.js";
import "./chunk-KTM7YKZB.js";
import "./chunk-3GTBA4PB.js";
import "./chunk-WRTI2VV7.js";
import "./chunk-Z2455ISO.js";
import "./chunk-NWOYYDP3.js";
import "./chunk-YSVHWFM3.js";
import "./chunk-336J7YO3.js";
import "./chunk-2DGF7VUV.js";
import "./chunk-D7Q3LZ5Y.js";
import "./chunk-HZZU23IO.js";
import "./chunk-E3MHIWUA.js";
import "./chunk-XT4WT7IS.js";
import "./chunk-KIYJOZ3G.js";
import "./chunk-4LCUO2WG.js";
import "./chunk-RWUHQJ7E.js";
import "./chunk-F6FC4NS5.js";
import "./chunk-IPG6IIGA.js";
import "./chunk-ISCPHUTF.js";
export {
  artifactMismatches,
  readRelease
};
