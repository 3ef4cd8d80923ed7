import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  jiraFromEnvironment
} from "./chunk-NMEXQLCS.js";
import "./chunk-BEXGJZYY.js";
import "./chunk-F6FC4NS5.js";
import "./chunk-MFYIKXRD.js";
export {
  jiraFromEnvironment
};
