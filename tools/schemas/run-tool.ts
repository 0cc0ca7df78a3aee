/** Runs a command-line tool: a thrown error is reported as its message (not a stack) and fails the process. */
export function runTool(main: () => void): void {
  try {
    main();
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  }
}
