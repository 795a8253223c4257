// Which chunks of a split bundle a page loads at start: the entry's own output and what it
// imports statically, transitively. (esbuild marks a dynamically imported chunk as an entry
// point too, so the entry is told by its source: `isEntry(entryPoint)`.) Shared by the
// size gate (scripts/finish-pkg.mjs) and the bench (bench/run.mjs, bench/first-load.mjs).

/** The output paths of esbuild's `metafile.outputs` that the page loads at start. */
export function loadedAtStart(outputs, isEntry) {
  const loaded = new Set();
  const visit = (file) => {
    if (loaded.has(file)) return;
    loaded.add(file);
    for (const i of outputs[file].imports) if (i.kind === "import-statement" && outputs[i.path]) visit(i.path);
  };
  visit(Object.keys(outputs).find((file) => outputs[file].entryPoint !== undefined && isEntry(outputs[file].entryPoint)));
  return loaded;
}
