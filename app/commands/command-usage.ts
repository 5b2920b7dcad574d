/** The one usage text every malformed command and `/drover help` answer with. */
export const COMMAND_USAGE = [
  '```',
  '/drover run [epic-x|x] [--workers N] [--budget USD]   start a run (all tasks, or one epic)',
  '/drover status                                        progress of the current run',
  '/drover plan                                          what would run next, the critical path, an ETA',
  '/drover pause                                         stop dispatching new attempts (running ones finish)',
  '/drover resume                                        dispatch again after a pause',
  '/drover retry #N                                      retry a failed or blocked task now',
  '/drover approve #N                                    approve a task and its text as they are now',
  '/drover reset #N [#M…] | --failed                     forget Drover state of those tasks (or of all failed ones)',
  '/drover cancel                                        cancel running attempts and end the run',
  '/drover revise TEXT                                   (on a Drover pull request) revise it as TEXT asks, on its branch',
  '/drover cleanup [AGE]                                 delete branches and claims of failed attempts older than AGE (default 7d)',
  '/drover spec PATH…                                    turn design documents (files or folders) into a backlog and import it',
  '/drover help                                          this text',
  '```',
].join('\n');
