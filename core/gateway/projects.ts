/** GitHub Projects (v2): the board's Status field follows each task's state (optional). */

export interface ProjectStatusField {
  projectId: string;
  fieldId: string;
  /** Option name → option id. */
  options: Record<string, string>;
}

export interface ProjectsGateway {
  findStatusField(owner: string, number: number, field: string): Promise<ProjectStatusField | null>;
  setStatus(field: ProjectStatusField, issueNodeId: string, option: string): Promise<void>;
  /** Each issue's current option name in the field (null when not on the project or unset). */
  readStatuses(field: ProjectStatusField, issueNodeIds: string[]): Promise<Map<string, string | null>>;
}
