import type { ReleaseContext } from '../release/release-context.js';

/**
 * A command line for a finding's fix: `mlgov <args>`, naming the model when the policy lists several (without it the
 * command would stop and ask which model, and the fix would not be one the user can paste).
 */
export function mlgovCommand(ctx: Pick<ReleaseContext, 'governedName'>, args: string): string {
  return `mlgov ${args}${ctx.governedName !== undefined ? ` --model ${ctx.governedName}` : ''}`;
}
