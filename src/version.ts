/** The tool's version; a test keeps it equal to package.json's so the bundle needs no JSON import at run time. */
export const TOOL_VERSION = '1.0.0';
