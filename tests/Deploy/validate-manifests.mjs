// Validates Kubernetes objects against the API schemas with npm's kubernetes-models (and the Prometheus
// Operator's models for monitoring.coreos.com). Reads a JSON array of objects on stdin; prints a JSON array with,
// for each object, the model that checked it and its errors (none when it is valid). An object whose
// apiVersion/kind has no model is an error, never skipped.
//   node validate-manifests.mjs INSTALL_DIR < objects.json      (INSTALL_DIR holds node_modules/)
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const installDir = process.argv[2];
if (!installDir) {
  console.error("usage: node validate-manifests.mjs INSTALL_DIR < objects.json");
  process.exit(2);
}
const modules = join(installDir, "node_modules");

// Models by API group: the core group (apiVersion "v1") sits at the package root, a named group in its folder.
function modelFile(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  if (group === "monitoring.coreos.com")
    return join(modules, "@kubernetes-models", "prometheus-operator", group, version, `${kind}.js`);
  return join(modules, "kubernetes-models", ...(group ? [group] : []), version, `${kind}.js`);
}

const objects = JSON.parse(readFileSync(0, "utf8"));
const results = [];
for (const object of objects) {
  const { apiVersion = "", kind = "" } = object;
  const name = object.metadata?.name ?? "";
  const file = modelFile(apiVersion, kind);
  const result = { apiVersion, kind, name, model: file.slice(modules.length + 1), errors: [] };
  if (!existsSync(file)) {
    result.errors.push(`no model for ${apiVersion} ${kind} (looked for ${result.model})`);
  } else {
    const Model = (await import(pathToFileURL(file).href))[kind];
    try {
      new Model(object).validate();
    } catch (e) {
      result.errors.push(e.message);
    }
  }
  results.push(result);
}
process.stdout.write(JSON.stringify(results));
