/**
 * The check the current reconcile loop calls before it writes an agent's patch. It runs the
 * patch policy (patch-policy.ts) without the base tree, which this loop does not read: every
 * path counts as new, and a deletion counts as one file. Because this loop cannot make a pull
 * request wait for a person, a change to a protected path is refused here instead.
 *
 * It also scans the patch for known token formats; without the base contents, a token that was
 * already in a changed file is refused too.
 *
 * The new loop calls checkPatchPolicy with the base tree and honours `needsPerson`, and
 * scanPatchForSecrets with the base contents of flagged files and the PR text.
 */
import type { AttemptPatch } from '../../core/attempt-artifact.js';
import type { DroverConfig } from '../../core/config.js';
import { describeSecretFindings, scanPatchForSecrets } from '../../core/secret-scan.js';
import { checkPatchPolicy, type PatchScope } from './patch-policy.js';

export type PatchCheck = { ok: true; patch: AttemptPatch } | { ok: false; reason: string };

export function checkPatch(
  patch: AttemptPatch,
  limits: DroverConfig['patch'],
  scope: PatchScope,
): PatchCheck {
  const result = checkPatchPolicy({ patch, policy: limits, baseTree: new Map(), scope });
  if (!result.ok) return result;
  const protectedChange = result.needsPerson.find((check) => check.kind === 'protected-path');
  if (protectedChange)
    return {
      ok: false,
      reason: `The patch was refused: it ${protectedChange.why}, which only a person may merge.`,
    };
  const findings = scanPatchForSecrets(result.patch, []);
  if (findings.length > 0)
    return {
      ok: false,
      reason: `The patch was refused: it holds a secret (${describeSecretFindings(findings)}).`,
    };
  return { ok: true, patch: result.patch };
}
