// Validates Kubernetes manifests against the API schemas of the kubernetes-models package
// (generated from Kubernetes' OpenAPI document: required fields, types, enums):
//   node validate_k8s.mjs NODE_MODULES MANIFEST.yaml...
// Prints one line per document (its kind and name, "ok" or the schema errors); exits 1 when a
// document is invalid or of a kind the package does not know. tests/scaleout/validate_k8s.py.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [modules, ...files] = process.argv.slice(2);
const load = (p) => import(pathToFileURL(path.join(modules, p)).href);
const yaml = (await load("js-yaml/index.js")).default;
let bad = 0;
for (const file of files) {
  const docs = yaml.loadAll(fs.readFileSync(file, "utf8")).filter((d) => d != null);
  if (docs.length === 0) {
    console.log(`${file}: no document`);
    bad++;
  }
  for (const doc of docs) {
    const { apiVersion = "", kind = "" } = doc;
    const name = `${file}: ${apiVersion} ${kind} ${doc.metadata?.name ?? "(no name)"}`;
    // "batch/v1" -> kubernetes-models/batch/v1/Job.js; the core group "v1" -> v1/Pod.js.
    let Model;
    try {
      Model = (await load(`kubernetes-models/${apiVersion}/${kind}.js`))[kind];
    } catch {
      Model = undefined;
    }
    if (typeof Model !== "function" || !/^[a-z0-9.]*\/?v[0-9a-z]+$/.test(apiVersion)) {
      console.log(`${name}: unknown apiVersion and kind`);
      bad++;
      continue;
    }
    try {
      new Model(doc).validate();
      console.log(`${name}: ok`);
    } catch (e) {
      console.log(`${name}: ${e.message}`);
      bad++;
    }
  }
}
process.exit(bad === 0 ? 0 : 1);
