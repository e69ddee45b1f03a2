import { UnauthorizedError } from '../common/errors/domain-errors';

// The errors of signing in.

/**
 * No principal for the request: credentials missing, wrong or expired, or their user gone. The hint
 * says why when that can be told without revealing anything (an expired token, say).
 */
export class InvalidCredentialsError extends UnauthorizedError {
  constructor(hint?: string) {
    super(hint ? `Missing or invalid credentials: ${hint}` : 'Missing or invalid credentials');
  }
}
