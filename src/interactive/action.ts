import type { Session } from './session.js';

/**
 * One entry of the session's menu. `run` does the work through the session
 * (which refuses contradictions and keeps the history); returning 'quit' ends
 * the session. `disabled` greys the entry out, with the reason shown.
 */
export interface Action {
  name: string;
  value: string;
  description?: string;
  disabled?: (s: Session) => false | string;
  run: (s: Session) => Promise<'quit' | void> | 'quit' | void;
}
