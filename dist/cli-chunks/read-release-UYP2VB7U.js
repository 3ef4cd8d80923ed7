import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  artifactMismatches,
  readRelease
} from "./chunk-U52XWK4A.js";
import "./chunk-ZZXJI6JJ.js";
import "./chunk-QDJWFO7J.js";
import "./chunk-6IQB5QDE.js";
import "./chunk-IEK6JQFY.js";
import "./chunk-SCCHHU6E.js";
import "./chunk-CKS5CWCC.js";
import "./chunk-NMM6H6D6.js";
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
import "./chunk-3W4ZVVEP.js";
import "./chunk-KDG7RUCA.js";
import "./chunk-OJGE6SIF.js";
import "./chunk-GBPRO45W.js";
import "./chunk-HZZU23IO.js";
import "./chunk-O4GISOAI.js";
import "./chunk-XT4WT7IS.js";
import "./chunk-BUS2ZBVQ.js";
import "./chunk-E5PVBAA3.js";
import "./chunk-RWUHQJ7E.js";
import "./chunk-F6FC4NS5.js";
import "./chunk-IPG6IIGA.js";
import "./chunk-ISCPHUTF.js";
export {
  artifactMismatches,
  readRelease
};
