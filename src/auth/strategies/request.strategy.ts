import { Strategy } from 'passport-strategy';

type Verify = (request: unknown, done: (error: unknown, user?: unknown) => void) => void;

/**
 * A passport strategy that hands the whole request to `validate(request)`: for credentials that
 * are not a bearer token (Basic, the session cookie). A request without them fails quietly, so the
 * next strategy is tried.
 */
export class RequestStrategy extends Strategy {
  constructor(private readonly verify: Verify) {
    super();
  }

  override authenticate(request: unknown): void {
    this.verify(request, (error, user) => {
      if (error) this.error(error as Error);
      else if (user) this.success(user);
      else this.fail(401);
    });
  }
}
