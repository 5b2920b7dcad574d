/**
 * What GitHub would refuse or cut, line by line: a title over 256 characters, a body over
 * 65,536 (with the import marker), a label name over 50. Refused here, before the import
 * creates anything, instead of by GitHub half-way through it.
 */
import {
  characterCount,
  ISSUE_BODY_MAX,
  ISSUE_TITLE_MAX,
  LABEL_DESCRIPTION_MAX,
  LABEL_NAME_MAX,
} from '../github-limits.js';
import { epicLabelName } from '../labels.js';
import type { BacklogLine } from './backlog-line.js';
import { withImportMarker } from './import-marker.js';
import type { LineProblem, Located } from './parse-backlog.js';

export interface LengthFindings {
  problems: LineProblem[];
  warnings: LineProblem[];
}

export function checkLengths(lines: Located<BacklogLine>[]): LengthFindings {
  const findings: LengthFindings = { problems: [], warnings: [] };
  for (const { line, item } of lines) {
    const title = characterCount(item.title);
    if (item.type === 'epic') {
      checkEpic(line, item.id, title, findings);
      continue;
    }
    if (title > ISSUE_TITLE_MAX)
      findings.problems.push({
        line,
        message: `title is ${title} characters; GitHub allows at most ${ISSUE_TITLE_MAX}`,
      });
    const body = characterCount(withImportMarker(item.description, item.id));
    if (body > ISSUE_BODY_MAX)
      findings.problems.push({
        line,
        message: `description is too long: the issue body would be ${body} characters with Drover's import marker; GitHub allows at most ${ISSUE_BODY_MAX}`,
      });
  }
  return findings;
}

/** An epic is a label: its id is in the name, its title is the description. */
function checkEpic(line: number, id: string, title: number, findings: LengthFindings): void {
  const name = characterCount(epicLabelName(id));
  if (name > LABEL_NAME_MAX)
    findings.problems.push({
      line,
      message: `epic id "${id}" is too long for a label name (at most ${LABEL_NAME_MAX - (name - characterCount(id))} characters)`,
    });
  if (title > LABEL_DESCRIPTION_MAX)
    findings.warnings.push({
      line,
      message: `epic title is ${title} characters; it is kept as the label's description, which GitHub cuts at ${LABEL_DESCRIPTION_MAX}: it is shortened`,
    });
}
