/**
 * What to undo if the process is stopped by a signal (Ctrl-C, SIGTERM) before a build ends: its
 * spools, its cover renderer. Each is listed while it exists; the CLI's signal handler runs them
 * all (`undoAll`) before it exits. A handler runs between two turns of the event loop, never in the
 * middle of synchronous code: the output files' renames (writeFilesAtomically) are not cut short.
 */
const pending = new Set<() => void>();

/** Lists `undo` until the returned function is called (what it undoes is gone). */
export function undoOnSignal(undo: () => void): () => void {
  pending.add(undo);
  return () => pending.delete(undo);
}

/** Runs every listed undo once; one that throws does not stop the others. */
export function undoAll(): void {
  const all = [...pending];
  pending.clear();
  for (const undo of all) {
    try {
      undo();
    } catch {
      // the process is ending: what could not be removed stays
    }
  }
}
