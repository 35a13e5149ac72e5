/** The file names read as manifests: from a folder a scenario loads, or one named on the command line. */
export const MANIFEST_EXTENSIONS: readonly string[] = ['.yaml', '.yml', '.json'];
