// The cold-start baseline of an ES module program (bench/run.mjs, row 2): an app module that imports nothing.
