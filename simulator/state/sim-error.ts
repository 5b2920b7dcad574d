/**
 * An error with GitHub's HTTP status and body shape (`{ message, errors?, documentation_url }`).
 * The store throws it for bad input; REST answers it as is, GraphQL turns it into an error entry.
 */
export interface ValidationErrorItem {
  resource: string;
  field?: string;
  code: string;
  message?: string;
}

export class SimError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: ValidationErrorItem[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = (): SimError => new SimError(404, 'Not Found');

export const validationFailed = (errors: ValidationErrorItem[], message = 'Validation Failed'): SimError =>
  new SimError(422, message, errors);
