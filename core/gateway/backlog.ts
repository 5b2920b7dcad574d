/** Creating a backlog's issues: the importer of `drover import-jsonl` (cli/backlog), run as the app. */

export interface BacklogImported {
  /** Backlog id → issue number, for every story and task. */
  numbers: Record<string, number>;
  issuesCreated: number;
  issuesExisting: number;
  /** What GitHub did not take as asked, and how it was recorded instead. */
  warnings: string[];
}

export interface BacklogGateway {
  /**
   * Imports a backlog in the import format (JSONL), idempotently by ids: issues already carrying
   * a line's import marker are reused. Throws when the text does not pass the importer's checks.
   */
  importJsonl(text: string): Promise<BacklogImported>;
}
