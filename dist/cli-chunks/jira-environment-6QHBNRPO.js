import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  jiraFromEnvironment
} from "./chunk-3CYLNB2W.js";
import "./chunk-Q6LL4MDP.js";
import "./chunk-F6FC4NS5.js";
import "./chunk-IPG6IIGA.js";
import "./chunk-ISCPHUTF.js";
export {
  jiraFromEnvironment
};
