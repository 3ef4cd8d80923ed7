/**
 * A command line for a finding's fix and the report's next steps: `mlgov <args>`, naming the model when the policy
 * lists several (without it the command would stop and ask which model, and the line could not be pasted).
 */
export function mlgovCommand(ctx: { governedName?: string | undefined }, args: string): string {
  return `mlgov ${args}${ctx.governedName !== undefined ? ` --model ${ctx.governedName}` : ''}`;
}
