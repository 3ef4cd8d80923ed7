import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);

// src/checks/command-hint.ts
function mlgovCommand(ctx, args) {
  return `mlgov ${args}${ctx.governedName !== void 0 ? ` --model ${ctx.governedName}` : ""}`;
}

export {
  mlgovCommand
};
