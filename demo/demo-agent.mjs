#!/usr/bin/env node
/**
 * Drover's deterministic demo agent: instead of asking a model, it applies the change the
 * issue being worked describes. Run by the action's `command` agent in the workspace, with
 * DROVER_ISSUE (the issue: a sub-issue or the task), DROVER_ATTEMPT, DROVER_MODE and the prompt
 * in DROVER_PROMPT_FILE / DROVER_PROMPT (the issue bodies are in the prompt).
 *
 * An issue describes its change in fenced blocks whose info string names an operation:
 *
 *   ```drover-demo write src/words.js        the block's text becomes the file
 *   ```drover-demo append src/index.js       the block's text is appended to the file
 *   ```drover-demo write src/x.js attempt=1  only on that attempt (applied after the others)
 *   ```drover-demo write src/x.js mode=fix   only in a fix attempt (checks failed on the PR);
 *                                            mode=revise likewise; other blocks only implement
 *   ```drover-demo blocked                   declare the task blocked; the text is the reason
 *
 * In resolve mode (a pull request that conflicts with its base) it resolves every conflict in
 * the workspace by keeping both sides, ours first: right for the demo's "two tasks append to
 * the same file" conflict. In spec mode (`drover spec`, `/drover spec`) it plans nothing: it
 * writes the ```drover-backlog blocks of the design documents in the prompt to the backlog file
 * ($DROVER_SPEC_OUTPUT). Plain Node, no dependencies.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync, appendFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const workspace = process.cwd();

/** The prompt text, from the file when there is one (it is not limited by the environment's size). */
function readPrompt(env) {
  if (env.DROVER_PROMPT_FILE && existsSync(env.DROVER_PROMPT_FILE))
    return readFileSync(env.DROVER_PROMPT_FILE, 'utf8');
  return env.DROVER_PROMPT ?? '';
}

/** The prompt quotes issue text with `&`, `<` and `>` written as entities; this undoes it. */
function unescapeData(text) {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Every ```drover-demo block of a text, in order: { op, path, attempt, content }. */
export function parseDemoBlocks(prompt) {
  const text = unescapeData(prompt);
  const blocks = [];
  const fence = /^```drover-demo[ \t]*([^\n]*)\n([\s\S]*?)^```[ \t]*$/gm;
  for (const match of text.matchAll(fence)) {
    const words = match[1].trim().split(/\s+/).filter(Boolean);
    const attemptWord = words.find((word) => word.startsWith('attempt='));
    const modeWord = words.find((word) => word.startsWith('mode='));
    const [op, path] = words.filter((word) => word !== attemptWord && word !== modeWord);
    blocks.push({
      op,
      path,
      attempt: attemptWord ? Number(attemptWord.slice('attempt='.length)) : null,
      mode: modeWord ? modeWord.slice('mode='.length) : 'implement',
      content: match[2],
    });
  }
  return blocks;
}

/** The lines of every ```drover-backlog block of the prompt (the design documents quote them). */
export function parseBacklogBlocks(prompt) {
  const text = unescapeData(prompt);
  const fence = /^```drover-backlog[ \t]*\n([\s\S]*?)^```[ \t]*$/gm;
  return [...text.matchAll(fence)].map((match) => match[1]).join('');
}

function writeBacklog(env) {
  const backlog = parseBacklogBlocks(readPrompt(env));
  const target = insideWorkspace(env.DROVER_SPEC_OUTPUT ?? '.drover/backlog.jsonl');
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, backlog);
  const lines = backlog.split('\n').filter((line) => line.trim() !== '').length;
  console.log(`demo agent: wrote the ${lines} backlog line(s) the documents carry to ${relative(workspace, target)}`);
}

/**
 * The part of the prompt about one issue: from the line that names `#<issue>` as a heading-like
 * reference up to the next issue's heading. When the prompt holds one issue only, all of it.
 */
export function sectionFor(prompt, issue) {
  const headings = [...prompt.matchAll(/^.*#(\d+)\b.*$/gm)].filter((match) =>
    /^\s*(#{1,6}\s|[-*]?\s*(issue|task|sub-issue)\b)/i.test(match[0]),
  );
  const own = headings.findIndex((match) => Number(match[1]) === issue);
  if (own === -1) return prompt;
  const start = headings[own].index;
  const next = headings.slice(own + 1).find((match) => Number(match[1]) !== issue);
  return prompt.slice(start, next ? next.index : undefined);
}

/** Unqualified blocks first, then the ones for this attempt, so those override. */
export function blocksForAttempt(blocks, attempt) {
  return [
    ...blocks.filter((block) => block.attempt === null),
    ...blocks.filter((block) => block.attempt === attempt),
  ];
}

function insideWorkspace(path) {
  const absolute = resolve(workspace, path);
  if (absolute !== workspace && !absolute.startsWith(workspace + sep))
    throw new Error(`refusing to write outside the workspace: ${path}`);
  return absolute;
}

function apply(block) {
  if (block.op === 'blocked') {
    mkdirSync(join(workspace, '.drover'), { recursive: true });
    writeFileSync(
      join(workspace, '.drover', 'outcome.json'),
      JSON.stringify({ status: 'blocked', reason: block.content.trim() }),
    );
    return `declared blocked: ${block.content.trim()}`;
  }
  if (!block.path) throw new Error(`drover-demo ${block.op}: a path is required`);
  const file = insideWorkspace(block.path);
  mkdirSync(dirname(file), { recursive: true });
  if (block.op === 'write') writeFileSync(file, block.content);
  else if (block.op === 'append') appendFileSync(file, block.content);
  else throw new Error(`drover-demo: unknown operation "${block.op}" (write, append or blocked)`);
  return `${block.op} ${block.path}`;
}

/** Replace each conflict region by both sides (ours, then theirs); the base section of diff3 is dropped. */
export function keepBothSides(text) {
  return text.replace(
    /^<<<<<<< [^\n]*\n([\s\S]*?)(?:^\|\|\|\|\|\|\| [^\n]*\n[\s\S]*?)?^=======\n([\s\S]*?)^>>>>>>> [^\n]*(?:\n|$)/gm,
    '$1$2',
  );
}

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === '.git' || entry.name === 'node_modules') return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

function resolveConflicts() {
  const resolved = [];
  for (const file of filesUnder(workspace)) {
    const text = readFileSync(file, 'utf8');
    if (!/^<<<<<<< /m.test(text)) continue;
    writeFileSync(file, keepBothSides(text));
    resolved.push(relative(workspace, file));
  }
  return resolved;
}

function main(env) {
  const mode = env.DROVER_MODE ?? 'implement';
  if (mode === 'spec') {
    writeBacklog(env);
    return;
  }
  if (mode === 'resolve') {
    const resolved = resolveConflicts();
    console.log(
      `demo agent: resolved conflicts in ${resolved.join(', ') || 'no file'} by keeping both sides`,
    );
    return;
  }
  const issue = Number(env.DROVER_ISSUE);
  const attempt = Number(env.DROVER_ATTEMPT ?? '1');
  if (!Number.isInteger(issue) || issue <= 0)
    throw new Error('DROVER_ISSUE must name the issue being worked');
  const blocks = blocksForAttempt(
    parseDemoBlocks(sectionFor(readPrompt(env), issue)).filter((block) => block.mode === mode),
    attempt,
  );
  if (blocks.length === 0) {
    console.log(`demo agent: #${issue} describes no drover-demo change; nothing to do`);
    return;
  }
  for (const block of blocks) console.log(`demo agent: #${issue} attempt ${attempt}: ${apply(block)}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main(process.env);
  } catch (error) {
    console.error(`demo agent: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
