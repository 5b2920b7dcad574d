/**
 * The controller action for a simulated repository: `controller/action.yml` with a bundle built
 * now from this checkout's source (the same build as `npm run build:action`), in a temp dir the
 * simulator's runner maps the controller workflow's `uses:` to. Built fresh so that the demo and
 * the tests always run the controller of the source they sit next to.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundle } from '../action/build.js';
import { REPO_ROOT } from './demo-repository.js';

export const CONTROLLER_WORKFLOW_FILE = join(REPO_ROOT, 'controller', 'drover-controller.yml');

/** The `uses:` of the controller workflow's step (e.g. `drover-dev/drover/controller@v1`). */
export function controllerActionRef(): string {
  const text = readFileSync(CONTROLLER_WORKFLOW_FILE, 'utf8');
  const ref = /^\s*-?\s*uses:\s*['"]?([^'"\s#]+\/controller@[^'"\s#]+)/m.exec(text)?.[1];
  if (ref === undefined) throw new Error(`${CONTROLLER_WORKFLOW_FILE} has no controller step`);
  return ref;
}

export interface ControllerAction {
  ref: string;
  dir: string;
  remove(): void;
}

export async function buildControllerAction(): Promise<ControllerAction> {
  const dir = mkdtempSync(join(tmpdir(), 'drover-controller-action-'));
  try {
    mkdirSync(join(dir, 'dist'));
    copyFileSync(join(REPO_ROOT, 'controller', 'action.yml'), join(dir, 'action.yml'));
    await bundle('app/actions/main.ts', join(dir, 'dist', 'index.js'));
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return { ref: controllerActionRef(), dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
