/** Where the action writes its log; every line goes through the redactor first. */
import type { Redactor } from './model-keys.js';

export interface Logger {
  info(message: string): void;
  warning(message: string): void;
  group<T>(title: string, body: () => Promise<T>): Promise<T>;
}

export function redactingLogger(inner: Logger, redact: Redactor): Logger {
  return {
    info: (message) => inner.info(redact(message)),
    warning: (message) => inner.warning(redact(message)),
    group: (title, body) => inner.group(redact(title), body),
  };
}
