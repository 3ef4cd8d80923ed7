import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  jiraFromEnvironment
} from "./chunk-7K22ZSBF.js";
import "./chunk-KLSX4TDN.js";
import "./chunk-F6FC4NS5.js";
import "./chunk-MFYIKXRD.js";
export {
  jiraFromEnvironment
};
