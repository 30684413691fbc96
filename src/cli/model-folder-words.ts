/**
 * Which folder a model was read from, when its name alone would mislead: an edited copy of an
 * embedded model (`cp -a models/western-cape /tmp/x`) keeps the name in its model.yaml, and its
 * console read exactly as the published model's (review u2, 18).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { findPackageRoot } from '../dataset/package-root.js';

/**
 * The folder of the model at `modelPath` (a folder, or its model.xlsx or model.yaml) when an
 * embedded model carries the same name and this is not that folder; null otherwise (the embedded
 * model itself, or a model whose name no embedded model has).
 */
export function editedCopyFolder(modelName: string, modelPath: string): string | null {
  const embedded = path.join(findPackageRoot(), 'models', modelName);
  if (modelName.trim() === '' || modelName.includes('/') || modelName.includes('\\') || !existsSync(embedded)) return null;
  const folder = path.resolve(/\.(xlsx|ya?ml)$/i.test(modelPath) ? path.dirname(modelPath) : modelPath);
  return folder === path.resolve(embedded) ? null : folder;
}

/** `western-cape (model folder /tmp/x)` for an edited copy, else the name alone. */
export function modelNameWords(modelName: string, copyFolder: string | null): string {
  return copyFolder === null ? modelName : `${modelName} (model folder ${copyFolder})`;
}
