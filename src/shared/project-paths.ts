import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root, whether running from src/ (ts-node) or dist/src/ (compiled). */
function findProjectRoot(start: string): string {
  let directory = start;
  while (!existsSync(join(directory, 'package.json'))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`No package.json above ${start}`);
    directory = parent;
  }
  return directory;
}

export const PROJECT_ROOT = findProjectRoot(__dirname);
export const MODELS_DIR = join(PROJECT_ROOT, 'models');
export const LOCALES_DIR = join(PROJECT_ROOT, 'locales');
export const RESOURCES_DIR = join(PROJECT_ROOT, 'resources');
